package relocate.schemas.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import relocate.schemas.compatibility.ReadCompatibility;

/**
 * Every published version of each top-level contract, kept as {@code <directory>/<FullName>/vN.avsc}
 * (standalone schemas, v1, v2, ... without gaps). Data written with any published version may still
 * sit on a topic or in a store, so the current schema must read every one of them (Avro schema
 * resolution, reader = current, writer = old), and a change must be published as the next version.
 */
public final class SchemaHistory {

    /** Where the history lives, relative to the schemas module. */
    public static final Path SOURCE_DIRECTORY = Path.of("src", "main", "avro-history");

    /** How a person publishes the current contracts (see schemas/README.md). */
    public static final String PUBLISH_COMMAND =
            "./mvnw -q -o test -pl schemas -Dtest=SchemaHistoryTest -Dschemas.publish=true";

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    private final Path directory;

    public SchemaHistory(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** One published version of a contract. */
    public record Version(String fullName, int number, Path file, Schema schema) {
    }

    /** Something wrong with a contract against its history. */
    public record Finding(String fullName, Kind kind, String message) {
        public enum Kind {
            /** The current schema cannot read a published version: the build must fail. */
            INCOMPATIBLE,
            /** The current schema is compatible but differs from the newest published version (or none is). */
            UNPUBLISHED
        }
    }

    /** The published versions of a contract, oldest first; empty when none is. */
    public List<Version> versions(String fullName) {
        Path folder = directory.resolve(fullName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Version> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
                if (!matcher.matches()) {
                    throw new SchemaHistoryException("Unexpected file " + file + " in the schema history: only v1.avsc,"
                            + " v2.avsc, ... belong in " + folder + ". Move it elsewhere.");
                }
                versions.add(new Version(fullName, Integer.parseInt(matcher.group(1)), file, parse(file, fullName)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the schema history folder " + folder, e);
        }
        versions.sort(Comparator.comparingInt(Version::number));
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() != i + 1) {
                throw new SchemaHistoryException("The schema history of " + fullName + " in " + folder + " has no v"
                        + (i + 1) + ".avsc (found v" + versions.get(i).number() + ".avsc): published versions are"
                        + " never deleted; restore it from version control.");
            }
        }
        return List.copyOf(versions);
    }

    /** What is wrong with {@code current} against its history; empty when it is published and compatible. */
    public List<Finding> check(Schema current) {
        String name = current.getFullName();
        List<Version> versions = versions(name);
        if (versions.isEmpty()) {
            return List.of(new Finding(name, Finding.Kind.UNPUBLISHED, name + " has no published version (no "
                    + directory.resolve(name).resolve("v1.avsc") + "). Publish it with `" + PUBLISH_COMMAND
                    + "` and commit the new file."));
        }
        List<Finding> findings = new ArrayList<>();
        for (Version version : versions) {
            List<String> problems = ReadCompatibility.problems(current, version.schema());
            if (!problems.isEmpty()) {
                findings.add(new Finding(name, Finding.Kind.INCOMPATIBLE, name + " as it is now cannot read data"
                        + " written with its published v" + version.number() + " (" + version.file() + "): "
                        + String.join("; ", problems) + ". Such data may still be on a topic or in a store:"
                        + " make the change compatible; published versions are never edited."));
            }
        }
        Version newest = versions.get(versions.size() - 1);
        // Schema.equals compares names, types, defaults, order and properties (not docs): what resolution uses
        if (findings.isEmpty() && !current.equals(newest.schema())) {
            findings.add(new Finding(name, Finding.Kind.UNPUBLISHED, name + " changed since its newest published"
                    + " version v" + newest.number() + " (" + newest.file() + "). The change is compatible but not"
                    + " published: run `" + PUBLISH_COMMAND + "` to write v" + (newest.number() + 1)
                    + ".avsc, and commit it."));
        }
        return findings;
    }

    /** The findings of every contract. */
    public List<Finding> check(Collection<Schema> currents) {
        List<Finding> findings = new ArrayList<>();
        for (Schema current : currents) {
            findings.addAll(check(current));
        }
        return findings;
    }

    /**
     * Fails, for people, when any contract cannot read one of its published versions or is not published.
     *
     * @throws SchemaHistoryException listing every finding
     */
    public void verify(Collection<Schema> currents) {
        List<Finding> findings = check(currents);
        if (!findings.isEmpty()) {
            throw new SchemaHistoryException(describe(findings));
        }
    }

    /**
     * Writes {@code current} as the contract's next version when it differs from the newest one.
     *
     * @return the version written, or empty when the current schema is already published
     * @throws SchemaHistoryException when the current schema cannot read a published version
     */
    public Optional<Version> publish(Schema current) {
        List<Finding> findings = check(current);
        if (findings.stream().anyMatch(f -> f.kind() == Finding.Kind.INCOMPATIBLE)) {
            throw new SchemaHistoryException("Not published: " + describe(findings));
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        String name = current.getFullName();
        int number = versions(name).size() + 1;
        Path file = directory.resolve(name).resolve("v" + number + ".avsc");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return Optional.of(new Version(name, number, file, parse(file, name)));
    }

    /** The findings as one message, one paragraph each. */
    public static String describe(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding finding : findings) {
            text.append(text.length() == 0 ? "" : "\n").append("- ").append(finding.message());
        }
        return text.toString();
    }

    private static Schema parse(Path file, String fullName) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (SchemaParseException e) {
            throw new SchemaHistoryException(file + " is not a valid standalone Avro schema (" + e.getMessage()
                    + "). A published version is written once by the publisher and never edited: restore it from"
                    + " version control.");
        }
        if (!schema.getFullName().equals(fullName)) {
            throw new SchemaHistoryException(file + " holds " + schema.getFullName() + ", but its folder says "
                    + fullName + ". Restore the file from version control.");
        }
        return schema;
    }
}
