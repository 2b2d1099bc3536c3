package relocate.blob.store;

import java.io.IOException;

/** Receives items one at a time as a listing streams them. */
@FunctionalInterface
public interface BlobVisitor<T> {

    void visit(T item) throws IOException;
}
