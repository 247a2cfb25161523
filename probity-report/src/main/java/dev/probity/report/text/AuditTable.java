package dev.probity.report.text;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.Comparison;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The audit as a terminal table: per-group rates, the comparison with the reference, and the findings. */
public final class AuditTable {
    /** Findings printed to the terminal; the reports hold all of them. */
    static final int MAX_FINDINGS = 10;

    private AuditTable() {
    }

    /** Columns per task: metric key and header. */
    static List<String[]> columns(TaskKind task) {
        return switch (task) {
            case BINARY -> List.of(new String[] {"selection_rate", "select"}, new String[] {"base_rate", "base"},
                    new String[] {"tpr", "TPR"}, new String[] {"fpr", "FPR"}, new String[] {"fnr", "FNR"},
                    new String[] {"precision", "prec."}, new String[] {"accuracy", "acc."});
            case MULTICLASS -> List.of(new String[] {"accuracy", "acc."}, new String[] {"balanced_accuracy", "bal.acc."},
                    new String[] {"macro_f1", "macro F1"}, new String[] {"weighted_f1", "wtd F1"});
            case REGRESSION -> List.of(new String[] {"mean_label", "mean y"}, new String[] {"mean_prediction", "mean ŷ"},
                    new String[] {"mean_error", "bias"}, new String[] {"mae", "MAE"}, new String[] {"rmse", "RMSE"},
                    new String[] {"r2", "R²"});
        };
    }

    static boolean percent(TaskKind task) {
        return task != TaskKind.REGRESSION;
    }

    public static String render(AuditResult r) {
        StringBuilder sb = new StringBuilder();
        AuditResult.Input in = r.input();
        sb.append("Probity fairness audit — ").append(in.source()).append('\n');
        sb.append(String.format(Locale.ROOT, "%,d rows", in.rows()));
        if (in.rowsRead() != in.rows()) {
            sb.append(String.format(Locale.ROOT, " of %,d read", in.rowsRead()));
        }
        sb.append(" · label ").append(r.roles().label());
        if (r.roles().positiveLabel() != null) {
            sb.append(" (positive ").append(r.roles().positiveLabel()).append(')');
        }
        if (r.roles().prediction() != null) {
            sb.append(" · prediction ").append(r.roles().prediction());
        } else if (r.roles().score() != null) {
            sb.append(" · prediction ").append(r.roles().score()).append(" >= ").append(r.roles().threshold());
        }
        sb.append(" · ").append(r.task().name().toLowerCase(Locale.ROOT)).append(" · engine ").append(in.engine()).append('\n');
        if (in.where() != null) {
            sb.append("filter: ").append(in.where()).append('\n');
        }
        for (MetricTable a : r.attributes()) {
            sb.append('\n');
            attribute(sb, r, a);
        }
        sb.append("\nFindings\n");
        int shown = 0;
        for (AuditResult.Finding f : r.findings()) {
            if (shown++ == MAX_FINDINGS) {
                sb.append("    … and ").append(r.findings().size() - MAX_FINDINGS)
                        .append(" more findings in the JSON and HTML reports\n");
                break;
            }
            String mark = switch (f.severity()) {
                case "high" -> "!!";
                case "medium" -> " !";
                default -> "  ";
            };
            sb.append(' ').append(mark).append(' ').append(f.text()).append('\n');
        }
        if (!r.rules().isEmpty()) {
            sb.append("\nRules\n");
            for (AuditResult.RuleOutcome o : r.rules()) {
                sb.append(o.passed() ? "  pass  " : "  FAIL  ").append(o.rule()).append(" — ").append(o.detail()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void attribute(StringBuilder sb, AuditResult r, MetricTable a) {
        sb.append(a.name()).append("  (reference: ").append(switch (a.referenceRule()) {
            case "given" -> a.reference() + ", given";
            case "min-metric" -> "per metric, the group with the lowest value";
            default -> a.reference() + ", largest group";
        }).append(")\n");
        List<String[]> cols = columns(r.task());
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("group", "n"));
        for (String[] c : cols) {
            header.add(c[1]);
        }
        rows.add(header);
        for (GroupResult g : a.groups()) {
            List<String> row = new ArrayList<>();
            row.add(g.name() + (g.flags().stream().anyMatch(f -> f.startsWith("small")) ? " *" : ""));
            row.add(String.format(Locale.ROOT, "%,d", g.rows()));
            for (String[] c : cols) {
                row.add(value(g.metric(c[0]), percent(r.task())));
            }
            rows.add(row);
        }
        table(sb, rows, "  ");
        if (a.groups().stream().anyMatch(g -> g.flags().stream().anyMatch(f -> f.startsWith("small")))) {
            sb.append("  * fewer than ").append(r.settings().minGroupSize()).append(" rows: rates are uncertain\n");
        }
        calibration(sb, a);
        if (!a.disparities().isEmpty()) {
            List<String> metrics = switch (r.task()) {
                case BINARY -> List.of("selection_rate", "fpr", "fnr", "precision");
                case MULTICLASS -> List.of("accuracy", "macro_f1");
                case REGRESSION -> List.of("mae", "mean_prediction");
            };
            List<List<String>> drows = new ArrayList<>();
            List<String> dh = new ArrayList<>(List.of(a.referenceRule().equals("min-metric") ? "ratio to the lowest group"
                    : "ratio to " + a.reference()));
            for (String m : metrics) {
                dh.add(m);
            }
            drows.add(dh);
            for (GroupDisparity d : a.disparities()) {
                if (d.comparisons().isEmpty()) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(d.group()));
                for (String m : metrics) {
                    Comparison c = d.comparison(m);
                    row.add(c == null ? "" : ratio(c, r.settings().tolerance()));
                }
                drows.add(row);
            }
            sb.append('\n');
            table(sb, drows, "  ");
            sb.append(String.format(Locale.ROOT, "  ✗ outside the tolerance %.2f–%.2f (Aequitas parity)%n", r.settings().tolerance(),
                    1 / r.settings().tolerance()));
            sb.append("  [").append(Interval.percent(r.settings().confidence())).append(" interval: ")
                    .append(r.settings().bootstrap() > 0 ? "percentile bootstrap, " + r.settings().bootstrap() + " replicates"
                            : "Katz log ratio")
                    .append(", not adjusted for multiple comparisons]");
            boolean analytic = false;
            boolean none = false;
            for (GroupDisparity d : a.disparities()) {
                for (String m : metrics) {
                    Comparison c = d.comparison(m);
                    if (c != null && c.ratio().isDefined() && c.ratio().bootstrapWithheld() != null) {
                        analytic |= c.ratio().analytic() != null;
                        none |= c.ratio().analytic() == null;
                    }
                }
            }
            if (analytic) {
                sb.append("\n  ᵃ Katz log interval: the group is too small or too degenerate for the bootstrap");
            }
            if (none) {
                sb.append("\n  [no CI]: the group is too small or too degenerate for the bootstrap, and no formula applies");
            }
            sb.append('\n');
        }
        if (!a.summary().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  demographic parity difference %s, ratio %s · equalized odds difference %s"
                            + " · equal opportunity difference %s%n", plain(a.summary().get("demographic_parity_difference")),
                    plain(a.summary().get("demographic_parity_ratio")), plain(a.summary().get("equalized_odds_difference")),
                    plain(a.summary().get("equal_opportunity_difference"))));
            List<String> small = a.smallGroupsSettingSummaries(r.task(), r.settings().minGroupSize())
                    .stream().map(g -> g.name() + " (" + g.rows() + " rows)").toList();
            if (!small.isEmpty()) {
                sb.append("  these summaries are set by groups under ").append(r.settings().minGroupSize()).append(" rows: ")
                        .append(String.join(", ", small)).append("; read them with care\n");
            }
        }
        FourFifths ff = a.fourFifths();
        if (ff != null && !a.intersection()) {
            List<String> adverse = new ArrayList<>();
            for (FourFifths.Row row : ff.rows()) {
                if (Boolean.TRUE.equals(row.adverse()) && !row.small()) {
                    adverse.add(String.format(Locale.ROOT, "%s %.2f", row.group(), row.impactRatio().number()));
                }
            }
            sb.append("  four-fifths rule (favourable decisions vs ").append(ff.highestGroup()).append("): ")
                    .append(adverse.isEmpty() ? "no adverse impact" : "adverse impact for " + String.join(", ", adverse))
                    .append('\n');
        }
    }

    /** Score audits: the positive label rate per score bin and group (is a score worth the same for everyone?). */
    private static void calibration(StringBuilder sb, MetricTable a) {
        GroupResult first = a.groups().stream().filter(g -> g.calibration() != null && !g.calibration().isEmpty()).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("positive rate by score"));
        header.addAll(binLabels(a));
        rows.add(header);
        for (GroupResult g : a.groups()) {
            if (g.calibration() == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(g.name()));
            for (var b : g.calibration()) {
                row.add(b.positiveRate().isDefined() ? String.format(Locale.ROOT, "%.0f%%", 100 * b.positiveRate().value()) : "—");
            }
            rows.add(row);
        }
        sb.append('\n');
        table(sb, rows, "  ");
        sb.append("  calibration: the share with a positive label among rows in each score bin (JSON and HTML give counts)\n");
    }

    /**
     * A bin's label: its one score when every group's rows in it share one (scores with few values, such as COMPAS
     * deciles, get a bin per value), else its range.
     */
    public static List<String> binLabels(MetricTable a) {
        GroupResult first = a.groups().stream().filter(g -> g.calibration() != null && !g.calibration().isEmpty()).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < first.calibration().size(); k++) {
            var b = first.calibration().get(k);
            java.util.Set<Double> means = new java.util.HashSet<>();
            for (GroupResult g : a.groups()) {
                if (g.calibration() != null && k < g.calibration().size() && g.calibration().get(k).meanScore().isDefined()) {
                    means.add(g.calibration().get(k).meanScore().value());
                }
            }
            out.add(means.size() == 1 ? num(means.iterator().next()) : num(b.low()) + "–" + num(b.high()));
        }
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /**
     * A ratio with two decimals, or three where two would print a bound of the tolerance band (1.25 against
     * 0.80–1.25) for a ratio on the other side of it: "1.25 ✗" reads as a contradiction, "1.253 ✗" does not.
     */
    public static String ratioNumber(double v, double tolerance) {
        String two = String.format(Locale.ROOT, "%.2f", v);
        String low = String.format(Locale.ROOT, "%.2f", tolerance);
        String high = String.format(Locale.ROOT, "%.2f", 1 / tolerance);
        if (two.equals(low) || two.equals(high)) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return two;
    }

    private static String ratio(Comparison c, double tolerance) {
        if (!c.ratio().isDefined()) {
            return "—";
        }
        StringBuilder s = new StringBuilder(ratioNumber(c.ratio().number(), tolerance));
        Interval i = c.ratio().interval();
        boolean withheld = c.ratio().bootstrapWithheld() != null;
        if (i != null) {
            s.append(String.format(Locale.ROOT, " [%.2f–%.2f]%s", i.low(), i.high(), withheld ? "ᵃ" : ""));
        } else if (withheld) {
            s.append(" [no CI]");
        }
        if (Boolean.FALSE.equals(c.parity())) {
            s.append(" ✗");
        }
        return s.toString();
    }

    static String value(Estimate e, boolean percent) {
        if (e == null) {
            return "";
        }
        if (!e.isDefined()) {
            return "—";
        }
        return percent ? String.format(Locale.ROOT, "%.1f%%", 100 * e.number()) : String.format(Locale.ROOT, "%.4g", e.number());
    }

    private static String plain(Estimate e) {
        return e == null || !e.isDefined() ? "—" : String.format(Locale.ROOT, "%.3f", e.number());
    }

    private static void table(StringBuilder sb, List<List<String>> rows, String indent) {
        int cols = rows.get(0).size();
        int[] w = new int[cols];
        for (List<String> r : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], r.get(c).codePointCount(0, r.get(c).length()));
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            sb.append(indent);
            for (int c = 0; c < cols; c++) {
                String v = r.get(c);
                int pad = w[c] - v.codePointCount(0, v.length());
                if (c == 0) {
                    sb.append(v).append(" ".repeat(pad));
                } else {
                    sb.append("  ").append(" ".repeat(pad)).append(v);
                }
            }
            sb.append('\n');
            if (i == 0) {
                sb.append(indent);
                int total = 0;
                for (int c = 0; c < cols; c++) {
                    total += w[c] + (c == 0 ? 0 : 2);
                }
                sb.append("─".repeat(total)).append('\n');
            }
        }
    }
}
