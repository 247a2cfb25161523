package dev.probity.privacy.crypto;

import com.google.crypto.tink.Aead;
import dev.probity.core.InputException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts single values — the cells of a column — with an AEAD (AES-256-GCM by default keysets), bound to the column's
 * name as associated data, so that a ciphertext moved to another column does not decrypt. Randomized: the same value
 * encrypts differently each time (for a token that stays the same, use deterministic pseudonymization). A cell reads
 * {@value #PREFIX} followed by base64url without padding.
 */
public final class ColumnCipher {
    /** The prefix of an encrypted cell. */
    public static final String PREFIX = "enc:v1:";
    private final Aead aead;

    public ColumnCipher(Aead aead) {
        this.aead = Objects.requireNonNull(aead, "aead");
    }

    public String encrypt(String column, String value) {
        try {
            byte[] c = aead.encrypt(value.getBytes(StandardCharsets.UTF_8), ad(column));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value; an {@link InputException} naming the column when the cell is not a ciphertext or fails authentication. */
    public String decrypt(String column, String cell) {
        if (cell == null || !cell.startsWith(PREFIX)) {
            throw new InputException("a cell of '" + column + "' is not encrypted (it does not start with " + PREFIX + "): "
                    + InputException.shown(String.valueOf(cell)));
        }
        try {
            byte[] c = Base64.getUrlDecoder().decode(cell.substring(PREFIX.length()));
            return new String(aead.decrypt(c, ad(column)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InputException("a cell of '" + column + "' failed authentication: it was changed, moved from another column, "
                    + "or encrypted with another key");
        }
    }

    private static byte[] ad(String column) {
        return ("probity-column/v1\n" + column).getBytes(StandardCharsets.UTF_8);
    }
}
