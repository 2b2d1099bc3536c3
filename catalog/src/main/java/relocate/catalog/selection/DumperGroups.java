package relocate.catalog.selection;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named sets of include patterns, so that an operator can move {@code core} or {@code cases} instead
 * of spelling out their tables each time (see {@link ModelFilter#withGroups}).
 *
 * <p>{@link #parse(String)} reads {@code core=users,location*;cases=cases,case_indices}: groups are
 * separated by {@code ;}, each is {@code name=pattern,pattern,...}. Whitespace around names and
 * patterns is ignored, as is an empty group entry (a trailing {@code ;}). A name is letters, digits,
 * {@code _} and {@code -}; patterns are {@link ModelFilter} globs.
 *
 * @param groups each group's patterns, by group name
 */
public record DumperGroups(Map<String, List<String>> groups) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String SYNTAX_EXAMPLE = "write groups as 'core=users,location*;cases=cases,case_indices'";

    public DumperGroups {
        Map<String, List<String>> checked = new TreeMap<>();
        Objects.requireNonNull(groups, "groups").forEach((name, patterns) -> {
            checkName(name);
            if (patterns == null || patterns.isEmpty()) {
                throw new IllegalArgumentException("dumper group '" + name + "' has no patterns; " + SYNTAX_EXAMPLE);
            }
            patterns.forEach(pattern -> ModelFilter.checkPattern("dumper group '" + name + "'", pattern));
            checked.put(name, List.copyOf(patterns));
        });
        groups = Collections.unmodifiableMap(checked);
    }

    public static DumperGroups none() {
        return new DumperGroups(Map.of());
    }

    /**
     * The groups {@code core=users,location*;cases=cases,case_indices} defines; none for null or blank text.
     *
     * @throws IllegalArgumentException naming the entry that does not follow the syntax, or a group defined twice
     */
    public static DumperGroups parse(String text) {
        if (text == null) {
            return none();
        }
        Map<String, List<String>> groups = new TreeMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("dumper group entry '" + entry.trim() + "' has no '='; " + SYNTAX_EXAMPLE);
            }
            String name = checkName(entry.substring(0, equals).trim());
            List<String> patterns = List.of(entry.substring(equals + 1).split(",", -1)).stream()
                    .map(pattern -> ModelFilter.checkPattern("dumper group '" + name + "'", pattern).trim())
                    .toList();
            if (groups.put(name, patterns) != null) {
                throw new IllegalArgumentException("dumper group '" + name + "' is defined twice; give each group once");
            }
        }
        return new DumperGroups(groups);
    }

    /** Group names, sorted. */
    public Set<String> names() {
        return groups.keySet();
    }

    /**
     * The group's patterns.
     *
     * @throws IllegalArgumentException when there is no such group, listing the groups there are
     */
    public List<String> patterns(String name) {
        List<String> patterns = groups.get(name);
        if (patterns == null) {
            throw new IllegalArgumentException("there is no dumper group '" + name + "'; "
                    + (groups.isEmpty() ? "no groups are defined" : "known groups: " + String.join(", ", names())));
        }
        return patterns;
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dumper group name '" + name
                    + "' is not valid: use letters, digits, '_' and '-'; " + SYNTAX_EXAMPLE);
        }
        return name;
    }
}
