package dev.probity.report.text;

import dev.probity.privacy.pii.ColumnFinding;
import dev.probity.privacy.pii.PiiType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The terminal summary of a scan for personal data: counts by type and recognizer, and what each column holds. */
public final class PiiReportText {
    private PiiReportText() {
    }

    /**
     * @param counts  entities per type, then per recognizer
     * @param columns the columns' findings (empty for a text)
     */
    public static String summary(String source, long characters, int entities, Map<PiiType, Map<String, Integer>> counts,
            List<ColumnFinding> columns) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Personal data in %s (%,d characters): %,d %s%n", source, characters, entities,
                entities == 1 ? "entity" : "entities"));
        if (!counts.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n  %-16s %8s   %s%n", "type", "found", "by"));
            for (var e : new TreeMap<>(counts).entrySet()) {
                int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                b.append(String.format(Locale.ROOT, "  %-16s %,8d   %s%n", e.getKey().label(), n, String.join(", ", e.getValue().keySet())));
            }
        }
        if (!columns.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nColumns that hold personal data (from a sample of their values):%n"));
            b.append(String.format(Locale.ROOT, "  %-20s %-16s %9s %8s%n", "column", "holds", "matched", "score"));
            for (ColumnFinding f : columns) {
                b.append(String.format(Locale.ROOT, "  %-20s %-16s %8.0f%% %8.2f   (%d of %d sampled)%n", clip(TerminalText.clean(f.column()), 20),
                        f.type().label(), 100 * f.fraction(), f.score(), f.matched(), f.sampled()));
            }
        }
        return b.toString();
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
