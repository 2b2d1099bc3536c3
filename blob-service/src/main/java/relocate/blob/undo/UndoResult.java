package relocate.blob.undo;

/**
 * What an undo removed from the target.
 *
 * @param pages pages whose journal was undone
 * @param keys  journaled keys deleted from the target (a key the crashed upload never wrote counts too: its
 *              delete found nothing)
 */
public record UndoResult(int pages, int keys) {

    public UndoResult plus(UndoResult other) {
        return new UndoResult(pages + other.pages, keys + other.keys);
    }
}
