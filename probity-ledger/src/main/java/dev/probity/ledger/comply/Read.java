package dev.probity.ledger.comply;

import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.ModelState;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading recorded evidence and writing what it says: the latest audit, its attributes, periods and figures in words. */
final class Read {
    private Read() {
    }

    static Event latestAudit(ModelState m, boolean withResult) {
        Event out = null;
        for (Event a : m.audits()) {
            if (!withResult || !a.object("result").isEmpty()) {
                out = a;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attributes(Event audit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(audit.object("result").get("attributes"))) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    static Event latestBefore(List<Event> events, long index) {
        Event out = null;
        for (Event e : events) {
            if (e.index() < index) {
                out = e;
            }
        }
        return out;
    }

    static Instant plus(Instant t, Period p) {
        return t.atZone(ZoneOffset.UTC).plus(p).toInstant();
    }

    static String day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    static String words(Period p) {
        if (p.getYears() > 0 && p.getMonths() == 0 && p.getDays() == 0) {
            return p.getYears() == 1 ? "one year" : p.getYears() + " years";
        }
        if (p.getYears() == 0 && p.getMonths() > 0 && p.getDays() == 0) {
            return p.getMonths() == 1 ? "one month" : p.getMonths() + " months";
        }
        return p.getDays() + p.getMonths() * 30 + p.getYears() * 365 + " days (" + p + ")";
    }

    static String pct(double d) {
        return String.format(Locale.ROOT, "%.4g%%", d * 100).replaceAll("\\.?0+%$", "%");
    }

    static String fmt(Object o) {
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(o);
    }

    static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }
}
