package dev.probity.ledger.registry;

import dev.probity.ledger.Evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of an evidence log read back as an event ({@code probity.evidence/v1}): its index in the log, type, actor,
 * time, fields, and whether it is signed (and if so whether the signature holds). Entries that are not events (opaque
 * bytes) are not events.
 *
 * @param index  the entry's index in the log
 * @param type   the event type, e.g. {@code run}, {@code approval}
 * @param actor  who acted, as recorded (for a signed event, the signing key's name)
 * @param time   when it was recorded
 * @param fields the whole event (maps, lists, strings, doubles, booleans, null)
 * @param signed whether it is signed, and whether the signature holds
 */
public record Event(long index, String type, String actor, Instant time, Map<String, Object> fields, Evidence.Signed signed) {

    /** A text field, or null. */
    public String text(String key) {
        Object v = fields.get(key);
        return v == null ? null : v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString();
    }

    /** A nested object field, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        return fields.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A list field, or an empty list. */
    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        return fields.get(key) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** For a {@code run} event, the command's name ({@code audit}, {@code train}, …), else null. */
    public String command() {
        List<Object> c = list("command");
        return "run".equals(type) && !c.isEmpty() ? String.valueOf(c.get(0)) : null;
    }

    /** For a {@code run} event, its exit status, else -1. */
    public int exit() {
        return fields.get("exit") instanceof Double d ? d.intValue() : -1;
    }

    /** Whether a run read a file with this SHA-256 under this role (any role when {@code role} is null). */
    public boolean read(String sha256, String role) {
        return has(list("inputs"), sha256, role);
    }

    /** Whether a run wrote a file with this SHA-256 under this role (any role when {@code role} is null). */
    public boolean wrote(String sha256, String role) {
        return has(list("outputs"), sha256, role);
    }

    private static boolean has(List<Object> files, String sha256, String role) {
        for (Object o : files) {
            if (o instanceof Map<?, ?> m && sha256.equals(m.get("sha256")) && (role == null || role.equals(m.get("role")))) {
                return true;
            }
        }
        return false;
    }

    /** A signed event whose signature holds. */
    public boolean validlySigned() {
        return signed == Evidence.Signed.VALID;
    }

    /** The model and version an event concerns ({@code model}, {@code version} fields), or null. */
    public String modelKey() {
        String m = text("model");
        String v = text("version");
        return m == null || v == null ? null : m + "@" + v;
    }
}
