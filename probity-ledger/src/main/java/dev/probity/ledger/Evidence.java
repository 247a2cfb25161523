package dev.probity.ledger;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed evidence: an event as canonical JSON (RFC 8785), so that the same event hashes the same everywhere, with a
 * versioned schema ({@value #SCHEMA}), a type, the time and who acted. The types Probity writes: {@code run} (a command
 * and the hashes of what it read and wrote), and whatever a caller records with {@link #of}.
 */
public final class Evidence {
    public static final String SCHEMA = "probity.evidence/v1";

    private Evidence() {
    }

    /** An event of {@code type} with the given fields (schema, type, time and actor added). */
    public static byte[] of(String type, String actor, Instant time, Map<String, ?> fields) {
        if (type == null || !type.matches("[a-z][a-z0-9.-]*")) {
            throw new InputException("an evidence type is lower-case letters, digits, '.' and '-', e.g. approval; got '"
                    + InputException.shown(String.valueOf(type)) + "'");
        }
        Map<String, Object> e = new LinkedHashMap<>(fields);
        e.put("schema", SCHEMA);
        e.put("type", type);
        e.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        e.put("actor", actor);
        return Jcs.serialize(e).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An event signed by the person who acts (an approver's own key, not the log's): the actor is the key's name, and
     * {@code signature} holds the verifier key and the Ed25519 signature of the canonical event without it.
     */
    public static byte[] signed(String type, NoteKey key, Instant time, Map<String, ?> fields) {
        if (!key.canSign()) {
            throw new IllegalArgumentException("a verifier key cannot sign");
        }
        if (fields.containsKey("signature")) {
            throw new InputException("'signature' is set by the signing; leave it out of the fields");
        }
        byte[] unsigned = of(type, key.name(), time, fields);
        byte[] sig = key.sign(unsigned);
        @SuppressWarnings("unchecked")
        Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) Jcs.parse(new String(unsigned, StandardCharsets.UTF_8)));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("key", key.verifierKey());
        s.put("ed25519", java.util.Base64.getEncoder().encodeToString(sig));
        e.put("signature", s);
        return Jcs.serialize(e).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an entry is a signed event, and if so whether its signature holds. */
    public enum Signed { NOT_SIGNED, VALID, INVALID }

    /** Checks a signed event's signature against the key it names (whose name must be the event's actor). */
    public static Signed checkSignature(byte[] entry) {
        Object v;
        try {
            v = Jcs.parse(new String(entry, StandardCharsets.UTF_8));
        } catch (InputException e) {
            return Signed.NOT_SIGNED; // opaque bytes, not an event
        }
        if (!(v instanceof Map<?, ?> m) || !SCHEMA.equals(m.get("schema")) || !(m.get("signature") instanceof Map<?, ?> sig)) {
            return Signed.NOT_SIGNED;
        }
        try {
            NoteKey key = NoteKey.parseVerifier(String.valueOf(sig.get("key")));
            if (!key.name().equals(m.get("actor"))) {
                return Signed.INVALID;
            }
            Map<Object, Object> rest = new LinkedHashMap<>(m);
            rest.remove("signature");
            byte[] unsigned = Jcs.serialize(rest).getBytes(StandardCharsets.UTF_8);
            byte[] s = java.util.Base64.getDecoder().decode(String.valueOf(sig.get("ed25519")));
            return key.verify(unsigned, s) ? Signed.VALID : Signed.INVALID;
        } catch (InputException | IllegalArgumentException e) {
            return Signed.INVALID;
        }
    }

    /**
     * An event from a JSON object of the caller's fields (UTF-8): checked to be one object without the fields the log
     * sets, then made canonical, and signed when {@code signer} is given (its name is then the actor).
     */
    public static byte[] fromJson(byte[] json, String source, String type, String actor, NoteKey signer, Instant time) {
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(json)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(source + ": not UTF-8 (JSON is UTF-8; convert the file first)");
        }
        if (dev.probity.ledger.registry.Registry.RESERVED.contains(type)) {
            throw new InputException("'" + type + "' events are written by the registry, which checks their gates; use 'probity registry' "
                    + "(register, dataset, document, promote, reject, decide, override, appeal), or record your event under another type");
        }
        Object v = Jcs.parse(text);
        if (!(v instanceof Map<?, ?> m)) {
            throw new InputException(source + " must hold a JSON object (the event's fields)");
        }
        for (String reserved : List.of("schema", "type", "time", "actor", "signature")) {
            if (m.containsKey(reserved)) {
                throw new InputException(source + ": '" + reserved + "' is set by the log; leave it out of the fields");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> fields = (Map<String, ?>) m;
        if (signer != null) {
            if (actor != null && !actor.equals(signer.name())) {
                throw new InputException("the actor " + actor + " is not the signing key's name " + signer.name());
            }
            return signed(type, signer, time, fields);
        }
        return of(type, actor != null ? actor : defaultActor(), time, fields);
    }

    /** A file as evidence: its path, size and SHA-256. */
    public static Map<String, Object> file(String role, Path p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("path", p.toAbsolutePath().normalize().toString());
        try {
            m.put("bytes", Files.size(p));
            m.put("sha256", sha256(p));
        } catch (IOException e) {
            throw new InputException("cannot read " + p + " to record it: " + e.getMessage(), e);
        }
        return m;
    }

    public static String sha256(Path p) throws IOException {
        MessageDigest d = Merkle.digest();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                d.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    public static String sha256(byte[] b) {
        return HexFormat.of().formatHex(Merkle.sha256(b));
    }

    /** Who acts when nobody says: the operating system's user name. */
    public static String defaultActor() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    /** Appends an event to the log in {@code dir} and returns its index (on disk when it returns). */
    public static long record(Path dir, byte[] event) {
        try (Ledger l = Ledger.open(dir)) {
            return l.append(event);
        }
    }

}
