package relocate.blob.verify;

import java.util.List;

/**
 * The verification of one page: every blob checked on the target, every problem named.
 *
 * @param blobs the page's blobs
 * @param bytes their bytes, as listed
 */
public record PageVerification(int page, int blobs, long bytes, List<BlobProblem> problems) {

    public PageVerification {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
