package relocate.blob.archive;

/** What an export wrote: the domain's blobs and their bytes. */
public record ExportSummary(String domain, long blobs, long bytes) {
}
