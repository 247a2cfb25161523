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
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number d) || !Double.isFinite(d.doubleValue())) {
            throw new InputException("params." + key + " is a number; got " + v);
        }
        return d.doubleValue();
    }

    static boolean bool(Map<String, Object> p, String key, boolean dflt) {
        return p.get(key) instanceof Boolean b ? b : dflt;
    }

    static Period period(Map<String, Object> p, String key, String dflt) {
        String s = str(p, key, dflt);
        try {
            return Period.parse(s);
        } catch (DateTimeParseException e) {
            throw new InputException("params." + key + " is an ISO-8601 period such as P1Y or P6M; got '" + InputException.shown(s) + "'");
        }
    }
}
