package dev.probity.report.text;

import dev.probity.fairness.metrics.Estimate;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.MonitorResult.Alert;
import dev.probity.monitor.window.MonitorResult.ColumnDrift;
import dev.probity.monitor.window.MonitorResult.GroupRates;
import dev.probity.monitor.window.MonitorResult.WindowReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The monitor's report for a terminal: one line per window, the selection rate of each group by window, then the alerts. */
public final class MonitorText {
    /** Alerts printed; the rest are counted and left to the JSON and HTML. */
    static final int MAX_ALERTS = 40;

    private MonitorText() {
    }

    public static String render(MonitorResult r) {
        StringBuilder b = new StringBuilder();
        MonitorResult.Settings s = r.settings();
        b.append("Monitoring — ").append(TerminalText.clean(r.source())).append(", windows of ").append(s.window())
                .append(s.timeColumn() == null ? " rows" : " by " + TerminalText.clean(s.timeColumn())).append(", against ")
                .append(TerminalText.clean(r.reference())).append('\n');
        long major = r.alerts().stream().filter(a -> a.severity().equals("major")).count();
        b.append(String.format(Locale.ROOT, "%d window%s, %d alert%s (%d major)%n", r.windows().size(), r.windows().size() == 1 ? "" : "s",
                r.alerts().size(), r.alerts().size() == 1 ? "" : "s", major));
        int w = Math.max(8, r.windows().stream().mapToInt(x -> x.label().length()).max().orElse(8));
        boolean est = r.windows().stream().anyMatch(x -> x.estimated() != null);
        b.append(String.format(Locale.ROOT, "  %-" + w + "s  %9s  %-30s  %-22s  %-22s  %s%s%n", "window", "rows", "columns drifted (PSI ≥ " + num(s.psiMinor()) + ")",
                "selection rate", "accuracy", est ? String.format(Locale.ROOT, "%-26s  ", "estimated accuracy (CBPE)") : "", "alerts"));
        List<WindowReport> all = new ArrayList<>();
        all.add(r.referenceWindow());
        all.addAll(r.windows());
        for (WindowReport x : all) {
            boolean isRef = x == r.referenceWindow();
            List<String> moved = x.columns().stream().filter(c -> c.level().equals("minor") || c.level().equals("major"))
                    .sorted((a, c) -> Double.compare(c.psi(), a.psi())).map(ColumnDrift::column).map(TerminalText::clean).toList();
            String drifted = isRef ? "(reference)" : moved.isEmpty() ? "-" : moved.size() <= 3 ? String.join(", ", moved)
                    : String.join(", ", moved.subList(0, 3)) + " +" + (moved.size() - 3);
            long alerts = r.alerts().stream().filter(a -> a.window().equals(x.label())).count();
            b.append(String.format(Locale.ROOT, "  %-" + w + "s  %,9d  %-30s  %-22s  %-22s  %s%s%n", isRef ? "reference" : TerminalText.clean(x.label()),
                    x.rows(), cut(drifted, 30), rate(x.outcome() == null ? null : x.outcome().selectionRate()),
                    rate(x.outcome() == null ? null : x.outcome().accuracy()), est ? String.format(Locale.ROOT, "%-26s  ", estimated(x)) : "",
                    isRef ? "" : alerts == 0 ? "-" : String.valueOf(alerts)));
            if (x.note() != null) {
                b.append("    ").append(TerminalText.clean(x.note())).append('\n');
            }
        }
        groups(b, r, all, w);
        if (!r.alerts().isEmpty()) {
            b.append("Alerts\n");
            int shown = 0;
            for (Alert a : r.alerts()) {
                if (shown++ == MAX_ALERTS) {
                    b.append(String.format(Locale.ROOT, "  … and %d more (all are in the JSON and the HTML)%n", r.alerts().size() - MAX_ALERTS));
                    break;
                }
                b.append(String.format(Locale.ROOT, "  %-5s  %-" + w + "s  %-11s  %s%n", a.severity().toUpperCase(Locale.ROOT), TerminalText.clean(a.window()),
                        a.kind(), TerminalText.clean(a.text())));
            }
        }
        for (String n : r.notes()) {
            b.append("Note: ").append(TerminalText.clean(n)).append('\n');
        }
        if (est) {
            b.append("  * estimated for a window where some labels have not arrived; the accuracy column covers only the labelled rows. "
                    + "CBPE's band is its estimate ± 3 sampling errors.\n");
        }
        if (!Double.isNaN(s.confidence())) {
            b.append("  Rates are shown with their ").append(num(100 * s.confidence())).append("% intervals. ");
        } else {
            b.append("  ");
        }
        b.append("Drift is the population stability index against the reference's deciles (numbers) or values.\n");
        return b.toString();
    }

    /** Per protected attribute: each group's selection rate by window. */
    private static void groups(StringBuilder b, MonitorResult r, List<WindowReport> all, int w) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (WindowReport x : all) {
            for (GroupRates g : x.groups()) {
                groups.computeIfAbsent(g.attribute(), k -> new LinkedHashSet<>()).add(g.group());
            }
        }
        for (Map.Entry<String, Set<String>> e : groups.entrySet()) {
            List<String> names = new ArrayList<>(e.getValue());
            int shown = Math.min(names.size(), 6);
            b.append("Selection rate by ").append(TerminalText.clean(e.getKey()))
                    .append(names.size() > shown ? " (the first " + shown + " of " + names.size() + " groups; all in the JSON)" : "").append('\n');
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + w + "s", "window"));
            for (int i = 0; i < shown; i++) {
                head.append(String.format(Locale.ROOT, "  %14s", cut(TerminalText.clean(names.get(i)), 14)));
            }
            b.append(head).append('\n');
            for (WindowReport x : all) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + w + "s", x == r.referenceWindow() ? "reference" : TerminalText.clean(x.label())));
                for (int i = 0; i < shown; i++) {
                    String name = names.get(i);
                    GroupRates g = x.groups().stream().filter(y -> y.attribute().equals(e.getKey()) && y.group().equals(name)).findFirst().orElse(null);
                    String cell = g == null ? "-" : pct(g.selectionRate()) + flag(g, x == r.referenceWindow());
                    line.append(String.format(Locale.ROOT, "  %14s", cell));
                }
                b.append(line).append('\n');
            }
        }
        if (!groups.isEmpty()) {
            b.append("  ! a rate outside the tolerance against the reference group's (significant); ? outside it but not significant\n");
        }
    }

    private static String flag(GroupRates g, boolean ref) {
        return g.gaps().stream().filter(x -> x.metric().equals("selection_rate") && Boolean.FALSE.equals(x.parity()))
                .map(x -> x.pAdjusted() < 0.05 ? " !" : " ?").findFirst().orElse("  ");
    }

    private static String estimated(WindowReport x) {
        if (x.estimated() == null) {
            return "-";
        }
        var a = x.estimated().get(dev.probity.monitor.perf.Cbpe.Metric.ACCURACY);
        if (Double.isNaN(a.value())) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]%s", 100 * a.value(), 100 * a.lower(), 100 * a.upper(),
                x.estimated().labelled() < x.estimated().rows() ? " *" : "");
    }

    private static String rate(Estimate e) {
        if (e == null) {
            return "-";
        }
        if (!e.isDefined()) {
            return "undefined";
        }
        var i = e.interval();
        return i == null ? pct(e) : String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * e.number(), 100 * i.low(), 100 * i.high());
    }

    private static String pct(Estimate e) {
        return e == null ? "-" : !e.isDefined() ? "undefined" : String.format(Locale.ROOT, "%.1f%%", 100 * e.number());
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
