package relocate.blob.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store that counts the calls made to it, so that tests can tell what work was done (e.g. no reads). */
public final class CountingBlobStore implements BlobStore {

    private final BlobStore store;
    public final AtomicInteger heads = new AtomicInteger();
    public final AtomicInteger opens = new AtomicInteger();
    public final AtomicInteger puts = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();

    public CountingBlobStore(BlobStore store) {
        this.store = store;
    }

    public void reset() {
        heads.set(0);
        opens.set(0);
        puts.set(0);
        deletes.set(0);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void check() throws BlobStoreException {
        store.check();
    }

    @Override
    public Optional<BlobInfo> head(String key) throws BlobStoreException {
        heads.incrementAndGet();
        return store.head(key);
    }

    @Override
    public BlobStream open(String key) throws BlobStoreException {
        opens.incrementAndGet();
        return store.open(key);
    }

    @Override
    public String put(String key, InputStream content, long size, String sha256, String contentType)
            throws BlobStoreException {
        puts.incrementAndGet();
        return store.put(key, content, size, sha256, contentType);
    }

    @Override
    public void delete(String key) throws BlobStoreException {
        deletes.incrementAndGet();
        store.delete(key);
    }

    @Override
    public void list(String prefix, BlobVisitor<BlobInfo> visitor) throws IOException {
        store.list(prefix, visitor);
    }

    @Override
    public void close() {
        store.close();
    }
}
