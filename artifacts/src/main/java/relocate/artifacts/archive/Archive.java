package relocate.artifacts.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.ManifestUnreadable;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.store.ArtifactStoreException;
import relocate.artifacts.store.KeepOpenOutputStream;
import relocate.artifacts.verify.ChunkCorrupted;
import relocate.artifacts.verify.VerifyingInputStream;

/**
 * One migration's dump as one file, for environments that cannot reach each other: carry the file across,
 * unpack it into the target side's store, and load from there.
 *
 * <p>The file is a zip archive: {@code manifest.json} first, then each chunk of the manifest under its
 * file name, in the manifest's order (deflated at the fastest level: binary COPY data shrinks well, and
 * deflating streams in one pass where a stored entry would need each chunk read twice). Zip64 applies by
 * itself beyond 4 GB. Both directions stream: no chunk and no archive is held in memory.
 *
 * <p>A compressed chunk (lz4, gzip) is carried as it is stored, compressed, and unpacked the same: the
 * manifest, carried byte for byte, still describes every file.
 *
 * <p>Each chunk's SHA-256 is checked against the manifest when it is packed (a damaged chunk is not
 * carried across) and again when it is unpacked (both on its COPY data, decompressed on the way), and
 * unpacking is all or nothing: the files go into a folder of their own and become the migration's only
 * once every one of them has been checked.
 */
public final class Archive {

    private Archive() {
    }

    /**
     * Writes the migration's manifest and every chunk it lists to {@code out} (finished, flushed, left open).
     *
     * @throws ChunkCorrupted when a chunk in the store does not match the manifest (dump it again first)
     */
    public static void pack(ArtifactStore store, String migrationId, OutputStream out) throws IOException {
        Manifest manifest = ManifestJson.read(store, migrationId);
        byte[] manifestBytes;
        try (InputStream in = store.open(migrationId, ArtifactNames.MANIFEST)) {
            manifestBytes = in.readAllBytes(); // carried as it is, byte for byte
        }
        long time = manifest.createdAt().toEpochMilli();
        ZipOutputStream zip = new ZipOutputStream(new KeepOpenOutputStream(out));
        zip.setLevel(Deflater.BEST_SPEED);
        zip.putNextEntry(entry(ArtifactNames.MANIFEST, time));
        zip.write(manifestBytes);
        zip.closeEntry();
        for (ManifestChunk chunk : manifest.chunks()) {
            zip.putNextEntry(entry(chunk.file(), time));
            try (InputStream in = store.open(migrationId, chunk.file())) {
                VerifyingInputStream.copy(chunk, in, zip);
            }
            zip.closeEntry();
        }
        zip.close(); // writes the central directory; KeepOpenOutputStream leaves the caller's stream open
    }

    /**
     * Unpacks an archive made by {@link #pack} into {@code store} as its migration, and returns its manifest.
     * On any failure nothing of the archive stays in the store.
     *
     * @throws ArchiveRejected        when the archive is damaged, lacks a chunk, holds an entry the manifest
     *                                does not list, or its migration already has files in the store
     * @throws ArtifactStoreException when the store cannot take the files (a full disk)
     */
    public static Manifest unpack(InputStream in, ArtifactStore store) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new KeepOpenInput(in))) {
            Manifest manifest;
            byte[] manifestBytes;
            try {
                ZipEntry first = zip.getNextEntry();
                if (first == null || !first.getName().equals(ArtifactNames.MANIFEST)) {
                    throw new ArchiveRejected("The archive does not start with " + ArtifactNames.MANIFEST + " (it "
                            + (first == null ? "has no entries" : "starts with '" + first.getName() + "'")
                            + "): it is not an archive made by Relocate, or not a zip archive at all.", null);
                }
                manifestBytes = zip.readNBytes(ManifestJson.MAX_BYTES + 1); // more is refused as too large
                manifest = ManifestJson.read(manifestBytes);
            } catch (ManifestUnreadable | ArchiveRejected e) {
                throw e;
            } catch (IOException e) {
                throw new ArchiveRejected("The archive is damaged at its start (" + e.getMessage()
                        + "): copy it again from its source.", e);
            }
            String migrationId = manifest.migrationId();
            if (!store.list(migrationId).isEmpty()) {
                throw new ArchiveRejected("Migration " + migrationId + " (domain '" + manifest.domain() + "') already has "
                        + "files in the artifact store at " + store.location() + ". Delete them first to unpack this "
                        + "archive in their place.", null);
            }
            // a folder of its own, given to the migration only when complete; a crash leaves it to be deleted
            String staging = migrationId + ".unpacking." + UUID.randomUUID().toString().substring(0, 8);
            try {
                unpackChunks(zip, manifest, store, staging);
                try (ArtifactOutputStream out = store.create(staging, ArtifactNames.MANIFEST)) {
                    out.write(manifestBytes);
                }
                store.rename(staging, migrationId);
                return manifest;
            } catch (IOException | RuntimeException | Error e) {
                try {
                    store.deleteAll(staging);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    private static void unpackChunks(ZipInputStream zip, Manifest manifest, ArtifactStore store, String staging)
            throws IOException {
        Map<String, ManifestChunk> expected = new LinkedHashMap<>();
        manifest.chunks().forEach(c -> expected.put(c.file(), c));
        Set<String> seen = new HashSet<>();
        while (true) {
            ZipEntry entry;
            try {
                entry = zip.getNextEntry();
            } catch (IOException e) {
                throw new ArchiveRejected("The archive is damaged after entry " + String.join(", ", lastOf(seen))
                        + " (" + e.getMessage() + "): copy it again from its source.", e);
            }
            if (entry == null) {
                break;
            }
            String name = entry.getName();
            ManifestChunk chunk = expected.remove(name);
            if (chunk == null) {
                throw new ArchiveRejected(seen.contains(name)
                        ? "The archive holds entry '" + name + "' twice: it was not made by Relocate, or was altered."
                        : "The archive holds entry '" + name + "', which its manifest does not list: it was not made "
                                + "by Relocate, or was altered.", null);
            }
            seen.add(name);
            try (ArtifactOutputStream out = store.create(staging, name)) {
                try {
                    VerifyingInputStream.copy(chunk, zip, out);
                } catch (ArtifactStoreException e) {
                    out.abort();
                    throw e; // the store's failure (a full disk), not the archive's
                } catch (ChunkCorrupted e) {
                    out.abort();
                    throw new ArchiveRejected("Entry '" + name + "' of the archive is damaged: " + e.getMessage()
                            + " Copy the archive again from its source (or pack it again there).", e);
                } catch (IOException e) {
                    out.abort();
                    throw new ArchiveRejected("Entry '" + name + "' of the archive is damaged (" + e.getMessage()
                            + "): copy the archive again from its source.", e);
                }
            }
        }
        if (!expected.isEmpty()) {
            List<String> missing = new ArrayList<>(expected.keySet());
            String shown = String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
            throw new ArchiveRejected("The archive lacks " + missing.size() + " chunk(s) its manifest lists: " + shown
                    + ". It is incomplete (cut short in transfer?): copy it again from its source.", null);
        }
    }

    private static List<String> lastOf(Set<String> seen) {
        return seen.isEmpty() ? List.of(ArtifactNames.MANIFEST) : List.of(seen.size() + " chunk(s)");
    }

    private static ZipEntry entry(String name, long time) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time); // the same dump packs to the same entries
        return entry;
    }


    private static final class KeepOpenInput extends FilterInputStream {
        KeepOpenInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller's (or the zip's) stream stays open
        }
    }
}
