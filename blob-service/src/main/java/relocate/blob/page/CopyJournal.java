package relocate.blob.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import relocate.artifacts.store.ArtifactStore;

/**
 * The keys a page of a migration wrote to the target, in {@code blobs/copied-NNNNN.keys}: what abort deletes,
 * and the only keys a copy may replace. A key is added <em>before</em> its upload starts, so that a crash
 * during the upload still leaves it to be deleted; a key that was on the target already is never added, so
 * undo never deletes what the migration did not write.
 */
public final class CopyJournal {

    private CopyJournal() {
    }

    /** The page's journaled keys, in the order they were added; empty when the page wrote nothing. */
    public static Set<String> read(ArtifactStore artifacts, String migrationId, int page) throws IOException {
        String name = BlobNames.journal(page);
        Set<String> keys = new LinkedHashSet<>();
        if (!artifacts.exists(migrationId, name)) {
            return keys;
        }
        try (InputStream in = artifacts.open(migrationId, name);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty()) {
                    keys.add(KeyLines.decode(line));
                }
            }
        }
        return keys;
    }

    /**
     * Adds keys to the page's journal (keeping every key it had), and returns all its keys; writes nothing
     * when every key is in it already.
     */
    public static Set<String> add(ArtifactStore artifacts, String migrationId, int page, Collection<String> keys)
            throws IOException {
        Set<String> all = read(artifacts, migrationId, page);
        if (all.containsAll(keys)) {
            return all;
        }
        all.addAll(keys);
        BlobFiles.write(artifacts, migrationId, BlobNames.journal(page), out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (String key : all) {
                writer.write(KeyLines.encode(key));
                writer.write('\n');
            }
            writer.flush();
        });
        return all;
    }

    /** Removes the page's journal, once every key in it is gone from the target. */
    public static void delete(ArtifactStore artifacts, String migrationId, int page) throws IOException {
        artifacts.delete(migrationId, BlobNames.journal(page));
    }
}
