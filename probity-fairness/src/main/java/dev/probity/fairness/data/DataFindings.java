package dev.probity.fairness.data;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.data.DataAuditResult.ColumnMissing;
import dev.probity.fairness.data.DataAuditResult.ConditionalGap;
import dev.probity.fairness.data.DataAuditResult.Finding;
import dev.probity.fairness.data.DataAuditResult.GroupMissing;
import dev.probity.fairness.data.DataAuditResult.GroupRate;
import dev.probity.fairness.data.DataAuditResult.GroupShare;
import dev.probity.fairness.data.DataAuditResult.LabelGaps;
import dev.probity.fairness.data.DataAuditResult.Missingness;
import dev.probity.fairness.data.DataAuditResult.Proxies;
import dev.probity.fairness.data.DataAuditResult.Proxy;
import dev.probity.fairness.data.DataAuditResult.Representation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's findings in plain language, most important first. */
final class DataFindings {
    private DataFindings() {
    }

    private static final Map<String, Integer> ORDER = Map.of("high", 0, "medium", 1, "info", 2);

    static List<Finding> of(DataAuditResult r) {
        List<Finding> out = new ArrayList<>();
        double level = r.settings().confidence();
        String lv = Interval.percent(level);
        double alpha = 1 - level;
        for (Representation rep : r.representation()) {
            for (GroupShare g : rep.groups()) {
                switch (g.status()) {
                    case "absent" -> out.add(new Finding("high", "representation", rep.attribute(), g.group(), String.format(Locale.ROOT,
                            "No row belongs to %s (%s), who are %s of the reference population.", g.group(), rep.attribute(),
                            pct(g.populationShare()))));
                    case "under" -> out.add(new Finding(g.significant() ? "high" : "medium", "representation", rep.attribute(), g.group(),
                            String.format(Locale.ROOT, "%s (%s) are under-represented: %s of the rows against %s of the population"
                                    + " (%s of their share; the tolerance is %s)%s.", g.group(), rep.attribute(), pct(g.share()),
                                    pct(g.populationShare()), ratio(g.ratio(), r.settings().tolerance()), trim(r.settings().tolerance()),
                                    g.significant() ? "" : "; with " + g.rows() + " rows this could be chance")));
                    case "over" -> out.add(new Finding("info", "representation", rep.attribute(), g.group(), String.format(Locale.ROOT,
                            "%s (%s) are over-represented: %s of the rows against %s of the population.", g.group(), rep.attribute(),
                            pct(g.share()), pct(g.populationShare()))));
                    default -> {
                    }
                }
                if (g.small() && g.rows() > 0) {
                    out.add(new Finding("info", "representation", rep.attribute(), g.group(), String.format(Locale.ROOT,
                            "%s (%s) has only %d rows (fewer than %d): its figures are uncertain.", g.group(), rep.attribute(), g.rows(),
                            r.settings().minGroupSize())));
                }
            }
        }
        for (LabelGaps lg : r.labels()) {
            for (GroupRate g : lg.groups()) {
                if (g.differenceInterval() == null || g.small() || g.difference() == null) {
                    continue;
                }
                if (lg.groups().size() == 2 && g.difference() > 0) {
                    continue; // two groups: one finding, about the group with the lower rate, says it all
                }
                Interval iv = g.differenceInterval();
                if (iv.low() > 0 || iv.high() < 0) {
                    double rest = g.rate() - g.difference();
                    out.add(new Finding(Math.abs(g.difference()) >= 0.1 ? "high" : "medium", "labels", lg.attribute(), g.group(),
                            String.format(Locale.ROOT, "The label '%s' is %s among %s against %s among the other rows"
                                    + " (difference %+.1f points, %s interval %+.1f to %+.1f).", r.roles().positive(),
                                    pct(g.rate()), g.group(), pct(rest), 100 * g.difference(), lv, 100 * iv.low(), 100 * iv.high())));
                }
            }
            for (ConditionalGap c : lg.conditional()) {
                if (c.gap() == null || c.pValue() == null) {
                    continue;
                }
                GroupRate g = lg.group(c.group());
                if (g == null || g.small() || (lg.conditional().size() == 2 && c.gap() > 0)) {
                    continue;
                }
                if (c.pValue() < alpha) {
                    out.add(new Finding(Math.abs(c.gap()) >= 0.1 ? "high" : "medium", "labels", lg.attribute(), c.group(),
                            String.format(Locale.ROOT, "Within the same %s, the label '%s' is %+.1f points for %s against the others"
                                    + " (Cochran–Mantel–Haenszel p %s): the gap is not explained by %s.", r.roles().strata(),
                                    r.roles().positive(), 100 * c.gap(), c.group(), p(c.pValue()), r.roles().strata())));
                } else if (g.differenceInterval() != null && (g.differenceInterval().low() > 0 || g.differenceInterval().high() < 0)) {
                    out.add(new Finding("info", "labels", lg.attribute(), c.group(), String.format(Locale.ROOT,
                            "Within the same %s, the gap for %s is %+.1f points (p %s): %s may explain the overall gap.",
                            r.roles().strata(), c.group(), 100 * c.gap(), p(c.pValue()), r.roles().strata())));
                }
            }
        }
        for (Missingness m : r.missingness()) {
            for (ColumnMissing c : m.columns()) {
                if (!c.dependsOnGroup()) {
                    continue;
                }
                GroupMissing most = c.groups().stream().filter(g -> g.rows() >= r.settings().minGroupSize())
                        .max(Comparator.comparingDouble(GroupMissing::share)).orElse(c.groups().get(0));
                GroupMissing least = c.groups().stream().filter(g -> g.rows() >= r.settings().minGroupSize())
                        .min(Comparator.comparingDouble(GroupMissing::share)).orElse(c.groups().get(0));
                out.add(new Finding(c.maxDifference() != null && c.maxDifference() >= 0.05 ? "high" : "medium", "missingness",
                        m.attribute(), c.column(), String.format(Locale.ROOT,
                                "'%s' is missing for %s of %s but %s of %s: missing values depend on %s (adjusted p %s)."
                                        + " Dropping or filling them treats the groups differently.", c.column(), pct(most.share()),
                                most.group(), pct(least.share()), least.group(), m.attribute(), p(c.adjustedPValue()))));
            }
        }
        for (Proxies px : r.proxies()) {
            for (Proxy p : px.features()) {
                if (p.strength().equals("strong") || p.strength().equals("moderate")) {
                    out.add(new Finding(p.strength().equals("strong") ? "high" : "medium", "proxies", px.attribute(), p.feature(),
                            String.format(Locale.ROOT, "'%s' predicts %s %s (AUC %.2f, %s interval %.2f to %.2f, on held-out rows):"
                                    + " a model can learn %s from it even when %s itself is left out.", p.feature(), px.attribute(),
                                    p.strength().equals("strong") ? "strongly" : "moderately", p.auc(), lv, p.aucInterval().low(),
                                    p.aucInterval().high(), px.attribute(), px.attribute())));
                }
            }
            if (px.joint() != null && !px.joint().strength().equals("negligible")) {
                out.add(new Finding(px.joint().strength().equals("strong") ? "high" : "medium", "proxies", px.attribute(), "all features",
                        String.format(Locale.ROOT, "All features together predict %s with AUC %.2f (%s, cross-validated on %,d rows):"
                                + " leaving %s out of a model does not keep the model from using it.", px.attribute(),
                                px.joint().auc(), px.joint().algorithm(), px.joint().rows(), px.attribute())));
            }
        }
        out.sort(Comparator.comparingInt(f -> ORDER.get(f.severity())));
        return out;
    }

    /**
     * A ratio beside its threshold: two decimals, or three (four) where two would print the threshold itself for a value
     * on the other side of it ("0.80 of their share; the tolerance is 0.80").
     */
    static String ratio(double v, double threshold) {
        for (int digits = 2; digits <= 4; digits++) {
            String a = String.format(Locale.ROOT, "%." + digits + "f", v);
            String b = String.format(Locale.ROOT, "%." + digits + "f", threshold);
            if (!a.equals(b) || v == threshold) {
                return a;
            }
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String pct(Double v) {
        if (v == null) {
            return "n/a";
        }
        double x = 100 * v;
        if (x != 0 && Math.abs(x) < 0.1) {
            return String.format(Locale.ROOT, "%.2f%%", x);
        }
        return String.format(Locale.ROOT, "%.1f%%", x);
    }

    static String p(Double v) {
        if (v == null) {
            return "n/a";
        }
        return v < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", v);
    }
}
