package relocate.blob.undo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.OptionalInt;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.ParallelWork;
import relocate.blob.page.BlobNames;
import relocate.blob.page.CopyJournal;
import relocate.blob.page.PageReceipt;
import relocate.blob.store.BlobStore;

/**
 * The undo of the blob copy (for abort): deletes from the target exactly the keys in the migration's copy
 * journals, the keys its copies wrote or were about to write, and nothing else: a blob that was on the
 * target before, identical, was never journaled and stays.
 *
 * <p>Resumable: a page's journal is removed only once all its keys are deleted, and deleting a key that is
 * gone does nothing, so an undo that stopped half-way is simply run again.
 */
public final class BlobUndo {

    private static final Logger LOG = LoggerFactory.getLogger(BlobUndo.class);

    private final ArtifactStore artifacts;
    private final BlobStore target;
    private final int parallelism;

    public BlobUndo(ArtifactStore artifacts, BlobStore target, int parallelism) {
        this.artifacts = artifacts;
        this.target = target;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Undoes every page that has a journal. */
    public UndoResult undo(String migrationId) throws IOException {
        TreeSet<Integer> pages = new TreeSet<>();
        for (String name : artifacts.list(migrationId)) {
            OptionalInt page = BlobNames.journalPage(name);
            page.ifPresent(pages::add);
        }
        UndoResult total = new UndoResult(0, 0);
        for (int page : pages) {
            total = total.plus(undoPage(migrationId, page));
        }
        LOG.info("blob copy of migration {} undone: {} keys of {} pages deleted from {}", migrationId, total.keys(),
                total.pages(), target.describe());
        return total;
    }

    /** Undoes one page: its receipt goes first (it would vouch for blobs about to be deleted), its journal last. */
    public UndoResult undoPage(String migrationId, int page) throws IOException {
        var keys = CopyJournal.read(artifacts, migrationId, page);
        PageReceipt.delete(artifacts, migrationId, page);
        ParallelWork.forEach(new ArrayList<>(keys), parallelism, "blob-undo-" + page, target::delete);
        CopyJournal.delete(artifacts, migrationId, page);
        return new UndoResult(keys.isEmpty() ? 0 : 1, keys.size());
    }
}
