package dev.probity.ledger;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proofs and hashes as text, for exchanging them with other implementations: a proof as {@code {"hashes": [hex, …]}} in
 * RFC 9162 order (or one hex hash per line), a hash as 64 hex digits.
 */
public final class Proofs {
    private static final Pattern HASHES = Pattern.compile("\"hashes\"\\s*:\\s*\\[([^\\]]*)\\]");

    private Proofs() {
    }

    public static String toJson(List<byte[]> hashes) {
        StringBuilder b = new StringBuilder("{\"hashes\": [");
        for (int i = 0; i < hashes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(HexFormat.of().formatHex(hashes.get(i))).append('"');
        }
        return b.append("]}").toString();
    }

    /** A proof from {@code {"hashes": [...]}} or hex hashes separated by white space; {@code source} names it in errors. */
    public static List<byte[]> parse(String text, String source) {
        String t = text.trim();
        List<String> items = new ArrayList<>();
        if (t.startsWith("{")) {
            Matcher m = HASHES.matcher(t);
            if (!m.find()) {
                throw new InputException(source + ": a JSON proof is {\"hashes\": [\"hex\", …]}");
            }
            for (String part : m.group(1).split(",")) {
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                if (!s.startsWith("\"") || !s.endsWith("\"")) {
                    throw new InputException(source + ": every hash is a string of hex digits");
                }
                items.add(s.substring(1, s.length() - 1));
            }
        } else if (!t.isEmpty()) {
            items.addAll(List.of(t.split("\\s+")));
        }
        List<byte[]> out = new ArrayList<>();
        for (String s : items) {
            try {
                out.add(HexFormat.of().parseHex(s));
            } catch (IllegalArgumentException e) {
                throw new InputException(source + ": '" + InputException.shown(s) + "' is not hex");
            }
        }
        return out;
    }

    /** A 32-byte hash from 64 hex digits; {@code what} names it in errors. */
    public static byte[] hash(String hex, String what) {
        try {
            byte[] b = HexFormat.of().parseHex(hex.trim());
            if (b.length != Merkle.HASH_BYTES) {
                throw new InputException(what + " must be a 32-byte hash in hex (64 digits); got " + b.length + " bytes");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new InputException(what + " must be a 32-byte hash in hex (64 digits); '" + InputException.shown(hex) + "' is not hex");
        }
    }
}
