package dev.probity.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: {@code prb_<id>_<secret>}, where the id (12 hex digits) is public — it names the token in logs and in the
 * database — and the secret is 32 random bytes from the system's strong generator, base64url. Only the SHA-256 of the
 * whole token is stored; a presented token is hashed and compared with {@link MessageDigest#isEqual} (time independent of
 * where the bytes differ). A high-entropy random secret needs no slow password hash: nothing is guessable offline.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "prb_";

    private Tokens() {
    }

    /** A new token; shown once to its holder and never again. */
    public static String generate() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(id) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The public id of a well-formed token, or null for anything else. */
    public static String idOf(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 12 + 1 + 43 || token.charAt(PREFIX.length() + 12) != '_') {
            return null;
        }
        String id = token.substring(PREFIX.length(), PREFIX.length() + 12);
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) {
                return null;
            }
        }
        return id;
    }

    /** The stored form: hex SHA-256 of the whole token. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Whether a presented token matches a stored hash, in time that does not depend on where they differ. */
    public static boolean matches(String token, String storedHash) {
        byte[] want;
        try {
            want = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), want);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
