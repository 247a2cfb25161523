package dev.probity.privacy.pii;

import dev.probity.core.InputException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A keyed hash: HMAC-SHA-256 (RFC 2104, FIPS 198-1; the JDK's {@code HmacSHA256}) of the type's label, a zero byte
 * and the value's UTF-8 bytes, under a secret key of at least 256 bits. The same value always gives the same
 * {@code <TYPE#hex>} (the first 128 bits, as 32 hexadecimal digits), so records can be joined; unlike a plain hash,
 * nobody without the key can confirm a guess ("is this the hash of jane@example.com?"), which for small value spaces
 * such as phone numbers or SSNs is otherwise a dictionary lookup away. Not reversible, even with the key.
 *
 * <p>The key file holds the key as hexadecimal text (64 or more digits; white space ignored), as
 * {@link #newKeyText()} writes it.
 */
public final class KeyedHash {
    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    private KeyedHash(byte[] key) {
        if (key.length < 32) {
            throw new InputException("a hash key needs at least 256 bits (64 hexadecimal digits), not " + key.length * 8);
        }
        this.key = key.clone();
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(this.key, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A hash with this key (at least 32 bytes). */
    public static KeyedHash of(byte[] key) {
        return new KeyedHash(key);
    }

    /** A fresh 256-bit key as 64 hexadecimal digits and a newline, from a secure random source. */
    public static String newKeyText() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return HexFormat.of().formatHex(k) + "\n";
    }

    /** The key in a file of hexadecimal text. */
    public static KeyedHash read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\s", "");
        } catch (NoSuchFileException e) {
            throw new InputException("the key file " + file + " does not exist ({{key}})");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] k;
        try {
            k = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + " ({{key}}) does not hold a hash key: expected hexadecimal digits (64 or more), "
                    + "as KeyedHash.newKeyText() makes them");
        }
        try {
            return new KeyedHash(k);
        } catch (InputException e) {
            throw new InputException(file + " ({{key}}): " + e.getMessage());
        }
    }

    /** HMAC-SHA-256(key, label ‖ 0x00 ‖ UTF-8(value)), all 32 bytes. */
    public byte[] mac(PiiType type, String value) {
        Mac m = mac.get();
        m.update(type.label().getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        return m.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <TYPE#32 hex digits>}. */
    public String token(PiiType type, String value) {
        return "<" + type.label() + "#" + HexFormat.of().formatHex(mac(type, value), 0, 16) + ">";
    }
}
