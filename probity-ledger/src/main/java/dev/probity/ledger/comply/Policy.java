package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.ledger.Jcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy: rules over evidence, each with its legal source. Built-in packs ({@link #BUILT_IN}) ship inside Probity;
 * a policy of your own is a JSON file of the same shape ({@code probity.policy/v1}):
 * <pre>{@code
 * {"schema": "probity.policy/v1", "id": "my-bank", "title": "…", "rules": [
 *   {"id": "bias-audit", "title": "…", "source": "…", "url": "…", "requirement": "…",
 *    "check": "audit-within", "params": {"period": "P1Y"}}]}
 * }</pre>
 *
 * @param id         short name
 * @param title      what it is
 * @param version    the date its text was last checked against its sources
 * @param scope      what and whom it applies to
 * @param caveats    what it cannot decide and what the reader must know (it is not legal advice)
 * @param rules      the rules, in order
 */
public record Policy(String id, String title, String version, String scope, List<String> caveats, List<Rule> rules) {
    public static final String SCHEMA = "probity.policy/v1";

    /** The packs that ship with Probity. */
    public static final List<String> BUILT_IN = List.of("nyc-ll144", "eeoc-four-fifths", "reg-b", "eu-ai-act-high-risk", "gdpr");

    /**
     * One rule.
     *
     * @param check  the kind of check (see {@link Compliance#CHECKS})
     * @param params its settings
     */
    public record Rule(String id, String title, String source, String url, String requirement, String check, Map<String, Object> params) {
    }

    /** A built-in pack by name, or a policy file. */
    public static Policy load(String packOrFile) {
        if (BUILT_IN.contains(packOrFile)) {
            try (InputStream in = Policy.class.getResourceAsStream(packOrFile + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("the built-in pack " + packOrFile + " is missing from the jar");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "pack " + packOrFile);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Path p = Path.of(packOrFile);
        if (!Files.isRegularFile(p)) {
            throw new InputException("'" + InputException.shown(packOrFile) + "' is neither a built-in pack ("
                    + String.join(", ", BUILT_IN) + ") nor a policy file");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(dev.probity.core.io.FileBytes.read(p))).toString();
            return parse(text, p.toString());
        } catch (CharacterCodingException e) {
            throw new InputException(p + ": not UTF-8 (a policy is a JSON file in UTF-8)");
        } catch (IOException e) {
            throw new InputException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Policy parse(String json, String source) {
        Object v;
        try {
            v = Jcs.parse(json);
        } catch (InputException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
        if (!(v instanceof Map<?, ?> m) || !SCHEMA.equals(m.get("schema"))) {
            throw new InputException(source + ": a policy is a JSON object with \"schema\": \"" + SCHEMA + "\"");
        }
        if (!(m.get("rules") instanceof List<?> rs) || rs.isEmpty()) {
            throw new InputException(source + ": a policy needs a non-empty list 'rules'");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rs.size(); i++) {
            if (!(rs.get(i) instanceof Map<?, ?> r)) {
                throw new InputException(source + ": rule " + (i + 1) + " is not an object");
            }
            String id = text(r, "id", source, i);
            String check = text(r, "check", source, i);
            if (!Compliance.CHECKS.contains(check)) {
                throw new InputException(source + ": rule " + id + " has an unknown check '" + InputException.shown(check)
                        + "'; the checks are " + String.join(", ", Compliance.CHECKS));
            }
            if (!ids.add(id)) {
                throw new InputException(source + ": two rules are called " + id);
            }
            if (r.get("params") != null && !(r.get("params") instanceof Map)) {
                throw new InputException(source + ": rule " + id + ": 'params' is an object");
            }
            Map<String, Object> params = r.get("params") == null ? Map.of() : (Map<String, Object>) r.get("params");
            try {
                Params.validate(id, check, params);
            } catch (InputException e) {
                throw new InputException(source + ": " + e.getMessage());
            }
            String url = opt(r, "url", null);
            if (url != null && !url.matches("(?i)https?://\\S+")) {
                throw new InputException(source + ": rule " + id + ": 'url' is an http or https address; got '" + InputException.shown(url) + "'");
            }
            rules.add(new Rule(id, opt(r, "title", id), text(r, "source", source, i), url, opt(r, "requirement", ""), check, params));
        }
        List<String> caveats = new ArrayList<>();
        if (m.get("caveats") instanceof List<?> cs) {
            cs.forEach(c -> caveats.add(String.valueOf(c)));
        }
        return new Policy(String.valueOf(m.get("id")), opt(m, "title", String.valueOf(m.get("id"))), opt(m, "version", null),
                opt(m, "scope", null), List.copyOf(caveats), List.copyOf(rules));
    }

    private static String text(Map<?, ?> r, String key, String source, int i) {
        if (!(r.get(key) instanceof String s) || s.isBlank()) {
            throw new InputException(source + ": rule " + (i + 1) + " needs '" + key + "' (text)"
                    + (key.equals("source") ? "; every rule cites its legal or internal source" : ""));
        }
        return s;
    }

    private static String opt(Map<?, ?> r, String key, String dflt) {
        return r.get(key) instanceof String s ? s : dflt;
    }
}
