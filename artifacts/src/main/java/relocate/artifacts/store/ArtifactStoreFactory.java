package relocate.artifacts.store;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;

import relocate.artifacts.compression.ChunkCompression;

/**
 * The artifact store of a Relocate process: the directory dumpers write chunks into and loaders read
 * them from ({@code relocate.artifacts.dir}); every instance of both must see the same one.
 * {@code relocate.artifacts.compression} ({@code none}, {@code lz4}, {@code gzip}; none by default) is how
 * this process's dumper compresses the chunks it writes; loaders follow the manifest, whatever their own.
 */
@Factory
public class ArtifactStoreFactory {

    @Singleton
    ArtifactStore artifactStore(@Value("${relocate.artifacts.dir:.relocate/artifacts}") String dir,
                                @Value("${" + ChunkCompression.SETTING + ":none}") String compression) {
        return new FileArtifactStore(Path.of(dir), compression(compression));
    }

    static ChunkCompression compression(String setting) {
        try {
            return ChunkCompression.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ChunkCompression.SETTING + ": " + e.getMessage(), e);
        }
    }
}
