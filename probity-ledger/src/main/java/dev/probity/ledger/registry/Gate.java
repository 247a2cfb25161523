package dev.probity.ledger.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy gate on a lifecycle transition: whether it holds, in words, and the log entries it rests on.
 *
 * @param id      a stable name, e.g. {@code four-eyes}
 * @param passed  whether it holds
 * @param detail  why, in words, naming the entries
 * @param entries the entries it rests on
 */
public record Gate(String id, boolean passed, String detail, List<Long> entries) {
    public Gate {
        entries = List.copyOf(entries);
    }

    Map<String, Object> toEvidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("passed", passed);
        m.put("entries", entries);
        return m;
    }
}
