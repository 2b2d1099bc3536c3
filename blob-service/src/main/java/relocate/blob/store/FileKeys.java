package relocate.blob.store;

/**
 * Which keys a {@link FileBlobStore} can hold: a key is a relative path below the store's directory, so it
 * may not climb out of it or name something that is not a file. S3 allows any key; these rules are what a
 * file system adds.
 */
final class FileKeys {

    /** The directory of unfinished writes, at the top of the store; no key reaches it. */
    static final String PARTIAL = ".relocate-partial";

    private static final int MAX_KEY = 1024;
    private static final int MAX_PART = 255;

    private FileKeys() {
    }

    /** Why {@code key} cannot name a file in a store, or null when it can. */
    static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "a key cannot be empty";
        }
        if (key.length() > MAX_KEY) {
            return "the key is longer than " + MAX_KEY + " characters";
        }
        if (key.indexOf('\0') >= 0) {
            return "the key contains a NUL character";
        }
        if (key.startsWith("/")) {
            return "the key starts with '/'";
        }
        if (key.endsWith("/")) {
            return "the key ends with '/' (a folder marker, not a file)";
        }
        String[] parts = key.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return "the key has an empty part ('//')";
            }
            if (part.equals(".") || part.equals("..")) {
                return "the key has a '" + part + "' part";
            }
            if (part.length() > MAX_PART) {
                return "a part of the key is longer than " + MAX_PART + " characters";
            }
        }
        if (parts[0].equals(PARTIAL)) {
            return "the key starts with '" + PARTIAL + "/', which the store keeps for unfinished writes";
        }
        return null;
    }

    /**
     * Why {@code prefix} cannot start a listing, or null when it can: its folder part (up to the last
     * {@code /}) must itself be a valid key.
     */
    static String prefixProblem(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return prefix.indexOf('\0') >= 0 ? "the prefix contains a NUL character" : null;
        }
        String folder = prefix.substring(0, slash);
        String problem = problem(folder);
        return problem == null ? null : problem.replace("the key", "the prefix's folder");
    }
}
