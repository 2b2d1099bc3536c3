package relocate.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import relocate.blob.listing.BlobListing;
import relocate.blob.store.BlobStoreSettings;

/**
 * Which blob store an offline export or import works on: the one of an environment registered with the
 * coordinator (the {@code --env} of {@link DatabaseOptions}), or a directory given here ({@code --blob-dir}).
 * An S3 secret is never an argument: it comes from the environment variable named by {@code --s3-secret-env}.
 */
public final class BlobStoreOptions {
    @Option(names = "--blob-dir", description = "a directory holding the blobs, when the environment is not registered")
    Path blobDir;
    @Option(names = "--s3-secret-env", defaultValue = "RELOCATE_S3_SECRET",
            description = "the environment variable holding the S3 secret key (default: ${DEFAULT-VALUE})")
    String secretEnv;

    /** The store, and how the domain's blobs are listed in it. */
    public record Resolved(BlobStoreSettings settings, BlobListing listing) {
    }

    Resolved resolve(DatabaseOptions database) {
        if (blobDir != null) {
            return new Resolved(BlobStoreSettings.filesystem(blobDir.toString(), blobDir),
                    new BlobListing.Prefix("{domain}/"));
        }
        if (database.env == null) {
            throw new IllegalArgumentException("give --env <name> (a registered environment with a blob store) or "
                    + "--blob-dir <directory>");
        }
        JsonNode b = database.coordinator.client().get("/environments/" + database.env).path("blobStore");
        if (b.isMissingNode() || b.isNull()) {
            throw new IllegalArgumentException("environment " + database.env + " has no blob store: register one with "
                    + "`relocate env add " + database.env + " ... --blob-dir <dir>` (or --s3-bucket ...)");
        }
        String key = text(b, "accessKeyId");
        BlobStoreSettings settings = "fs".equals(text(b, "kind"))
                ? BlobStoreSettings.filesystem(database.env, Path.of(text(b, "path")))
                : BlobStoreSettings.s3(database.env, text(b, "endpoint") == null ? null : URI.create(text(b, "endpoint")),
                text(b, "region"), text(b, "bucket"), text(b, "prefix"), b.path("pathStyle").asBoolean(true), key,
                key == null ? null : System.getenv(secretEnv));
        BlobListing listing = text(b, "listQuery") != null ? new BlobListing.Query(text(b, "listQuery"))
                : new BlobListing.Prefix(text(b, "listPrefix"));
        return new Resolved(settings, listing);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
