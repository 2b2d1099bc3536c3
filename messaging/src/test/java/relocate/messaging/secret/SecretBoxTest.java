package relocate.messaging.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecretBox box = new SecretBox(SecretBox.newKey());

    @Test
    void sealedPasswordOpensToTheOriginalAndDoesNotContainIt() {
        String sealed = box.seal("s3cr'et;pw");
        assertFalse(sealed.contains("s3cr"));
        assertEquals("s3cr'et;pw", box.open(sealed));
        assertNotEquals(sealed, box.seal("s3cr'et;pw"), "each seal uses a fresh nonce");
    }

    @Test
    void emptyPasswordStaysEmpty() {
        assertEquals("", box.seal(""));
        assertEquals("", box.open(""));
    }

    @Test
    void anotherKeyCannotOpenAndSaysWhichSettingDiffers() {
        String sealed = box.seal("pw");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SecretBox(SecretBox.newKey()).open(sealed));
        assertTrue(e.getMessage().contains("relocate.secret-key"));
        assertFalse(e.getMessage().contains("pw"));
    }

    @Test
    void malformedKeyIsRejectedWithHowToMakeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SecretBox("short"));
        assertTrue(e.getMessage().contains("32 random bytes"));
    }
}
