package relocate.blob.store;

/**
 * How an S3 upload is cut: one request up to {@link #MULTIPART_THRESHOLD}, above it parts of
 * {@link #PART_SIZE} (larger where needed to stay within S3's 10,000 parts). Each part streams through a
 * small buffer; no part is held in memory.
 */
public final class PartSizes {

    public static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    public static final long PART_SIZE = 16L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;
    /** S3's largest object. */
    static final long MAX_OBJECT = 5L * 1024 * 1024 * 1024 * 1024;

    private PartSizes() {
    }

    public static boolean multipart(long size) {
        return size > MULTIPART_THRESHOLD;
    }

    /** The size of every part but the last: {@link #PART_SIZE}, or the smallest whole MiB that fits in 10,000 parts. */
    public static long partSize(long size) {
        if (size > MAX_OBJECT) {
            throw new IllegalArgumentException("an S3 object can hold at most 5 TiB, not " + size + " bytes");
        }
        long mib = 1024 * 1024;
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(PART_SIZE, (needed + mib - 1) / mib * mib);
    }

    /** How many parts {@code size} bytes take. */
    public static int parts(long size) {
        long part = partSize(size);
        return (int) Math.max(1, (size + part - 1) / part);
    }
}
