package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.core.model.ProhibitedBases;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import static dev.probity.ledger.comply.Read.list;

/** A rule's {@code params}, read with clear errors. */
final class Params {
    private Params() {
    }

    static List<String> prohibited(Map<String, Object> p) {
        List<String> l = strings(p, "prohibited");
        return l.isEmpty() ? ProhibitedBases.REGULATION_B : l;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> p, String key) {
        return p.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Map<String, Object> p, String key) {
        return list(p.get(key)).stream().map(String::valueOf).toList();
    }

    static String str(Map<String, Object> p, String key, String dflt) {
        return p.get(key) instanceof String s ? s : dflt;
    }

    static double num(Map<String, Object> p, String key, double dflt) {
        return num(p, key, dflt, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** A number in [lo, hi]. */
    static double num(Map<String, Object> p, String key, double dflt, double lo, double hi) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number d) || !Double.isFinite(d.doubleValue())) {
            throw new InputException("params." + key + " is a number; got " + (v instanceof String t ? "the text '" + InputException.shown(t) + "'" : v));
        }
        double x = d.doubleValue();
        if (x < lo || x > hi) {
            throw new InputException("params." + key + " is between " + lo + " and " + hi + "; got " + x);
        }
        return x;
    }

    /** The parameters each check takes: any other is refused, so that a misspelt one cannot loosen a rule unseen. */
    static final Map<String, java.util.Set<String>> KNOWN = Map.ofEntries(
            Map.entry("audit-within", java.util.Set.of("period")),
            Map.entry("independent-auditor", java.util.Set.of("attestation")),
            Map.entry("audit-categories", java.util.Set.of("categories", "intersections")),
            Map.entry("impact-ratios", java.util.Set.of("min_share")),
            Map.entry("four-fifths", java.util.Set.of("threshold")),
            Map.entry("event", java.util.Set.of("type", "where", "signed", "fields", "before", "max_age")),
            Map.entry("documented", java.util.Set.of("fields", "signed")),
            Map.entry("four-eyes", java.util.Set.of()),
            Map.entry("approved-before-deployment", java.util.Set.of()),
            Map.entry("reasons", java.util.Set.of("max", "prohibited")),
            Map.entry("explained", java.util.Set.of()),
            Map.entry("no-prohibited-features", java.util.Set.of("prohibited", "allow")),
            Map.entry("data-governance", java.util.Set.of("datasheet")),
            Map.entry("data-examined", java.util.Set.of()),
            Map.entry("log-integrity", java.util.Set.of()),
            Map.entry("oversight", java.util.Set.of("field")),
            Map.entry("contest-route", java.util.Set.of("field")),
            Map.entry("evaluated", java.util.Set.of("min_accuracy")));

    /** Checks a rule's parameters when the policy is read: names, types and ranges. */
    static void validate(String rule, String check, Map<String, Object> p) {
        java.util.Set<String> known = KNOWN.get(check);
        for (String k : p.keySet()) {
            if (!known.contains(k)) {
                throw new InputException("rule " + rule + ": the check " + check + " has no parameter '" + InputException.shown(k) + "'"
                        + (known.isEmpty() ? " (it takes none)" : "; its parameters are " + String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
        try {
            switch (check) {
                case "audit-within" -> period(p, "period", "P1Y");
                case "impact-ratios" -> num(p, "min_share", 0.02, 0, 0.5);
                case "four-fifths" -> {
                    if (num(p, "threshold", 0.8, 0, 1) == 0) {
                        throw new InputException("params.threshold is above 0");
                    }
                }
                case "reasons" -> num(p, "max", 4, 1, 100);
                case "evaluated" -> num(p, "min_accuracy", 0, 0, 1);
                case "documented" -> {
                    if (strings(p, "fields").isEmpty()) {
                        throw new InputException("params.fields lists the fields the documentation must have (it would pass on nothing)");
                    }
                }
                case "event" -> {
                    if (str(p, "type", null) == null) {
                        throw new InputException("params.type names the event type");
                    }
                    if (p.containsKey("max_age")) {
                        period(p, "max_age", "P1Y");
                    }
                    Object before = p.get("before");
                    if (before != null && !"first-deployment".equals(before)) {
                        throw new InputException("params.before is first-deployment; got " + before);
                    }
                }
                default -> { }
            }
        } catch (InputException e) {
            throw new InputException("rule " + rule + ": " + e.getMessage());
        }
    }

    static boolean bool(Map<String, Object> p, String key, boolean dflt) {
        return p.get(key) instanceof Boolean b ? b : dflt;
    }

    static Period period(Map<String, Object> p, String key, String dflt) {
        String s = str(p, key, dflt);
        Period per;
        try {
            per = Period.parse(s);
        } catch (DateTimeParseException e) {
            throw new InputException("params." + key + " is an ISO-8601 period such as P1Y or P6M; got '" + InputException.shown(s) + "'");
        }
        if (per.isNegative() || per.isZero()) {
            throw new InputException("params." + key + " is a period longer than zero; got " + s);
        }
        return per;
    }
}
