package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CheckedContentTest {

    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchingBytesPassThroughUnchanged() throws IOException {
        String sha = sha(HELLO);
        CheckedContent checked = new CheckedContent(new ByteArrayInputStream(HELLO), HELLO.length, sha, "key 'k'");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        checked.transferTo(out);
        assertArrayEquals(HELLO, out.toByteArray());
        assertEquals(HELLO.length, checked.bytesRead());
    }

    @Test
    void theReadThatCompletesAWrongBlobThrowsInsteadOfReturningIt() throws IOException {
        byte[] other = "hello WORLD".getBytes(StandardCharsets.US_ASCII);
        CheckedContent checked = new CheckedContent(new ByteArrayInputStream(other), HELLO.length, sha(HELLO),
                "key 'k' in store 's'");
        byte[] buffer = new byte[6];
        assertEquals(6, checked.read(buffer, 0, 6));
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> checked.read(buffer, 0, 6));
        assertEquals(BlobStoreException.Reason.CONTENT_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("key 'k' in store 's'"), e.getMessage());
        assertThrows(BlobStoreException.class, () -> checked.read(buffer, 0, 6), "and keeps failing");
    }

    @Test
    void neverReadsPastTheExpectedSizeAndFailsOnAShortSource() throws IOException {
        ByteArrayInputStream longer = new ByteArrayInputStream("hello world and more".getBytes(StandardCharsets.US_ASCII));
        CheckedContent checked = new CheckedContent(longer, HELLO.length, sha(HELLO), "k");
        checked.transferTo(OutputStreamNull.INSTANCE);
        assertEquals(" and more".length(), longer.available(), "the rest of the source is left unread");

        CheckedContent shorter = new CheckedContent(new ByteArrayInputStream(HELLO, 0, 5), HELLO.length, sha(HELLO), "k");
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> shorter.transferTo(OutputStreamNull.INSTANCE));
        assertTrue(e.getMessage().contains("only 5 bytes"), e.getMessage());
    }

    @Test
    void anEmptyBlobIsCheckedWithoutAnyRead() throws IOException {
        new CheckedContent(new ByteArrayInputStream(new byte[0]), 0, ContentHash.EMPTY_SHA256, "k").checkIfEmpty();
        CheckedContent wrong = new CheckedContent(new ByteArrayInputStream(new byte[0]), 0, sha(HELLO), "k");
        assertThrows(BlobStoreException.class, wrong::checkIfEmpty);
    }

    @Test
    void aHashThatIsNotASha256IsRefusedUpFront() {
        assertThrows(IllegalArgumentException.class,
                () -> new CheckedContent(new ByteArrayInputStream(HELLO), HELLO.length, "abc", "k"));
    }

    private static String sha(byte[] bytes) throws IOException {
        return ContentHash.of(new ByteArrayInputStream(bytes)).sha256();
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }
    }
}
