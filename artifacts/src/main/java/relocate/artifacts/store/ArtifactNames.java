package relocate.artifacts.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import relocate.artifacts.compression.ChunkCompression;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

/**
 * The names of files in an {@link ArtifactStore}, and what a name may be.
 *
 * <p>A name is a relative path: parts separated by {@code /}, each made of letters, digits and
 * {@code . _ - %}, none empty and none starting with {@code .} (which rules out {@code ..}, hidden files
 * and the store's own temporary files). It is the same on every file system and as an S3 key, and can
 * never reach outside the migration's folder. A migration id is one such part.
 */
public final class ArtifactNames {

    /** The manifest's name in every migration. */
    public static final String MANIFEST = "manifest.json";
    /** STATS's plan in every migration: a manifest with the models and the source's stats, and no chunks yet. */
    public static final String PLAN = "plan.json";

    private static final int MAX_PART = 255;
    private static final int MAX_NAME = 1024;
    // room for "-" and 16 hex digits of a hash within a file system's 255-byte limit, with margin
    private static final int MAX_MODEL_FOLDER = 200;
    private static final String RULE = "names are relative paths of letters, digits, '.', '_', '-' and '%' separated by "
            + "'/', with no empty part and no part starting with '.'";

    private ArtifactNames() {
    }

    /**
     * The file of one chunk: {@code public.cases/00003.copy}. The model's schema and name are kept readable
     * where they are letters, digits, {@code _} and {@code -}; every other byte (a dot, a quote, a slash, a
     * non-ASCII letter) is written {@code %XX}, so that two models never share a folder.
     */
    public static String chunk(ChunkRange range) {
        return modelFolder(range.model()) + '/' + String.format("%05d", range.index()) + ".copy";
    }

    /**
     * The file of one chunk stored in {@code compression}: {@code public.cases/00003.copy.lz4}. The suffix
     * says how to read the file by hand ({@code lz4 -d}, {@code gunzip}); the manifest says it for Relocate.
     */
    public static String chunk(ChunkRange range, ChunkCompression compression) {
        return chunk(range) + compression.suffix();
    }

    /** The folder of a model's chunks: {@code public.cases}, {@code public.my%2Etable}. */
    public static String modelFolder(TableName model) {
        String folder = encode(model.schema()) + '.' + encode(model.name());
        if (folder.length() <= MAX_MODEL_FOLDER) {
            return folder;
        }
        // only for names mostly of non-ASCII letters (an identifier is at most 63 bytes): keep a readable
        // prefix, not cutting a %XX, and make it unique with a hash of the whole name
        int cut = MAX_MODEL_FOLDER - 17;
        while (folder.charAt(cut - 1) == '%' || folder.charAt(cut - 2) == '%') {
            cut--;
        }
        return folder.substring(0, cut) + '-' + sha256Prefix(model.schema() + '\0' + model.name());
    }

    /** Returns {@code name} if it is a valid file name; else throws, saying why. */
    public static String requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an artifact needs a name; " + RULE);
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("the artifact name '" + name.substring(0, 60) + "...' is longer than "
                    + MAX_NAME + " characters");
        }
        for (String part : name.split("/", -1)) {
            String problem = partProblem(part);
            if (problem != null) {
                throw new IllegalArgumentException("'" + name + "' is not a valid artifact name (" + problem + "): " + RULE);
            }
        }
        return name;
    }

    /** Returns {@code migrationId} if it can name a migration's folder; else throws, saying why. */
    public static String requireValidMigrationId(String migrationId) {
        String problem = migrationId == null ? "missing" : partProblem(migrationId);
        if (problem != null) {
            throw new IllegalArgumentException("'" + migrationId + "' cannot name a migration in the artifact store ("
                    + problem + "): a migration id is letters, digits, '.', '_', '-' and '%', not starting with '.'");
        }
        return migrationId;
    }

    /** Whether {@code name} is a valid file name. */
    public static boolean isValidName(String name) {
        try {
            requireValidName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String partProblem(String part) {
        if (part.isEmpty()) {
            return "an empty part";
        }
        if (part.startsWith(".")) {
            return "a part starting with '.': '" + part + "'";
        }
        if (part.length() > MAX_PART) {
            return "a part longer than " + MAX_PART + " characters";
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(isPlain(c) || c == '.' || c == '%')) {
                return "the character '" + c + "'";
            }
        }
        return null;
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String encode(String identifier) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : identifier.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && isPlain(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
