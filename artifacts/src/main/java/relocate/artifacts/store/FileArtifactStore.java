package relocate.artifacts.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import relocate.artifacts.compression.ChunkCompression;

/**
 * An {@link ArtifactStore} in a directory: {@code <root>/<migrationId>/<name>}.
 *
 * <p>A file being written lives in {@code <root>/<migrationId>/.partial/} (same file system, so that
 * the final rename is atomic); on close it is flushed to disk ({@code fsync}), renamed to its name, and
 * the directory is flushed too, so that a file that is visible after a crash is complete.
 */
public final class FileArtifactStore implements ArtifactStore {

    /** The folder of unfinished files in each migration's folder; its leading dot keeps it out of every valid name. */
    static final String PARTIAL = ".partial";

    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final ChunkCompression chunkCompression;

    /** A store whose chunks are written uncompressed. */
    public FileArtifactStore(Path root) {
        this(root, ChunkCompression.NONE);
    }

    public FileArtifactStore(Path root, ChunkCompression chunkCompression) {
        this.root = root.toAbsolutePath().normalize();
        this.chunkCompression = Objects.requireNonNull(chunkCompression, "chunkCompression");
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public ChunkCompression chunkCompression() {
        return chunkCompression;
    }

    /** Where a file is (or would be) on disk. */
    public Path path(String migrationId, String name) {
        return folder(migrationId).resolve(ArtifactNames.requireValidName(name));
    }

    @Override
    public ArtifactOutputStream create(String migrationId, String name) throws IOException {
        Path target = path(migrationId, name);
        Path temp = folder(migrationId).resolve(PARTIAL).resolve(UUID.randomUUID() + ".partial");
        try {
            Files.createDirectories(temp.getParent());
            return new AtomicFileOutput(migrationId, name, temp, target,
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw writeFailure(migrationId, name, e);
        }
    }

    @Override
    public InputStream open(String migrationId, String name) throws IOException {
        try {
            return Files.newInputStream(path(migrationId, name));
        } catch (NoSuchFileException e) {
            throw missing(migrationId, name, e);
        }
    }

    @Override
    public boolean exists(String migrationId, String name) {
        return Files.isRegularFile(path(migrationId, name));
    }

    @Override
    public long size(String migrationId, String name) throws IOException {
        try {
            return Files.size(path(migrationId, name));
        } catch (NoSuchFileException e) {
            throw missing(migrationId, name, e);
        }
    }

    @Override
    public List<String> list(String migrationId) throws IOException {
        Path folder = folder(migrationId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> nameOf(folder.relativize(file)))
                    // skips unfinished files (under .partial) and anything else that no valid name reaches
                    .filter(ArtifactNames::isValidName)
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void delete(String migrationId, String name) throws IOException {
        Files.deleteIfExists(path(migrationId, name));
    }

    @Override
    public void deleteAll(String migrationId) throws IOException {
        deleteTree(folder(migrationId));
    }

    @Override
    public void rename(String fromMigrationId, String toMigrationId) throws IOException {
        Path from = folder(fromMigrationId);
        Path to = folder(toMigrationId);
        if (!Files.isDirectory(from)) {
            throw new ArtifactMissing("Migration " + fromMigrationId + " has no files in the artifact store at " + root
                    + ", so there is nothing to give to migration " + toMigrationId + ".", null);
        }
        // rename(2) would silently replace an empty directory: refuse any existing one
        if (Files.exists(to)) {
            throw alreadyThere(toMigrationId, null);
        }
        deleteTree(from.resolve(PARTIAL));
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw alreadyThere(toMigrationId, e);
        }
        syncDirectory(root);
    }

    private ArtifactStoreException alreadyThere(String migrationId, Exception cause) {
        return new ArtifactStoreException("Migration " + migrationId + " already has files in the artifact store at "
                + root + ". Delete them first if they are to be replaced (or use another store).", cause);
    }

    private Path folder(String migrationId) {
        return root.resolve(ArtifactNames.requireValidMigrationId(migrationId));
    }

    private ArtifactMissing missing(String migrationId, String name, Exception cause) {
        return new ArtifactMissing("There is no file '" + name + "' of migration " + migrationId
                + " in the artifact store at " + root + " (never written, deleted, or not complete yet).", cause);
    }

    /**
     * What to tell people when a write fails: which file, which store, how much space is left there, and
     * what to do. Package-private so that the wording can be tested without filling a disk.
     */
    ArtifactStoreException writeFailure(String migrationId, String name, IOException cause) {
        long free = usableSpace();
        String space = "free space there: " + (free < 0 ? "unknown" : bytes(free));
        String todo = isNoSpace(cause)
                ? "The disk is full: free space on it, or point the artifact store at a larger volume, then try again."
                : "Check that the directory is writable and its disk is healthy, then try again.";
        return new ArtifactStoreException("Cannot write '" + name + "' of migration " + migrationId
                + " to the artifact store at " + root + ": " + cause.getMessage() + "; " + space + ". " + todo
                + " The partial file was removed.", cause);
    }

    private static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left") || message.contains("quota exceeded")
                    || message.contains("not enough space")) {
                return true;
            }
        }
        return false;
    }

    /** Usable bytes on the store's file system, or -1 when not even that can be read. */
    private long usableSpace() {
        for (Path p = root; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p).getUsableSpace();
                } catch (IOException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static String bytes(long count) {
        if (count < 1024) {
            return count + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String nameOf(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (!name.isEmpty()) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes a rename in {@code directory} durable; where a directory cannot be opened (Windows) the OS does it. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }

    private final class AtomicFileOutput extends ArtifactOutputStream {
        private enum State { OPEN, PUBLISHED, DISCARDED, FAILED }

        private final String migrationId;
        private final String name;
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private State state = State.OPEN;
        private IOException failure;

        AtomicFileOutput(String migrationId, String name, Path temp, Path target, FileChannel channel) {
            this.migrationId = migrationId;
            this.name = name;
            this.temp = temp;
            this.target = target;
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            requireOpen();
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            requireOpen();
            if (len > buffer.remaining()) {
                drain();
            }
            if (len >= BUFFER) {
                writeFully(ByteBuffer.wrap(b, off, len));
            } else {
                buffer.put(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            requireOpen();
            drain();
        }

        /** Publishes the file under its name; does nothing after a failure (already reported) or an abort. */
        @Override
        public void close() throws IOException {
            if (state != State.OPEN) {
                return;
            }
            drain();
            try {
                channel.force(true);
                channel.close();
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw fail(e);
            }
            state = State.PUBLISHED;
            syncDirectory(target.getParent());
            syncDirectory(folder(migrationId));
        }

        @Override
        public void abort() {
            if (state == State.OPEN) {
                discard();
                state = State.DISCARDED;
            }
        }

        private void requireOpen() throws IOException {
            switch (state) {
                case OPEN -> { }
                case FAILED -> throw writeFailure(migrationId, name, failure);
                case PUBLISHED, DISCARDED -> throw new ArtifactStoreException("'" + name + "' of migration "
                        + migrationId + " is already closed or aborted; nothing more can be written to it.");
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw fail(e);
            }
        }

        private ArtifactStoreException fail(IOException e) {
            failure = e;
            state = State.FAILED;
            // the free space as it was when the write failed, before the partial file gives its space back
            ArtifactStoreException reported = writeFailure(migrationId, name, e);
            discard();
            return reported;
        }

        private void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                // the file is deleted next; nothing of it matters any more
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // left in .partial, which no listing shows and deleteAll removes
            }
        }
    }
}
