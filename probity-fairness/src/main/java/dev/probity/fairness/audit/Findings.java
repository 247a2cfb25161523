package dev.probity.fairness.audit;

import dev.probity.core.stats.Interval;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plain-language findings, for people who will not read the tables: the disparities that break the
 * tolerance or are statistically significant, four-fifths failures, small groups and undefined metrics.
 * Sentences name the groups with the audit's nouns, e.g. "African-American defendants are flagged
 * high-risk at 1.74× the rate of Caucasian defendants (95% CI 1.64–1.85), p &lt; 0.001."
 */
final class Findings {
    private Findings() {
    }

    static List<AuditResult.Finding> of(AuditResult r, AuditSpec spec) {
        List<Scored> out = new ArrayList<>();
        String subjects = spec.subjects();
        for (MetricTable a : r.attributes()) {
            for (GroupDisparity d : a.disparities()) {
                GroupResult grp = a.group(d.group());
                for (String m : keyMetrics(r.task())) {
                    Comparison c = d.comparison(m);
                    if (c == null || !c.ratio().isDefined()) {
                        continue;
                    }
                    if (grp.rows() < spec.minGroupSize() || a.group(c.reference()).rows() < spec.minGroupSize()) {
                        continue; // small groups get one note below, not a finding per metric
                    }
                    boolean outside = Boolean.FALSE.equals(c.parity());
                    double p = Double.isNaN(c.pAdjusted()) ? c.pValue() : c.pAdjusted();
                    boolean significant = !Double.isNaN(p) && p < 0.05;
                    if (!outside && !significant) {
                        continue;
                    }
                    String sev = outside && (significant || Double.isNaN(p)) ? "high" : "medium";
                    if (a.intersection() && !sev.equals("high")) {
                        continue;
                    }
                    String text = sentence(m, d.group(), c.reference(), subjects, spec.outcome(), a, c, p,
                            r.settings().confidence(), Double.isNaN(c.pAdjusted()) ? MultipleTesting.Method.NONE : spec.adjust());
                    double size = Math.abs(Math.log(Math.max(1e-9, c.ratio().number())));
                    // Rank: strong single-attribute findings, then weaker ones, then intersections.
                    double base = a.intersection() ? 50 : sev.equals("high") ? 200 : 100;
                    out.add(new Scored(new AuditResult.Finding(sev, a.name(), d.group(), m, text), base + Math.min(size, 40)));
                }
            }
            if (a.fourFifths() != null && a.fourFifths().adverseImpact() && !a.intersection()) {
                for (var row : a.fourFifths().rows()) {
                    if (Boolean.TRUE.equals(row.adverse()) && !row.small()) {
                        String text = String.format(Locale.ROOT,
                                "Four-fifths rule: %s %s receive the favourable decision at %s of the rate of %s %s "
                                        + "(%s vs %s), below the 80%% threshold — adverse impact indicated.",
                                row.group(), subjects, pct(row.impactRatio().number()), a.fourFifths().highestGroup(),
                                subjects, pct(row.selectionRate().number()), pct(a.fourFifths().highestRate().value()));
                        out.add(new Scored(new AuditResult.Finding("high", a.name(), row.group(), "four_fifths", text), 200));
                    }
                }
            }
            List<GroupResult> drivers = a.summary().isEmpty() ? List.of()
                    : a.smallGroupsSettingSummaries(r.task(), spec.minGroupSize());
            if (!drivers.isEmpty()) {
                out.add(new Scored(new AuditResult.Finding("info", a.name(), null, null, "The summaries of " + a.name()
                        + " (demographic parity, equalized odds) are set by groups under " + spec.minGroupSize() + " rows: "
                        + String.join(", ", drivers.stream().map(g -> g.name() + " (" + g.rows() + " rows)").toList())
                        + "; they say little about the model — read the per-group intervals."), 12));
            }
            List<String> small = new ArrayList<>();
            for (GroupResult g : a.groups()) {
                if (!a.intersection() && g.flags().stream().anyMatch(f -> f.startsWith("small group"))) {
                    small.add(g.name() + " (" + g.rows() + " rows)");
                }
            }
            if (!small.isEmpty()) {
                out.add(new Scored(new AuditResult.Finding("info", a.name(), null, null, "Small groups in " + a.name()
                        + ": " + String.join(", ", small) + "; their rates are uncertain — read the intervals."), 10));
            }
            for (GroupResult g : a.groups()) {
                if (a.intersection()) {
                    continue;
                }
                for (String m : keyMetrics(r.task())) {
                    Estimate e = g.metric(m);
                    if (e != null && !e.isDefined()) {
                        out.add(new Scored(new AuditResult.Finding("info", a.name(), g.name(), m, m.toUpperCase(Locale.ROOT)
                                + " is undefined for " + g.name() + ": " + e.value().undefinedReason() + "."), 5));
                    }
                }
            }
        }
        if (out.stream().noneMatch(s -> !s.f.severity().equals("info"))) {
            out.add(new Scored(new AuditResult.Finding("info", null, null, null, String.format(Locale.ROOT,
                    "No disparity in the key metrics falls outside the tolerance (ratio between %.2f and %.2f) or is "
                            + "statistically significant.", spec.tolerance(), 1 / spec.tolerance())), 1));
        }
        out.sort(Comparator.comparingDouble((Scored s) -> -s.score));
        return out.stream().map(s -> s.f).toList();
    }

    private record Scored(AuditResult.Finding f, double score) {}

    static List<String> keyMetrics(TaskKind task) {
        return switch (task) {
            case BINARY -> List.of("selection_rate", "fpr", "fnr");
            case MULTICLASS -> List.of("accuracy");
            case REGRESSION -> List.of("mae", "mean_error");
        };
    }

    private static String sentence(String metric, String group, String ref, String subjects, String outcome,
                                   MetricTable a, Comparison c, double p, double confidence, MultipleTesting.Method adjust) {
        double ratio = c.ratio().number();
        String ci = interval(c.ratio().interval(), confidence, adjust);
        String pv = Double.isNaN(p) ? "" : ", " + adjusted(adjust) + pValue(p);
        GroupResult g = a.group(group);
        GroupResult rg = a.group(ref);
        String gv = g == null ? "" : pct(g.metric(metric).number());
        String rv = rg == null ? "" : pct(rg.metric(metric).number());
        return switch (metric) {
            case "selection_rate" -> String.format(Locale.ROOT, "%s %s are %s at %s the rate of %s %s (%s vs %s%s)%s.",
                    group, subjects, outcome, times(ratio), ref, subjects, gv, rv, ci, pv);
            case "fpr" -> String.format(Locale.ROOT,
                    "False positive rate: %s %s with a negative label are %s at %s the rate of %s %s (%s vs %s%s)%s.",
                    group, subjects, outcome, times(ratio), ref, subjects, gv, rv, ci, pv);
            case "fnr" -> String.format(Locale.ROOT,
                    "False negative rate: %s %s with a positive label are missed (not %s) at %s the rate of %s %s (%s vs %s%s)%s.",
                    group, subjects, outcome, times(ratio), ref, subjects, gv, rv, ci, pv);
            default -> String.format(Locale.ROOT, "%s of %s %s is %s that of %s %s (%s vs %s%s)%s.",
                    metric, group, subjects, times(ratio), ref, subjects, num(g, metric), num(rg, metric), ci, pv);
        };
    }

    private static String num(GroupResult g, String m) {
        return g == null ? "" : String.format(Locale.ROOT, "%.3g", g.metric(m).number());
    }

    static String times(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /**
     * The ratio's interval, saying how it was made; intervals are never adjusted for multiple comparisons, so when
     * the p-value is, the sentence says that the interval is not (else a reader sees an interval that excludes 1 next
     * to p = 1.000 and cannot tell which to believe).
     */
    private static String interval(Interval i, double confidence, MultipleTesting.Method adjust) {
        if (i == null) {
            return "";
        }
        String how = i.method().contains("bootstrap") ? "bootstrap" : i.method();
        return String.format(Locale.ROOT, "; ratio %s %s CI %.2f–%.2f%s", Interval.percent(confidence), how, i.low(), i.high(),
                adjust == MultipleTesting.Method.NONE ? "" : ", unadjusted");
    }

    private static String adjusted(MultipleTesting.Method adjust) {
        return switch (adjust) {
            case NONE -> "";
            case HOLM -> "Holm-adjusted ";
            case BH -> "Benjamini–Hochberg-adjusted ";
        };
    }

    static String pValue(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        return String.format(Locale.ROOT, "p = %.3f", p);
    }
}
