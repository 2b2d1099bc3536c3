package relocate.cli.generate;

import relocate.sample.SampleSize;

/** The sizes of generated blobs: a range {@code 64k-1m}, or one size {@code 256k} for all. */
record BlobSizes(int min, int max) {

    static BlobSizes parse(String text) {
        String[] bounds = text.split("-", -1);
        if (bounds.length > 2) {
            throw new IllegalArgumentException("--blob-size '" + text + "' is not a size or a range: write 256k or "
                    + "64k-1m");
        }
        long min = SampleSize.bytes(bounds[0]);
        long max = bounds.length == 2 ? SampleSize.bytes(bounds[1]) : min;
        if (min > max) {
            throw new IllegalArgumentException("--blob-size '" + text + "': the smallest size comes first, e.g. 64k-1m");
        }
        if (max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--blob-size '" + text + "': blobs up to 2 GiB (2047m) only");
        }
        return new BlobSizes((int) min, (int) max);
    }
}
