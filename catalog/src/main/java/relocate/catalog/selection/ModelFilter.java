package relocate.catalog.selection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;

/**
 * Which of a domain's models a migration moves, as the manual runbooks chose them with their include,
 * exclude and object-filter options.
 *
 * <p>Include and exclude patterns are globs: {@code *} stands for any run of characters, {@code ?} for
 * one character, everything else for itself (case matters, as it does for quoted PostgreSQL names).
 * A pattern matches a model when it matches the whole of either its qualified name {@code schema.table}
 * or its bare table name, so {@code cases}, {@code case*}, {@code public.case*} and {@code *.cases} all
 * match {@code public.cases}.
 *
 * <p>The object filter is a Java regular expression looked for anywhere in {@code schema.table}
 * ({@link java.util.regex.Matcher#find()}, not a whole match): {@code indices$} keeps
 * {@code public.case_indices}, {@code ^public\.case} keeps every {@code public.case...} model. It narrows
 * what is loaded, not what is dumped, so that a dump made once can be loaded again for a few models.
 *
 * @param include      models to move; empty means every model of the domain
 * @param exclude      models to leave out, even when included
 * @param objectFilter a regular expression the model must contain to be loaded, or null to load all dumped models
 */
public record ModelFilter(List<String> include, List<String> exclude, String objectFilter) {

    private static final String PATTERN_EXAMPLE = "give a table name or a glob such as 'cases', 'case*' or 'public.case_?ndices'";
    private static final String REGEX_EXAMPLE =
            "give a Java regular expression looked for in schema.table, e.g. 'indices$' or '^public\\.case'";

    public ModelFilter {
        include = checkPatterns("include", include);
        exclude = checkPatterns("exclude", exclude);
        if (objectFilter != null) {
            compileObjectFilter(objectFilter);
        }
    }

    /** Every model, dumped and loaded. */
    public static ModelFilter everything() {
        return new ModelFilter(List.of(), List.of(), null);
    }

    /**
     * The filter an operator's options describe. Null lists mean no patterns; patterns are trimmed; a
     * blank object filter means none.
     *
     * @throws IllegalArgumentException naming the pattern or regular expression that is not valid
     */
    public static ModelFilter parse(List<String> include, List<String> exclude, String objectFilter) {
        return new ModelFilter(trimmed("include", include), trimmed("exclude", exclude),
                objectFilter == null || objectFilter.isBlank() ? null : objectFilter);
    }

    /** Whether the model's rows are dumped: it is included (all are when there is no include) and not excluded. */
    public boolean dumps(TableName table) {
        return (include.isEmpty() || matchesAny(include, table)) && !matchesAny(exclude, table);
    }

    /** Whether the model's rows are loaded: it is dumped and its qualified name contains the object filter. */
    public boolean loads(TableName table) {
        return dumps(table) && (objectFilter == null || compileObjectFilter(objectFilter).matcher(table.toString()).find());
    }

    /**
     * The include and exclude patterns that match none of the domain's models, in the order given,
     * each once: most likely typos, which an operator should hear about before a migration skips a model.
     */
    public List<String> unmatched(DomainModel domain) {
        Set<String> unmatched = new LinkedHashSet<>();
        for (String pattern : concat(include, exclude)) {
            Pattern glob = glob(pattern);
            if (domain.models().stream().map(Model::name).noneMatch(name -> matches(glob, name))) {
                unmatched.add(pattern);
            }
        }
        return List.copyOf(unmatched);
    }

    /**
     * This filter with the named groups' patterns added to its include patterns. An include that was
     * empty (every model) then holds only the groups' patterns: naming groups chooses those models.
     *
     * @throws IllegalArgumentException for a group {@code groups} does not define, listing those it does
     */
    public ModelFilter withGroups(List<String> groupNames, DumperGroups groups) {
        Set<String> patterns = new LinkedHashSet<>(include);
        for (String groupName : groupNames) {
            patterns.addAll(groups.patterns(groupName));
        }
        return new ModelFilter(List.copyOf(patterns), exclude, objectFilter);
    }

    /** Rejects a pattern that could never name a model on purpose; {@code owner} says where it was given. */
    static String checkPattern(String owner, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(owner + " has an empty pattern: " + PATTERN_EXAMPLE);
        }
        return pattern;
    }

    private static List<String> checkPatterns(String owner, List<String> patterns) {
        Objects.requireNonNull(patterns, owner);
        patterns.forEach(pattern -> checkPattern(owner, pattern));
        return List.copyOf(patterns);
    }

    private static List<String> trimmed(String owner, List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        return patterns.stream().map(pattern -> checkPattern(owner, pattern).trim()).toList();
    }

    private static Pattern compileObjectFilter(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            throw new IllegalArgumentException("object filter '" + regex + "' is not a valid regular expression: "
                    + e.getDescription() + where + "; " + REGEX_EXAMPLE, e);
        }
    }

    private static boolean matchesAny(List<String> patterns, TableName table) {
        return patterns.stream().anyMatch(pattern -> matches(glob(pattern), table));
    }

    private static boolean matches(Pattern glob, TableName table) {
        return glob.matcher(table.toString()).matches() || glob.matcher(table.name()).matches();
    }

    /** The glob as a regular expression: {@code *} and {@code ?} are wildcards, every other character is literal. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
