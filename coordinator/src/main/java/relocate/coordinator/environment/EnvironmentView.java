package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** An environment as the API shows it: never a secret, only whether one is set. */
@Serdeable
public record EnvironmentView(String name, String jdbcUrl, String user, String tenantColumn, boolean passwordSet,
                              Instant createdAt, Instant updatedAt, BlobStoreView blobStore, DnsView dns,
                              String declarations) {
    static EnvironmentView of(Environment e) {
        return new EnvironmentView(e.name(), e.jdbcUrl(), e.dbUser(), e.tenantColumn(), !e.sealedPassword().isEmpty(),
                e.createdAt(), e.updatedAt(), EnvironmentParts.blobStore(e).map(BlobStoreView::of).orElse(null),
                EnvironmentParts.dns(e).map(DnsView::of).orElse(null), e.declarations());
    }

    @Serdeable
    public record BlobStoreView(String kind, String path, String endpoint, String region, String bucket, String prefix,
                                boolean pathStyle, String accessKeyId, boolean secretSet, String listQuery,
                                String listPrefix) {
        static BlobStoreView of(StoredBlobStore b) {
            return new BlobStoreView(b.kind(), b.path(), b.endpoint(), b.region(), b.bucket(), b.prefix(), b.pathStyle(),
                    b.accessKeyId(), !b.sealedSecretKey().isEmpty(), b.listQuery(), b.listPrefix());
        }
    }

    @Serdeable
    public record DnsView(String server, int port, String zone, String record, String address, String keyName,
                          String keyAlgorithm, int ttl) {
        static DnsView of(StoredDns d) {
            return new DnsView(d.server(), d.port(), d.zone(), d.record(), d.address(), d.keyName(), d.keyAlgorithm(),
                    d.ttl());
        }
    }
}
