package dev.probity.ledger;

import dev.probity.core.InputException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key of a signed note (c2sp.org/signed-note, as golang.org/x/mod/sumdb/note encodes it). The key ID is the
 * first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key); a verifier key is written
 * {@code name+hex(key ID)+base64(0x01 ‖ public key)}, a signer key {@code PRIVATE+KEY+name+hex(key ID)+base64(0x01 ‖ seed)}.
 * Ed25519 comes from the JDK.
 *
 * @param seed the 32-byte private seed, or null for a verifier key
 */
public record NoteKey(String name, int keyId, byte[] publicKey, byte[] seed) {
    static final byte ED25519 = 0x01;
    /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public NoteKey {
        checkName(name);
        publicKey = publicKey.clone();
        seed = seed == null ? null : seed.clone();
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("+") || name.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || c < 0x20)) {
            throw new InputException("a key name must be non-empty, without spaces or '+' (e.g. example.com/ledger); got '"
                    + InputException.shown(String.valueOf(name)) + "'");
        }
    }

    /** A new key from the platform's SecureRandom. */
    public static NoteKey generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return fromSeed(name, seed);
    }

    public static NoteKey fromSeed(String name, byte[] seed) {
        if (seed.length != 32) {
            throw new InputException("an Ed25519 seed has 32 bytes; got " + seed.length);
        }
        byte[] pub = publicKeyOf(seed);
        return new NoteKey(name, keyId(name, ED25519, pub), pub, seed);
    }

    /** The key ID of a name, signature type and public key. */
    static int keyId(String name, byte type, byte[] publicKey) {
        java.security.MessageDigest d = Merkle.digest();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(type);
        d.update(publicKey);
        return ByteBuffer.wrap(d.digest(), 0, 4).getInt();
    }

    /** Derives the public key from a seed: the JDK's generator, fed the seed as its randomness (RFC 8032 §5.1.5). */
    private static byte[] publicKeyOf(byte[] seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
                }
            });
            KeyPair kp = g.generateKeyPair();
            byte[] enc = kp.getPublic().getEncoded();
            return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }

    public boolean canSign() {
        return seed != null;
    }

    /** {@code name+hex(key ID)+base64(0x01 ‖ public key)}. */
    public String verifierKey() {
        return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(prefixed(publicKey));
    }

    /** {@code PRIVATE+KEY+name+hex(key ID)+base64(0x01 ‖ seed)}. */
    public String signerKey() {
        if (seed == null) {
            throw new IllegalStateException("a verifier key has no private part");
        }
        return "PRIVATE+KEY+" + name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(prefixed(seed));
    }

    private static byte[] prefixed(byte[] k) {
        byte[] out = new byte[k.length + 1];
        out[0] = ED25519;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }

    /** Parses a verifier key; errors say what is wrong with it. */
    public static NoteKey parseVerifier(String vkey) {
        String[] parts = split(vkey.trim(), 3, "a verifier key name+keyid+base64");
        return decode(parts[0], parts[1], parts[2], false);
    }

    /** Parses a signer key. */
    public static NoteKey parseSigner(String skey) {
        String s = skey.trim();
        if (!s.startsWith("PRIVATE+KEY+")) {
            throw new InputException("a signer key starts with PRIVATE+KEY+");
        }
        String[] parts = split(s.substring("PRIVATE+KEY+".length()), 3, "a signer key PRIVATE+KEY+name+keyid+base64");
        return decode(parts[0], parts[1], parts[2], true);
    }

    private static String[] split(String s, int n, String what) {
        int a = s.indexOf('+');
        int b = a < 0 ? -1 : s.indexOf('+', a + 1);
        if (a <= 0 || b < 0) {
            throw new InputException("not " + what);
        }
        return new String[] {s.substring(0, a), s.substring(a + 1, b), s.substring(b + 1)};
    }

    private static NoteKey decode(String name, String hash, String b64, boolean secret) {
        checkName(name);
        if (hash.length() != 8) {
            throw new InputException("a key ID is 8 hex digits; got '" + InputException.shown(hash) + "'");
        }
        int id;
        byte[] raw;
        try {
            id = (int) Long.parseLong(hash, 16);
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new InputException("a key's ID or base64 part is malformed");
        }
        if (raw.length != 33 || raw[0] != ED25519) {
            throw new InputException(raw.length > 0 && raw[0] != ED25519 ? "unknown key algorithm " + (raw[0] & 0xff) + " (1 is Ed25519)"
                    : "an Ed25519 key has 32 bytes after its algorithm byte");
        }
        byte[] k = Arrays.copyOfRange(raw, 1, 33);
        NoteKey key = secret ? fromSeed(name, k) : new NoteKey(name, keyId(name, ED25519, k), k, null);
        if (key.keyId() != id) {
            throw new InputException("the key ID " + hash + " does not match the key (it should be " + String.format("%08x", key.keyId()) + ")");
        }
        return key;
    }

    /** An Ed25519 signature of {@code message} with this key's seed. */
    public byte[] sign(byte[] message) {
        if (seed == null) {
            throw new IllegalStateException("a verifier key cannot sign");
        }
        try {
            PrivateKey k = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(k);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        try {
            byte[] spki = new byte[SPKI_PREFIX.length + 32];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, 32);
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(k);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Writes this signer key to a new file readable by its owner only; an existing file is never overwritten. */
    public void save(java.nio.file.Path file) {
        if (java.nio.file.Files.exists(file)) {
            throw new InputException(file + " exists; a key is never overwritten (give another file)");
        }
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new InputException(file + ": the folder does not exist");
        }
        try {
            Ledger.writeAtomically(file.toAbsolutePath(), (signerKey() + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (java.io.IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** This key without its private part. */
    public NoteKey verifier() {
        return new NoteKey(name, keyId, publicKey, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteKey k && k.name.equals(name) && k.keyId == keyId && Arrays.equals(k.publicKey, publicKey)
                && Arrays.equals(k.seed, seed);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
