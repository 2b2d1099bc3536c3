package relocate.messaging.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Seals secrets (database passwords) with AES-256-GCM under the deployment's key, so that they are
 * stored and carried in commands only as ciphertext: a dashboard reading every topic sees no password.
 * The coordinator and the services share the key ({@code relocate.secret-key}, base64 of 32 bytes).
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(notAKey());
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(notAKey());
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    private static String notAKey() {
        return "relocate.secret-key must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`); "
                + "set it, the same on the coordinator and every service, with RELOCATE_SECRET_KEY";
    }

    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Base64 of nonce + ciphertext; the empty string stays empty (no password). */
    public String seal(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret: " + e.getMessage(), e);
        }
    }

    public String open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return "";
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a sealed secret: the coordinator and this service do not "
                    + "share the same relocate.secret-key (RELOCATE_SECRET_KEY)");
        }
    }
}
