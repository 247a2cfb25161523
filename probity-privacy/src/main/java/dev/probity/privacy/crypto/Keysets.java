package dev.probity.privacy.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.proto.KeysetInfo;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.probity.core.InputException;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tink keysets: created for a purpose, rotated, written to and read from a file under a {@link KeyProtection}.
 *
 * <p><b>The file</b> is text: a first line {@value #HEADER}, then {@code name: value} lines — {@code purpose},
 * {@code protection} ({@code passphrase}, {@code kek} or {@code cleartext}), for a passphrase {@code kdf},
 * {@code iterations} and {@code salt} (base64), and {@code keyset}: Tink's JSON keyset format, encrypted
 * ({@link TinkJsonProtoKeysetFormat#serializeEncryptedKeyset}, with the purpose and protection lines as associated
 * data, so that changing them breaks decryption) or in clear, base64-encoded. A wrong passphrase, a wrong KEK and a
 * changed file are all refused with the same message (AES-GCM cannot tell them apart, and should not).
 *
 * <p><b>Rotation</b> ({@link #rotate}) adds a new key of the same kind and makes it primary: new ciphertexts use it,
 * and old ones still decrypt, since Tink's ciphertexts name the key that made them and the old keys stay in the
 * keyset (enabled, not primary).
 */
public final class Keysets {
    /** The first line of a keyset file. */
    public static final String HEADER = "probity-keyset/v1";
    static final int PBKDF2_ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        try {
            AeadConfig.register();
            DeterministicAeadConfig.register();
            StreamingAeadConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a keyset is for, with Tink's parameters for its keys. */
    public enum Purpose {
        /** AEAD, AES-256-GCM: single values (a column's cells) and key-encryption keys. */
        AEAD("AES256_GCM"),
        /** Streaming AEAD, AES-256-GCM-HKDF with 1 MB segments: files of any size. */
        STREAMING_AEAD("AES256_GCM_HKDF_1MB"),
        /** MAC, HMAC-SHA-256 with a 256-bit tag: integrity of files that stay in clear (secret shares). */
        MAC("HMAC_SHA256_256BITTAG"),
        /** Deterministic AEAD, AES-256-SIV: pseudonyms, where the same value must give the same token. */
        DETERMINISTIC_AEAD("AES256_SIV");

        final String parameters;

        Purpose(String parameters) {
            this.parameters = parameters;
        }

        /** aead, streaming-aead or mac. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Purpose parse(String s) {
            for (Purpose p : values()) {
                if (p.key().equalsIgnoreCase(s) || p.name().equalsIgnoreCase(s)) {
                    return p;
                }
            }
            throw new InputException("'" + s + "' is not a key purpose: give aead, streaming-aead, mac or deterministic-aead");
        }
    }

    /** A keyset and what it is for. */
    public record Keyset(KeysetHandle handle, Purpose purpose) {
        public Aead aead() {
            return primitive(Aead.class, Purpose.AEAD);
        }

        public StreamingAead streamingAead() {
            return primitive(StreamingAead.class, Purpose.STREAMING_AEAD);
        }

        public Mac mac() {
            return primitive(Mac.class, Purpose.MAC);
        }

        public DeterministicAead deterministicAead() {
            return primitive(DeterministicAead.class, Purpose.DETERMINISTIC_AEAD);
        }

        private <P> P primitive(Class<P> type, Purpose needed) {
            if (purpose != needed) {
                throw new InputException("this keyset is for " + purpose.key() + "; " + needed.key() + " is needed here");
            }
            try {
                return handle.getPrimitive(RegistryConfiguration.get(), type);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The keys without their secrets: id, status, whether primary. */
        public List<KeyInfo> keys() {
            List<KeyInfo> out = new ArrayList<>();
            for (KeysetInfo.KeyInfo k : handle.getKeysetInfo().getKeyInfoList()) {
                out.add(new KeyInfo(Integer.toUnsignedLong(k.getKeyId()), k.getStatus().name().toLowerCase(Locale.ROOT),
                        k.getKeyId() == handle.getKeysetInfo().getPrimaryKeyId(), k.getTypeUrl()));
            }
            return out;
        }
    }

    /** One key of a keyset, without its secret. */
    public record KeyInfo(long id, String status, boolean primary, String type) {
    }

    private Keysets() {
    }

    /** A new keyset of one fresh key. */
    public static Keyset create(Purpose purpose) {
        try {
            return new Keyset(KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParametersName(purpose.parameters)
                    .withRandomId().makePrimary()).build(), purpose);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keyset with a new key of the same kind, made primary; the old keys stay, enabled, to decrypt and verify. */
    public static Keyset rotate(Keyset k) {
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(k.handle());
            for (int i = 0; i < b.size(); i++) {
                if (b.getAt(i).isPrimary()) {
                    b.getAt(i).setStatus(KeyStatus.ENABLED);
                }
            }
            b.addEntry(KeysetHandle.generateEntryFromParametersName(k.purpose().parameters).withRandomId().makePrimary());
            return new Keyset(b.build(), k.purpose());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the keyset to {@code file} atomically (a temporary file beside it, then a rename), replacing it only when
     * {@code replace} (as rotation does). A new file's folder must exist.
     */
    public static void write(Keyset k, Path file, KeyProtection protection, boolean replace) {
        Path abs = file.toAbsolutePath();
        if (!replace && Files.exists(abs)) {
            throw new InputException(file + " exists; a keyset is never overwritten (rotate it, or choose another file)");
        }
        if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) {
            throw new InputException("the folder of " + file + " does not exist");
        }
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("purpose", k.purpose().key());
        try {
            switch (protection) {
                case KeyProtection.Cleartext c -> {
                    lines.put("protection", "cleartext");
                    lines.put("keyset", b64(TinkJsonProtoKeysetFormat.serializeKeyset(k.handle(), InsecureSecretKeyAccess.get())));
                }
                case KeyProtection.Passphrase p -> {
                    byte[] salt = new byte[16];
                    RANDOM.nextBytes(salt);
                    lines.put("protection", "passphrase");
                    lines.put("kdf", "PBKDF2WithHmacSHA256");
                    lines.put("iterations", Integer.toString(PBKDF2_ITERATIONS));
                    lines.put("salt", Base64.getEncoder().encodeToString(salt));
                    Aead kek = passphraseKek(p.passphrase(), salt, PBKDF2_ITERATIONS);
                    lines.put("keyset", b64(TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(k.handle(), kek, associated(lines))));
                }
                case KeyProtection.Kek x -> {
                    lines.put("protection", "kek");
                    lines.put("keyset", b64(TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(k.handle(), x.kek(), associated(lines))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting the keyset failed", e);
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        lines.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        if (replace) {
            SecretFiles.replace(file, text.toString());
        } else {
            SecretFiles.createNew(file, text.toString());
        }
    }

    /** Reads a keyset file written by {@link #write}. */
    public static Keyset read(Path file, KeyProtection protection) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("no keyset file " + file);
        } catch (IOException e) {
            throw new InputException("cannot read the keyset " + file + ": " + e.getMessage());
        }
        if (text.isEmpty() || !text.get(0).equals(HEADER)) {
            throw new InputException(file + " is not a Probity keyset (its first line is not '" + HEADER + "')");
        }
        Map<String, String> lines = new LinkedHashMap<>();
        for (int i = 1; i < text.size(); i++) {
            String l = text.get(i);
            if (l.isBlank()) {
                continue;
            }
            int colon = l.indexOf(": ");
            if (colon < 0) {
                throw new InputException(file + ", line " + (i + 1) + ": expected 'name: value', got '" + InputException.shown(l) + "'");
            }
            lines.put(l.substring(0, colon), l.substring(colon + 2));
        }
        for (String need : List.of("purpose", "protection", "keyset")) {
            if (!lines.containsKey(need)) {
                throw new InputException(file + " has no '" + need + "' line");
            }
        }
        Purpose purpose = Purpose.parse(lines.get("purpose"));
        String stored = lines.get("protection");
        String json;
        try {
            json = new String(Base64.getDecoder().decode(lines.get("keyset")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": the keyset line is not base64");
        }
        String refused = file + " could not be decrypted: a wrong passphrase or key-encryption key, or the file was changed";
        try {
            KeysetHandle h = switch (stored) {
                case "cleartext" -> {
                    if (!(protection instanceof KeyProtection.Cleartext)) {
                        throw new InputException(file + " is a cleartext keyset, but it was opened with " + protection
                                + "; open it as cleartext");
                    }
                    yield TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
                }
                case "passphrase" -> {
                    if (!(protection instanceof KeyProtection.Passphrase p)) {
                        throw new InputException(file + " is protected by a passphrase; give it ({{passphrase-env}})");
                    }
                    int iterations;
                    byte[] salt;
                    try {
                        iterations = Integer.parseInt(lines.getOrDefault("iterations", ""));
                        salt = Base64.getDecoder().decode(lines.getOrDefault("salt", ""));
                    } catch (IllegalArgumentException e) {
                        throw new InputException(refused);
                    }
                    if (iterations < 100_000 || salt.length < 16) {
                        throw new InputException(file + ": " + iterations + " PBKDF2 iterations or a salt of " + salt.length
                                + " bytes is below what Probity writes; the file was changed");
                    }
                    Map<String, String> head = new LinkedHashMap<>(lines);
                    head.remove("keyset");
                    yield TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, passphraseKek(p.passphrase(), salt, iterations), associated(head));
                }
                case "kek" -> {
                    if (!(protection instanceof KeyProtection.Kek x)) {
                        throw new InputException(file + " is encrypted with a key-encryption key; give that key");
                    }
                    Map<String, String> head = new LinkedHashMap<>(lines);
                    head.remove("keyset");
                    yield TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, x.kek(), associated(head));
                }
                default -> throw new InputException(file + ": unknown protection '" + stored + "'");
            };
            return new Keyset(h, purpose);
        } catch (GeneralSecurityException e) {
            throw new InputException(refused);
        }
    }

    /** How a keyset file says it is protected: cleartext, passphrase or kek (read from its head, nothing decrypted). */
    public static String protectionOf(Path file) {
        try {
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (text.isEmpty() || !text.get(0).equals(HEADER)) {
                throw new InputException(file + " is not a Probity keyset (its first line is not '" + HEADER + "')");
            }
            for (String l : text) {
                if (l.startsWith("protection: ")) {
                    return l.substring("protection: ".length());
                }
            }
            throw new InputException(file + " has no 'protection' line");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("no keyset file " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + " is not a Probity keyset (not UTF-8 text)");
        } catch (IOException e) {
            throw new InputException("cannot read the keyset " + file + ": " + e.getMessage());
        }
    }

    /** The lines before the keyset, as the encrypted keyset's associated data. */
    private static byte[] associated(Map<String, String> lines) {
        StringBuilder b = new StringBuilder(HEADER);
        lines.forEach((name, value) -> {
            if (!name.equals("keyset")) {
                b.append('\n').append(name).append(": ").append(value);
            }
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** AES-256-GCM under PBKDF2-HMAC-SHA-256(passphrase, salt, iterations). */
    static Aead passphraseKek(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        if (passphrase.length == 0) {
            throw new InputException("the passphrase is empty");
        }
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new AesGcmJce(key);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
