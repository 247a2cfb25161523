package dev.probity.report.text;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.data.DataAuditResult;
import dev.probity.fairness.data.DataAuditResult.ColumnMissing;
import dev.probity.fairness.data.DataAuditResult.ConditionalGap;
import dev.probity.fairness.data.DataAuditResult.GroupMissing;
import dev.probity.fairness.data.DataAuditResult.GroupRate;
import dev.probity.fairness.data.DataAuditResult.GroupShare;
import dev.probity.fairness.data.DataAuditResult.LabelGaps;
import dev.probity.fairness.data.DataAuditResult.Missingness;
import dev.probity.fairness.data.DataAuditResult.Proxies;
import dev.probity.fairness.data.DataAuditResult.Proxy;
import dev.probity.fairness.data.DataAuditResult.Representation;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The data bias report for a terminal: one table per section, then the findings. */
public final class DataAuditText {
    /** Proxies listed per attribute; the JSON and HTML hold all of them. */
    static final int MAX_PROXIES = 10;
    /** Groups listed per attribute. */
    static final int MAX_GROUPS = 20;

    private DataAuditText() {
    }

    public static String render(DataAuditResult r) {
        StringBuilder sb = new StringBuilder();
        String lv = Interval.percent(r.settings().confidence());
        sb.append("Probity data bias report — ").append(r.input().source()).append('\n');
        sb.append(String.format(Locale.ROOT, "%,d rows · protected %s", r.input().rows(), String.join(", ", r.roles().protectedAttributes())));
        if (r.roles().label() != null) {
            sb.append(" · label ").append(r.roles().label()).append(" (positive ").append(r.roles().positive()).append(')');
        }
        if (r.roles().strata() != null) {
            sb.append(" · legitimate factor ").append(r.roles().strata());
        }
        sb.append('\n');
        sb.append("population: ").append(r.roles().population() == null ? "none given (shares only; give one with a CSV of attribute,group,share)"
                : r.roles().population()).append("\n\n");

        sb.append(String.format(Locale.ROOT, "Representation — under-represented: share below %.2f × the population share%n",
                r.settings().tolerance()));
        for (Representation rep : r.representation()) {
            sb.append(String.format(Locale.ROOT, "  %-24s %10s %7s  %-15s %10s %6s  %s%n", cut(rep.attribute(), 24), "rows", "share",
                    lv + " interval", "population", "ratio", "status"));
            int shown = 0;
            List<GroupShare> ordered = rep.groups();
            if (ordered.size() > MAX_GROUPS) {
                // too many to show: the under-represented and absent ones first, then by size
                ordered = new java.util.ArrayList<>(ordered);
                ordered.sort(Comparator.comparingInt((GroupShare g) -> g.status().equals("absent") || g.status().equals("under") ? 0 : 1));
            }
            for (GroupShare g : ordered) {
                if (shown++ == MAX_GROUPS) {
                    sb.append(String.format(Locale.ROOT, "  … %d more groups in the JSON and HTML reports (the under-represented are listed first)%n",
                            rep.groups().size() - MAX_GROUPS));
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-24s %,10d %7s  %-15s %10s %6s  %s%n", cut(g.group(), 24), g.rows(), pct(g.share()),
                        range(g.interval()), g.populationShare() == null ? "—" : pct(g.populationShare()),
                        g.ratio() == null ? "—" : ratio(g.ratio(), r.settings().tolerance()), status(g)));
            }
            if (rep.chiSquare() != null || rep.pValue() != null) {
                sb.append(String.format(Locale.ROOT, "  goodness of fit: chi-square %s, df %d, p %s%n",
                        rep.chiSquare() == null ? "∞" : String.format(Locale.ROOT, "%.4g", rep.chiSquare()), rep.degreesOfFreedom(), p(rep.pValue())));
            }
            if (rep.testNote() != null) {
                sb.append("  note: ").append(rep.testNote()).append('\n');
            }
            sb.append('\n');
        }

        for (LabelGaps lg : r.labels()) {
            sb.append(String.format(Locale.ROOT, "Label gaps by %s — share with %s = %s (overall %s%s)%n", lg.attribute(), r.roles().label(),
                    r.roles().positive(), pct(lg.overallRate()), lg.missingLabels() > 0
                            ? String.format(Locale.ROOT, "; %,d rows without a label left out", lg.missingLabels()) : ""));
            sb.append(String.format(Locale.ROOT, "  %-24s %10s %7s  %-15s %8s  %-17s %9s%n", "group", "rows", "rate", lv + " interval",
                    "vs rest", lv + " interval", "p"));
            int shown = 0;
            for (GroupRate g : lg.groups()) {
                if (shown++ == MAX_GROUPS) {
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-24s %,10d %7s  %-15s %8s  %-17s %9s%s%n", cut(g.group(), 24), g.rows(), pct(g.rate()),
                        range(g.interval()), g.difference() == null ? "—" : points(g.difference()), pointsRange(g.differenceInterval()),
                        p(g.pValue()), g.small() ? "  small group" : ""));
            }
            if (!lg.conditional().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "  within strata of %s (gap a member meets in their own stratum; Cochran–Mantel–Haenszel):%n",
                        r.roles().strata()));
                for (ConditionalGap c : lg.conditional()) {
                    sb.append(String.format(Locale.ROOT, "  %-24s gap %8s over %d strata, p %s, Clarify CDDL %s%n", cut(c.group(), 24),
                            c.gap() == null ? "—" : points(c.gap()), c.strataUsed(), p(c.pValue()),
                            c.cddl() == null ? "—" : String.format(Locale.ROOT, "%+.4f", c.cddl())));
                }
            }
            sb.append('\n');
        }

        for (Missingness m : r.missingness()) {
            if (m.columns().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "Missing values by %s — none: every column is complete%n%n", m.attribute()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "Missing values by %s — %d column(s) with missing values, %d complete (Holm-adjusted p;"
                    + " most and least among groups of %d rows or more)%n", m.attribute(), m.columns().size(), m.complete().size(),
                    r.settings().minGroupSize()));
            sb.append(String.format(Locale.ROOT, "  %-24s %8s  %-28s %-28s %9s  %s%n", "column", "missing", "most missing", "least missing",
                    "adj. p", "depends on group"));
            for (ColumnMissing c : m.columns()) {
                // as the largest difference: among groups of at least the minimum size, where there are any
                int min = r.settings().minGroupSize();
                List<GroupMissing> large = c.groups().stream().filter(g -> g.rows() >= min).toList();
                List<GroupMissing> among = large.isEmpty() ? c.groups() : large;
                GroupMissing most = among.stream().max(Comparator.comparingDouble(GroupMissing::share)).orElseThrow();
                GroupMissing least = among.stream().min(Comparator.comparingDouble(GroupMissing::share)).orElseThrow();
                sb.append(String.format(Locale.ROOT, "  %-24s %8s  %-28s %-28s %9s  %s%n", cut(c.column(), 24), pct(c.share()),
                        cut(most.group(), 18) + " " + pct(most.share()), cut(least.group(), 18) + " " + pct(least.share()),
                        p(c.adjustedPValue()), c.dependsOnGroup() ? "yes" : "no"));
            }
            sb.append('\n');
        }

        for (Proxies px : r.proxies()) {
            sb.append(String.format(Locale.ROOT, "Proxies of %s — how well each feature predicts it (ROC AUC on held-out rows, %d folds)%n",
                    px.attribute(), r.settings().folds()));
            if (!px.features().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "  %-24s %6s  %-13s %-10s %8s %6s  %s%n", "feature", "AUC", lv + " interval", "strength",
                        "MI bits", "V", "encoding"));
            }
            int shown = 0;
            for (Proxy p : px.features()) {
                if (shown++ == MAX_PROXIES) {
                    sb.append(String.format(Locale.ROOT, "  … %d more in the JSON and HTML reports%n", px.features().size() - MAX_PROXIES));
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-24s %6.3f  %-13s %-10s %8.4f %6.3f  %s%n", cut(p.feature(), 24), p.auc(),
                        String.format(Locale.ROOT, "%.3f–%.3f", p.aucInterval().low(), p.aucInterval().high()), p.strength(),
                        p.mutualInformation(), p.cramersV(), p.encoding()));
            }
            if (px.joint() != null) {
                sb.append(String.format(Locale.ROOT, "  all features together (%s, %d-fold, %,d rows): AUC %.3f (%.3f–%.3f), %s%n",
                        px.joint().algorithm(), px.joint().folds(), px.joint().rows(), px.joint().auc(), px.joint().aucInterval().low(),
                        px.joint().aucInterval().high(), px.joint().strength()));
            }
            for (String n : px.notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            sb.append('\n');
        }

        if (!r.findings().isEmpty()) {
            sb.append("Findings\n");
            int shown = 0;
            for (DataAuditResult.Finding f : r.findings()) {
                if (shown++ == AuditTable.MAX_FINDINGS) {
                    sb.append(String.format(Locale.ROOT, "  … %d more in the JSON and HTML reports%n", r.findings().size() - AuditTable.MAX_FINDINGS));
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-6s %s%n", f.severity().toUpperCase(Locale.ROOT), f.text()));
            }
        } else {
            sb.append("Findings: none above the thresholds (see docs/data-bias.md for what each section tests)\n");
        }
        for (DataAuditResult.RuleOutcome o : r.rules()) {
            sb.append(o.passed() ? "rule holds: " : "RULE BROKEN: ").append(o.rule()).append(" — ").append(o.detail()).append('\n');
        }
        return sb.toString();
    }

    /** Two decimals, or more where two would print the tolerance for a ratio on the other side of it. */
    public static String ratio(double v, double tolerance) {
        for (int digits = 2; digits <= 4; digits++) {
            String a = String.format(Locale.ROOT, "%." + digits + "f", v);
            if (v == tolerance || !a.equals(String.format(Locale.ROOT, "%." + digits + "f", tolerance))) {
                return a;
            }
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String status(GroupShare g) {
        String label = switch (g.status()) {
            case "under" -> "UNDER" + (g.significant() ? "" : " (could be chance)");
            case "absent" -> "ABSENT";
            case "over" -> "over";
            case "within" -> "within";
            case "not-in-population" -> "not in population";
            default -> "";
        };
        String small = g.small() && g.rows() > 0 ? "small" : "";
        return label.isEmpty() ? small : small.isEmpty() ? label : label + ", " + small;
    }

    static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, w - 1) + "…";
    }

    static String pct(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return String.format(Locale.ROOT, Math.abs(v) < 0.001 && v != 0 ? "%.2f%%" : "%.1f%%", 100 * v);
    }

    static String range(Interval iv) {
        return iv == null ? "—" : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * iv.low(), 100 * iv.high());
    }

    static String points(double d) {
        return String.format(Locale.ROOT, "%+.1f pt", 100 * d);
    }

    static String pointsRange(Interval iv) {
        return iv == null ? "—" : String.format(Locale.ROOT, "%+.1f to %+.1f pt", 100 * iv.low(), 100 * iv.high());
    }

    static String p(Double v) {
        if (v == null) {
            return "—";
        }
        return v < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", v);
    }
}
