package dev.probity.report.text;

import dev.probity.monitor.drift.Drift;

import java.util.Locale;

/** The drift report for a terminal. */
public final class DriftText {
    private DriftText() {
    }

    public static String render(Drift.Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Data drift — ").append(TerminalText.clean(r.current())).append(" against ").append(TerminalText.clean(r.reference())).append('\n');
        b.append(String.format(Locale.ROOT, "%d of %d columns drifted (%.0f%%); the data %s (drift share %.2f)%n", r.drifted(), r.columns().size(),
                r.share() * 100, r.datasetDrift() ? "DRIFTED" : "did not drift", r.driftShare()));
        int w = Math.max(6, r.columns().stream().mapToInt(c -> TerminalText.clean(c.column()).length()).max().orElse(6));
        b.append(String.format(Locale.ROOT, "  %-" + w + "s  %-11s  %-13s  %12s  %-10s  %s%n", "column", "kind", "test", "score", "threshold", "drift"));
        for (Drift.ColumnDrift c : r.columns()) {
            b.append(String.format(Locale.ROOT, "  %-" + w + "s  %-11s  %-13s  %12s  %-10s  %s%n", TerminalText.clean(c.column()), c.kind(), c.test(),
                    score(c.score()) + (c.scoreIsPValue() ? " p" : ""), c.rule().replace("distance ", ""), c.drifted() ? "DRIFT" : "-"));
            if (c.note() != null) {
                b.append("    ").append(TerminalText.clean(c.column())).append(": ").append(c.note()).append('\n');
            }
        }
        for (Drift.Skipped s : r.skipped()) {
            b.append("  ").append(TerminalText.clean(s.column())).append(": not tested — ").append(s.reason()).append('\n');
        }
        b.append("  p: a p-value (drift when small); otherwise a distance (drift when large). Tests chosen as Evidently chooses them "
                + "unless one was named; the JSON gives each column's reason.\n");
        return b.toString();
    }

    private static String score(double x) {
        if (Double.isNaN(x)) {
            return "undefined";
        }
        if (Double.isInfinite(x)) {
            return "∞";
        }
        return x != 0 && Math.abs(x) < 0.001 ? String.format(Locale.ROOT, "%.2e", x) : String.format(Locale.ROOT, "%.4f", x);
    }

    /** The data-quality comparison: only what changed. */
    public static String quality(dev.probity.monitor.quality.DataQuality.Report q) {
        StringBuilder b = new StringBuilder();
        b.append("Data quality — ").append(q.issues() == 0 ? "nothing changed that is counted here" : q.issues() + " finding" + (q.issues() == 1 ? "" : "s"))
                .append('\n');
        if (!q.onlyInReference().isEmpty()) {
            b.append("  columns gone: ").append(String.join(", ", q.onlyInReference().stream().map(TerminalText::clean).toList())).append('\n');
        }
        if (!q.onlyInCurrent().isEmpty()) {
            b.append("  new columns: ").append(String.join(", ", q.onlyInCurrent().stream().map(TerminalText::clean).toList())).append('\n');
        }
        for (var c : q.columns()) {
            for (String issue : c.issues()) {
                b.append("  ").append(TerminalText.clean(c.column())).append(": ").append(TerminalText.clean(issue)).append('\n');
            }
        }
        b.append(String.format(Locale.ROOT, "  rows repeating an earlier row in the columns compared: %.2f%% of the reference, %.2f%% of the current data%n",
                q.duplicateRowsReference() * 100, q.duplicateRowsCurrent() * 100));
        return b.toString();
    }

    /** The multivariate tests: maximum mean discrepancy and the domain classifier. */
    public static String multivariate(dev.probity.monitor.drift.Multivariate.Report m) {
        StringBuilder b = new StringBuilder();
        b.append("Multivariate drift — ").append(m.columns().size()).append(m.columns().size() == 1 ? " column (" : " columns together (").append(m.features().size()).append(" encoded features); ")
                .append(m.drifted() ? "the data MOVED" : "no sign of a change").append('\n');
        var d = m.mmd();
        b.append(String.format(Locale.ROOT, "  maximum mean discrepancy: MMD² %s, p %s (%s, %d %s; σ %s; %d and %d rows)  %s%n",
                score(d.statistic()), score(d.pValue()), d.exact() ? "exact" : "permutation test", d.permutations(),
                d.exact() ? "splits" : "relabellings", score(d.sigma()), d.referenceRows(), d.currentRows(),
                d.drifted() ? "DRIFT (p < " + d.threshold() + ")" : "-"));
        if (!d.canDetect()) {
            b.append(String.format(Locale.ROOT, "    with %d %s the smallest possible p is %s, not below %s: this test cannot detect drift here%n",
                    d.permutations(), d.exact() ? "splits" : "relabellings", score(d.smallestPossibleP()), d.threshold()));
        }
        var c = m.classifier();
        if (c != null) {
            b.append(String.format(Locale.ROOT, "  domain classifier (%s, %d folds, %d and %d rows): AUC %.3f [%.3f, %.3f] %s, drift score %.3f  %s%n",
                    c.algorithm(), c.folds(), c.referenceRows(), c.currentRows(), c.auc(), c.interval().low(), c.interval().high(),
                    dev.probity.core.stats.Interval.percent(c.interval().level()), c.driftScore(),
                    c.drifted() ? "DRIFT (score ≥ " + c.threshold() + ")" : "-"));
            b.append("    ").append(c.verdict()).append('\n');
        }
        return b.toString();
    }
}
