package dev.probity.ledger.registry;

import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run events as {@code --ledger} records them, for tests of what is read from them. */
final class Runs {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private Runs() {
    }

    static long train(Ledger l, String actor, Path model, String dataset, Instant t) throws Exception {
        return run(l, actor, t, List.of("train", "--data", dataset, "-o", model.toString()),
                List.of(Map.of("role", "data", "dataset", dataset)), List.of(file("out", model)), 0, null);
    }

    static long audit(Ledger l, String actor, Path model, int exit, Instant t, Map<String, Object> result) throws Exception {
        return run(l, actor, t, List.of("audit", "--model", model.toString()), List.of(file("model", model)), List.of(), exit, result);
    }

    static long run(Ledger l, String actor, Instant t, List<String> command, List<Object> inputs, List<Object> outputs, int exit,
                    Map<String, Object> result) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", command);
        f.put("inputs", inputs);
        f.put("outputs", outputs);
        f.put("exit", exit);
        if (result != null) {
            f.put("result", result);
        }
        return l.append(Evidence.of("run", actor, t, f));
    }

    static Map<String, Object> file(String role, Path p) throws Exception {
        return Map.of("role", role, "path", p.toString(), "sha256", Evidence.sha256(p), "bytes", Files.size(p));
    }
}
