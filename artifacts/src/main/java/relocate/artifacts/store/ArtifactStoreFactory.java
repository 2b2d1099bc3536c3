package relocate.artifacts.store;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The artifact store of a Relocate process: the directory dumpers write chunks into and loaders read
 * them from ({@code relocate.artifacts.dir}); every instance of both must see the same one.
 */
@Factory
public class ArtifactStoreFactory {

    @Singleton
    ArtifactStore artifactStore(@Value("${relocate.artifacts.dir:.relocate/artifacts}") String dir) {
        return new FileArtifactStore(Path.of(dir));
    }
}
