package dev.probity.privacy.pii;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig2026;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reversible pseudonyms by deterministic authenticated encryption: AES-SIV (RFC 5297) through Tink's
 * {@link DeterministicAead}, with a 512-bit key. The same value of the same type always gives the same token, so
 * pseudonymized records can still be joined and counted; whoever holds the keyset can turn every token back into its
 * value ({@link #reverse}); anyone else learns only which tokens are equal. A token is
 * {@code <TYPE:ciphertext>}, the ciphertext in unpadded base64url; the type is bound to it as associated data, so a
 * token whose type or any character was changed does not decrypt and is refused, never decrypted to garbage.
 *
 * <p>Tokens reveal the value's length (AES-SIV's ciphertext is as long as the value plus 16 bytes, plus Tink's
 * 5-byte key prefix) and equality, by design. The keyset is a file in Tink's JSON format holding the key in clear:
 * whoever can read it can reverse every token, so it must be protected like the data itself (or kept in a KMS).
 * Keysets may hold several keys; tokens made with any of them reverse, new tokens use the primary one (rotation).
 *
 * <p>Thread-safe.
 */
public final class Pseudonymizer {
    private static final Pattern TOKEN = Pattern.compile("<([A-Z_]+):([A-Za-z0-9_-]{16,})>");
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    /** Tink's configuration of deterministic AEAD (AES-SIV) alone: no global registry. */
    private static final Configuration DAEAD = DeterministicAeadConfig2026.get();

    private final DeterministicAead daead;

    private Pseudonymizer(KeysetHandle keyset) {
        try {
            this.daead = keyset.getPrimitive(DAEAD, DeterministicAead.class);
        } catch (GeneralSecurityException e) {
            throw new InputException("the keyset holds no deterministic AEAD key (AES-SIV): " + e.getMessage(), e);
        }
    }

    private Pseudonymizer(DeterministicAead daead) {
        this.daead = daead;
    }

    /**
     * A pseudonymizer with a keyset of {@link dev.probity.privacy.crypto.Keysets} (purpose deterministic-aead), which
     * may be kept on disk under a passphrase or a KMS key and rotated: tokens made before a rotation still reverse.
     */
    public static Pseudonymizer of(dev.probity.privacy.crypto.Keysets.Keyset keyset) {
        return new Pseudonymizer(keyset.deterministicAead());
    }

    /** Whether a key file is a Probity keyset ({@code probity keys create}) rather than Tink's JSON. */
    public static boolean isProbityKeyset(Path file) {
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return dev.probity.privacy.crypto.Keysets.HEADER.equals(r.readLine());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A fresh AES-256-SIV keyset, in Tink's JSON format (cleartext: protect it). */
    public static String newKeyset() {
        try {
            KeysetHandle h = KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV, DAEAD);
            return TinkJsonProtoKeysetFormat.serializeKeyset(h, DAEAD, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pseudonymizer with the keyset in Tink's JSON format. */
    public static Pseudonymizer of(String keysetJson) {
        try {
            return new Pseudonymizer(TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, DAEAD, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InputException("not a Tink keyset in JSON format: " + e.getMessage(), e);
        }
    }

    /** A pseudonymizer with the keyset in this file (Tink's JSON format). */
    public static Pseudonymizer read(Path keyset) {
        String json;
        try {
            json = Files.readString(keyset, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("the keyset " + keyset + " does not exist ({{key}})");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return of(json);
        } catch (InputException e) {
            throw new InputException(keyset + " ({{key}}) is " + e.getMessage(), e);
        }
    }

    /** The token of a value of a type: {@code <TYPE:ciphertext>}. */
    public String token(PiiType type, String value) {
        try {
            byte[] c = daead.encryptDeterministically(value.getBytes(StandardCharsets.UTF_8), associated(type.label()));
            return "<" + type.label() + ":" + ENC.encodeToString(c) + ">";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of one token's type and ciphertext; throws when it does not decrypt with this keyset. */
    public String value(String type, String ciphertext) {
        try {
            byte[] p = daead.decryptDeterministically(DEC.decode(ciphertext), associated(type));
            return new String(p, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InputException("the token <" + type + ":" + ciphertext + "> does not decrypt with this keyset: it was changed, "
                    + "or made with another key");
        }
    }

    /**
     * The text with every token replaced by its value. A token that does not decrypt — tampered with, or made with
     * another keyset — fails the whole text with its line and column: nothing is half reversed.
     */
    public String reverse(String text, String source) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder b = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            b.append(text, last, m.start());
            try {
                b.append(value(m.group(1), m.group(2)));
            } catch (InputException e) {
                long line = 1;
                int lineStart = 0;
                for (int i = 0; i < m.start(); i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                throw new InputException(source + ", line " + line + ", column " + (m.start() - lineStart + 1) + ": "
                        + e.getMessage(), new InputException.Location(source, line, m.start() - lineStart + 1, null, m.group()));
            }
            last = m.end();
        }
        b.append(text, last, text.length());
        return b.toString();
    }

    private static byte[] associated(String type) {
        return ("probity.pii/v1:" + type).getBytes(StandardCharsets.UTF_8);
    }
}
