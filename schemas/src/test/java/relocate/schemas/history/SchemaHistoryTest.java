package relocate.schemas.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import relocate.schemas.history.SchemaHistory.Finding;

/**
 * Runs in every build: the build fails when a contract can no longer read one of its published
 * versions, or was changed without being published. With {@code -Dschemas.publish=true} it first
 * publishes the changed contracts (see schemas/README.md).
 */
class SchemaHistoryTest {

    private static final SchemaHistory FIXTURE_HISTORY = new SchemaHistory(resource("/schema-history/history"));

    @Test
    void theContractsReadEveryPublishedVersionAndArePublished() {
        SchemaHistory history = new SchemaHistory(SchemaHistory.SOURCE_DIRECTORY);
        if (Boolean.getBoolean("schemas.publish")) {
            PublishSchemas.publish(history, Contracts.TOP_LEVEL)
                    .forEach(v -> System.out.println("Published " + v.fullName() + " v" + v.number() + ": " + v.file()));
        }
        List<Finding> findings = history.check(Contracts.TOP_LEVEL);
        assertTrue(findings.isEmpty(), () -> "\n" + SchemaHistory.describe(findings));
        for (Schema contract : Contracts.TOP_LEVEL) {
            assertFalse(history.versions(contract.getFullName()).isEmpty(), contract.getFullName() + " has a v1");
        }
    }

    @Test
    void everyTopLevelAvscIsAVersionedContract() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> declared = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src", "main", "avro"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                JsonNode schema = json.readTree(file.toFile());
                declared.add(schema.path("namespace").asText() + "." + schema.path("name").asText());
            }
        }
        Set<String> contracts = Contracts.TOP_LEVEL.stream().map(Schema::getFullName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, contracts, "every .avsc directly in src/main/avro is listed in Contracts.TOP_LEVEL");
    }

    @Test
    void fieldAddedWithoutDefaultIsRejectedNamingTheField() {
        List<Finding> findings = FIXTURE_HISTORY.check(current("field-without-default"));

        assertEquals(2, findings.size(), "incompatible with v1 and v2: " + findings);
        assertTrue(findings.stream().allMatch(f -> f.kind() == Finding.Kind.INCOMPATIBLE));
        String message = findings.get(0).message();
        assertTrue(message.contains("Order.currency"), message);
        assertTrue(message.contains("has no default"), message);
        assertTrue(message.contains("v1 ("), message);
        assertTrue(findings.get(1).message().contains("v2 ("), findings.get(1).message());
    }

    @Test
    void changedFieldTypeIsRejectedNamingTheField() {
        List<Finding> findings = FIXTURE_HISTORY.check(current("type-changed"));

        assertFalse(findings.isEmpty());
        String message = findings.get(0).message();
        assertEquals(Finding.Kind.INCOMPATIBLE, findings.get(0).kind());
        assertTrue(message.contains("Order.amount"), message);
        assertTrue(message.contains("STRING not compatible with writer type: INT"), message);
    }

    @Test
    void everyPublishedVersionIsCheckedNotOnlyTheNewest() {
        // "note" is in v2 but not in v1: dropping its default breaks reading v1 only
        List<Finding> findings = FIXTURE_HISTORY.check(current("default-dropped"));

        assertEquals(1, findings.size(), findings.toString());
        String message = findings.get(0).message();
        assertTrue(message.contains("published v1 ("), message);
        assertTrue(message.contains("Order.note"), message);
    }

    @Test
    void fieldAddedInsideAUnionBranchIsNamed() {
        List<Finding> findings = FIXTURE_HISTORY.check(current("branch-field-without-default"));

        assertFalse(findings.isEmpty());
        String message = findings.get(0).message();
        assertTrue(message.contains("Order.payload<Placed>.placedAt"), message);
    }

    @Test
    void fieldWithDefaultIsCompatibleAndMustBePublished(@TempDir Path temp) throws IOException {
        SchemaHistory history = new SchemaHistory(copyOfFixtureHistory(temp));
        Schema current = current("field-with-default");

        List<Finding> before = history.check(current);
        assertEquals(1, before.size(), before.toString());
        assertEquals(Finding.Kind.UNPUBLISHED, before.get(0).kind());
        assertTrue(before.get(0).message().contains(SchemaHistory.PUBLISH_COMMAND), before.get(0).message());
        assertTrue(before.get(0).message().contains("v3.avsc"), before.get(0).message());

        List<SchemaHistory.Version> written = PublishSchemas.publish(history, List.of(current));

        assertEquals(1, written.size());
        assertEquals(3, written.get(0).number());
        assertEquals(temp.resolve("fixture.Order").resolve("v3.avsc"), written.get(0).file());
        assertEquals(current, history.versions("fixture.Order").get(2).schema());
        assertEquals(List.of(), history.check(current));
        assertEquals(List.of(), PublishSchemas.publish(history, List.of(current)), "publishing twice writes nothing");
    }

    @Test
    void appendedUnionBranchIsCompatible() {
        List<Finding> findings = FIXTURE_HISTORY.check(current("union-branch-appended"));

        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.Kind.UNPUBLISHED, findings.get(0).kind());
    }

    @Test
    void unchangedContractHasNoFindings() {
        assertEquals(List.of(), FIXTURE_HISTORY.check(current("unchanged")));
    }

    @Test
    void publishingRefusesAnIncompatibleChangeAndWritesNothing(@TempDir Path temp) throws IOException {
        SchemaHistory history = new SchemaHistory(copyOfFixtureHistory(temp));

        SchemaHistoryException refused = assertThrows(SchemaHistoryException.class,
                () -> PublishSchemas.publish(history, List.of(current("field-with-default"), current("type-changed"))));

        assertTrue(refused.getMessage().contains("Order.amount"), refused.getMessage());
        assertEquals(2, history.versions("fixture.Order").size());
    }

    @Test
    void contractWithoutHistoryIsUnpublished(@TempDir Path temp) {
        List<Finding> findings = new SchemaHistory(temp).check(current("unchanged"));

        assertEquals(1, findings.size());
        assertEquals(Finding.Kind.UNPUBLISHED, findings.get(0).kind());
        assertTrue(findings.get(0).message().contains("no published version"), findings.get(0).message());
    }

    @Test
    void aMissingVersionIsReported(@TempDir Path temp) throws IOException {
        Path history = copyOfFixtureHistory(temp);
        Files.move(history.resolve("fixture.Order/v2.avsc"), history.resolve("fixture.Order/v3.avsc"));

        SchemaHistoryException damaged = assertThrows(SchemaHistoryException.class,
                () -> new SchemaHistory(history).versions("fixture.Order"));

        assertTrue(damaged.getMessage().contains("no v2.avsc"), damaged.getMessage());
    }

    private static Schema current(String name) {
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/schema-history/current/" + name + ".avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copyOfFixtureHistory(Path temp) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("fixture.Order"));
        for (String version : List.of("v1.avsc", "v2.avsc")) {
            Files.copy(resource("/schema-history/history/fixture.Order/" + version), folder.resolve(version));
        }
        return temp;
    }

    private static Path resource(String name) {
        try {
            return Path.of(SchemaHistoryTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
