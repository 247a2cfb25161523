package dev.probity.server.web;

import dev.probity.server.store.TokenStore;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions: a person logs in with an API token once; the browser then holds a random session id in an
 * HttpOnly, SameSite=Strict cookie (Secure under TLS), never the token. Sessions live in memory (a restart logs everyone
 * out) and expire after eight hours; the map is keyed by the SHA-256 of the id.
 */
public final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    record Session(TokenStore.Caller caller, Instant expires) {
    }

    /** A new session for a caller; returns the id for the cookie. */
    String open(TokenStore.Caller caller) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.put(hash(id), new Session(caller, Instant.now().plus(LIFETIME)));
        if (sessions.size() > 10_000) {
            Instant now = Instant.now();
            sessions.values().removeIf(s -> s.expires().isBefore(now));
        }
        return id;
    }

    Optional<TokenStore.Caller> caller(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        Session s = sessions.get(hash(id));
        if (s == null || s.expires().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(s.caller());
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(hash(id));
        }
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
