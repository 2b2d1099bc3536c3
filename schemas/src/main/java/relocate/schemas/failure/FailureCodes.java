package relocate.schemas.failure;

/**
 * The stable names in {@code StepFailed.code} that the coordinator acts on; services set them, the workflow
 * reads them. A failure without one is reported to the operator as it is.
 */
public final class FailureCodes {
    /** LOAD: the chunk's file does not match its SHA-256: the coordinator dumps it again. */
    public static final String CHUNK_CORRUPTED = "CHUNK_CORRUPTED";
    /** LOAD: the chunk's file is not in the artifact store: the coordinator dumps it again. */
    public static final String CHUNK_MISSING = "CHUNK_MISSING";
    /** VERIFY of blobs: objects missing or different on the target; a retry copies them again. */
    public static final String BLOB_MISMATCH = "BLOB_MISMATCH";
    /** A DNS update found the record no longer holding the value it was read with; nothing was changed. */
    public static final String DNS_RECORD_CHANGED = "DNS_RECORD_CHANGED";
    /** A DNS switch was sent but not seen on the server: the record may point at either side. */
    public static final String DNS_SWITCHED_UNCONFIRMED = "DNS_SWITCHED_UNCONFIRMED";

    private FailureCodes() {
    }
}
