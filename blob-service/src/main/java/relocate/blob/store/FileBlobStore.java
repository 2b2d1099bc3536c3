package relocate.blob.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A blob store in a directory: the blob {@code a/b.pdf} is the file {@code <directory>/a/b.pdf}. Keeps no
 * metadata: {@link BlobInfo#sha256()} and {@link BlobInfo#contentType()} are always null, so a copy checks
 * such a store by reading it.
 *
 * <p>A blob is written to {@code <directory>/.relocate-partial/} (same file system), flushed to disk, then
 * renamed to its key in one step, so that a reader or a crash never leaves half a blob under a key.
 */
public final class FileBlobStore implements BlobStore {

    private final String name;
    private final Path root;

    public FileBlobStore(String name, Path root) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file store '" + name + "' (directory " + root + ")";
    }

    @Override
    public void check() throws BlobStoreException {
        requireRoot();
        if (!Files.isWritable(root) || !Files.isReadable(root)) {
            throw new BlobStoreException(BlobStoreException.Reason.ACCESS_DENIED, "This process may not read and write "
                    + "the directory of " + describe() + ": give its user access to it.");
        }
    }

    @Override
    public Optional<BlobInfo> head(String key) throws BlobStoreException {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(key, attributes.size(), null, null, version(attributes)));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public BlobStream open(String key) throws BlobStoreException {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw missing(key);
            }
            return new BlobStream(Files.newInputStream(file),
                    new BlobInfo(key, attributes.size(), null, null, version(attributes)));
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw missing(key);
        } catch (BlobStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public String put(String key, InputStream content, long size, String sha256, String contentType)
            throws BlobStoreException {
        Path file = resolve(key);
        requireRoot();
        CheckedContent checked = new CheckedContent(content, size, sha256, "key '" + key + "' in " + describe());
        checked.checkIfEmpty();
        Path temp = root.resolve(FileKeys.PARTIAL).resolve(UUID.randomUUID() + ".partial");
        try {
            Files.createDirectories(temp.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                byte[] buffer = new byte[ContentHash.BUFFER];
                for (int n = checked.read(buffer); n >= 0; n = checked.read(buffer)) {
                    out.write(buffer, 0, n);
                }
                channel.force(true);
            }
            Files.createDirectories(file.getParent());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
            return version(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (BlobStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // left in .relocate-partial, which no key reaches
            }
        }
    }

    @Override
    public void delete(String key) throws BlobStoreException {
        Path file = resolve(key);
        try {
            if (Files.isRegularFile(file)) {
                Files.delete(file);
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
        // leave no empty folders behind, up to the store's own directory
        for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return; // an empty folder left behind harms nothing
            }
        }
    }

    @Override
    public void list(String prefix, BlobVisitor<BlobInfo> visitor) throws IOException {
        requireRoot();
        String problem = FileKeys.prefixProblem(prefix);
        if (problem != null) {
            throw new BlobStoreException(BlobStoreException.Reason.INVALID_KEY, "Cannot list '" + prefix + "' in "
                    + describe() + ": " + problem + ".");
        }
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (Files.isDirectory(start)) {
            walk(start, prefix, visitor);
        }
    }

    @Override
    public void close() {
    }

    private void walk(Path dir, String prefix, BlobVisitor<BlobInfo> visitor) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        } catch (IOException e) {
            throw failure("list", relative(dir), e);
        }
        children.sort(null);
        for (Path child : children) {
            if (dir.equals(root) && child.getFileName().toString().equals(FileKeys.PARTIAL)) {
                continue;
            }
            String key = relative(child);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue; // deleted while we listed
            }
            if (attributes.isDirectory()) {
                if (prefix.startsWith(key + "/") || (key + "/").startsWith(prefix)) {
                    walk(child, prefix, visitor);
                }
            } else if (attributes.isRegularFile() && key.startsWith(prefix)) {
                visitor.visit(new BlobInfo(key, attributes.size(), null, null, version(attributes)));
            }
        }
    }

    private String relative(Path path) {
        StringBuilder key = new StringBuilder();
        for (Path part : root.relativize(path)) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    private Path resolve(String key) throws BlobStoreException {
        String problem = FileKeys.problem(key);
        if (problem != null) {
            throw new BlobStoreException(BlobStoreException.Reason.INVALID_KEY, "The key '" + key + "' cannot be stored in "
                    + describe() + ": " + problem + ". A file store holds only keys that are plain relative paths.");
        }
        return root.resolve(key);
    }

    private void requireRoot() throws BlobStoreException {
        if (!Files.isDirectory(root)) {
            throw new BlobStoreException(BlobStoreException.Reason.BUCKET_MISSING, "The directory of " + describe()
                    + " does not exist: create it, or correct the store's directory.");
        }
    }

    private BlobStoreException missing(String key) {
        return new BlobStoreException(BlobStoreException.Reason.NOT_FOUND, "There is no blob '" + key + "' in "
                + describe() + ".");
    }

    private BlobStoreException failure(String action, String key, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new BlobStoreException(BlobStoreException.Reason.ACCESS_DENIED, "Cannot " + action + " '" + key + "' in "
                    + describe() + ": permission denied on " + e.getMessage() + ". Give this process's user access.", e);
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return new BlobStoreException(BlobStoreException.Reason.INVALID_KEY, "Cannot " + action + " '" + key + "' in "
                    + describe() + ": a part of its path is a file, not a folder (" + e.getMessage() + "). A file store "
                    + "cannot hold both 'a' and 'a/b'.", e);
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        String todo = reason != null && reason.toLowerCase(Locale.ROOT).contains("no space left")
                ? "The disk is full: free space on it, then try again."
                : "Check the directory and its disk, then try again.";
        return new BlobStoreException(BlobStoreException.Reason.FAILED, "Cannot " + action + " '" + key + "' in "
                + describe() + ": " + reason + ". " + todo, e);
    }

    private static String version(BasicFileAttributes attributes) {
        Object identity = attributes.fileKey();
        return attributes.lastModifiedTime().toInstant() + "/" + attributes.size() + (identity == null ? "" : "/" + identity);
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }
}
