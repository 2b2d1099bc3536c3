package relocate.blob.copy;

/**
 * Why one blob of a page was not copied.
 *
 * @param problem   a sentence about the key, for people
 * @param retryable whether copying the page again unchanged may succeed (it cannot for a key that differs on
 *                  the target, nor for one missing from the source)
 */
public record CopyProblem(String key, Kind kind, String problem, boolean retryable) {

    public enum Kind {
        /** The target holds another object under the key, which this migration did not write: left untouched. */
        CONFLICT,
        /** The listing names a blob the source does not have, or not with the listed size. */
        SOURCE_MISMATCH,
        /** The bytes changed while they were copied, or the target returned other bytes than were written. */
        CONTENT_MISMATCH,
        /** The target cannot hold the key (a file store and a key such as {@code a/../b}). */
        INVALID_KEY
    }
}
