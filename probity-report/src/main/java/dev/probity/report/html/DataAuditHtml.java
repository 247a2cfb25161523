package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
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
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data bias report as a self-contained page: findings, then representation (share of rows beside the population
 * share), base rates with intervals, missing values per group, and proxies ranked by AUC. Chart.js is inlined; the body
 * gets {@code data-charts-rendered} when the charts are drawn.
 */
public final class DataAuditHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/data-audit.html.mustache"));
    /** Bars per chart; the tables hold every row. */
    static final int MAX_BARS = 30;

    private DataAuditHtml() {
    }

    public static String render(DataAuditResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        String level = Interval.percent(r.settings().confidence());
        m.put("version", AuditJson.VERSION);
        m.put("source", r.input().source());
        m.put("rows", String.format(Locale.ROOT, "%,d", r.input().rows()));
        m.put("protected", String.join(", ", r.roles().protectedAttributes()));
        m.put("label", r.roles().label());
        m.put("positive", r.roles().positive());
        m.put("strata", r.roles().strata());
        m.put("population", r.roles().population());
        m.put("level", level);
        m.put("alpha", fmt(1 - r.settings().confidence(), 2));
        m.put("tolerance", fmt(r.settings().tolerance(), 2));
        m.put("minGroupSize", r.settings().minGroupSize());
        m.put("folds", r.settings().folds());
        m.put("bins", r.settings().bins());
        m.put("seed", r.settings().seed());
        List<Map<String, String>> findings = new ArrayList<>();
        for (DataAuditResult.Finding f : r.findings()) {
            findings.add(Map.of("severity", f.severity(), "text", f.text()));
        }
        m.put("findings", findings);
        List<Map<String, String>> rules = new ArrayList<>();
        for (DataAuditResult.RuleOutcome o : r.rules()) {
            rules.add(Map.of("rule", o.rule(), "verdict", o.passed() ? "holds" : "broken", "css", o.passed() ? "good" : "bad", "detail", o.detail()));
        }
        m.put("rules", rules);
        m.put("hasRules", !rules.isEmpty());
        StringBuilder charts = new StringBuilder("{");
        int[] id = {0};

        List<Map<String, Object>> reps = new ArrayList<>();
        for (Representation rep : r.representation()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("attribute", rep.attribute());
            List<Map<String, Object>> groups = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> share = new ArrayList<>();
            List<Double> pop = new ArrayList<>();
            boolean anyPop = false;
            for (GroupShare g : rep.groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", g.group());
                row.put("small", g.small() && g.rows() > 0);
                row.put("rows", String.format(Locale.ROOT, "%,d", g.rows()));
                row.put("share", pct(g.share()));
                row.put("interval", range(g.interval()));
                row.put("population", g.populationShare() == null ? "—" : pct(g.populationShare()));
                row.put("ratio", g.ratio() == null ? "—" : dev.probity.report.text.DataAuditText.ratio(g.ratio(), r.settings().tolerance()));
                row.put("status", switch (g.status()) {
                    case "under" -> g.significant() ? "under-represented" : "under-represented (could be chance)";
                    case "absent" -> "absent from the data";
                    case "over" -> "over-represented";
                    case "within" -> "within the tolerance";
                    case "not-in-population" -> "not in the population table";
                    default -> "—";
                });
                row.put("css", g.status().equals("under") || g.status().equals("absent") ? "bad" : "");
                groups.add(row);
                if (labels.size() < MAX_BARS) {
                    labels.add(g.group());
                    share.add(g.share());
                    pop.add(g.populationShare());
                    anyPop |= g.populationShare() != null;
                }
            }
            a.put("groups", groups);
            String chartId = "c" + id[0]++;
            chart(charts, chartId, "share of rows", labels, share, anyPop ? pop : null, "share of the population", null, true);
            a.put("chart", Map.of("id", chartId, "height", height(labels.size(), anyPop)));
            if (rep.chiSquare() != null || rep.pValue() != null) {
                a.put("test", String.format(Locale.ROOT, "Goodness of fit (Pearson's chi-square): %s, df %d, p %s.",
                        rep.chiSquare() == null ? "infinite" : fmt(rep.chiSquare(), 4), rep.degreesOfFreedom(), p(rep.pValue())));
            }
            a.put("note", rep.testNote());
            a.put("sources", rep.sources().isEmpty() ? null : String.join("; ", rep.sources()));
            reps.add(a);
        }
        m.put("representation", reps);

        List<Map<String, Object>> labelSections = new ArrayList<>();
        for (LabelGaps lg : r.labels()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("attribute", lg.attribute());
            a.put("overall", pct(lg.overallRate()));
            a.put("missing", lg.missingLabels() > 0 ? String.format(Locale.ROOT, "%,d", lg.missingLabels()) : null);
            boolean conditional = !lg.conditional().isEmpty();
            a.put("hasConditional", conditional);
            List<Map<String, Object>> groups = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            List<double[]> ivs = new ArrayList<>();
            for (GroupRate g : lg.groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", g.group());
                row.put("small", g.small());
                row.put("rows", String.format(Locale.ROOT, "%,d", g.rows()));
                row.put("rate", pct(g.rate()));
                row.put("interval", range(g.interval()));
                row.put("difference", g.difference() == null ? "—" : String.format(Locale.ROOT, "%+.1f pt", 100 * g.difference()));
                row.put("differenceInterval", g.differenceInterval() == null ? "—" : String.format(Locale.ROOT, "%+.1f to %+.1f pt",
                        100 * g.differenceInterval().low(), 100 * g.differenceInterval().high()));
                row.put("p", p(g.pValue()));
                row.put("ci", fmt(g.classImbalance(), 4));
                row.put("dpl", g.dpl() == null ? "—" : fmt(g.dpl(), 4));
                row.put("hasConditional", conditional);
                ConditionalGap c = lg.conditional(g.group());
                row.put("gap", c == null || c.gap() == null ? "—" : String.format(Locale.ROOT, "%+.1f pt", 100 * c.gap()));
                row.put("cmh", c == null ? "—" : p(c.pValue()));
                row.put("cddl", c == null || c.cddl() == null ? "—" : fmt(c.cddl(), 4));
                groups.add(row);
                if (labels.size() < MAX_BARS) {
                    labels.add(g.group());
                    rates.add(g.rate());
                    ivs.add(g.interval() == null ? null : new double[] {g.interval().low(), g.interval().high()});
                }
            }
            a.put("groups", groups);
            String chartId = "c" + id[0]++;
            chart(charts, chartId, "base rate", labels, rates, null, null, ivs, true);
            a.put("id", chartId);
            a.put("height", height(labels.size(), false));
            labelSections.add(a);
        }
        m.put("labels", labelSections);
        m.put("hasLabels", !labelSections.isEmpty());

        List<Map<String, Object>> miss = new ArrayList<>();
        for (Missingness ms : r.missingness()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("attribute", ms.attribute());
            List<String> names = new ArrayList<>();
            if (!ms.columns().isEmpty()) {
                for (GroupMissing g : ms.columns().get(0).groups()) {
                    names.add(g.group());
                }
            }
            a.put("groupNames", names);
            a.put("hasColumns", !ms.columns().isEmpty());
            List<Map<String, Object>> cols = new ArrayList<>();
            for (ColumnMissing c : ms.columns()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("column", c.column());
                row.put("share", pct(c.share()));
                List<String> cells = new ArrayList<>();
                for (GroupMissing g : c.groups()) {
                    cells.add(pct(g.share()));
                }
                row.put("cells", cells);
                row.put("maxDifference", c.maxDifference() == null ? "—" : String.format(Locale.ROOT, "%.1f pt", 100 * c.maxDifference()));
                row.put("p", p(c.adjustedPValue()));
                row.put("depends", c.dependsOnGroup() ? "yes" : "no");
                row.put("css", c.dependsOnGroup() ? "bad" : "");
                cols.add(row);
            }
            a.put("columns", cols);
            a.put("complete", ms.complete().isEmpty() ? null : String.join(", ", ms.complete()));
            miss.add(a);
        }
        m.put("missingness", miss);

        List<Map<String, Object>> prox = new ArrayList<>();
        for (Proxies px : r.proxies()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("attribute", px.attribute());
            List<Map<String, Object>> feats = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> aucs = new ArrayList<>();
            List<double[]> ivs = new ArrayList<>();
            List<String> colors = new ArrayList<>();
            for (Proxy p : px.features()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("feature", p.feature());
                row.put("auc", fmt(p.auc(), 3));
                row.put("interval", String.format(Locale.ROOT, "%.3f–%.3f", p.aucInterval().low(), p.aucInterval().high()));
                row.put("strength", p.strength());
                row.put("css", p.strength().equals("strong") ? "bad" : "");
                row.put("mi", fmt(p.mutualInformation(), 4));
                row.put("u", pct(p.uncertaintyCoefficient()));
                row.put("v", fmt(p.cramersV(), 3));
                row.put("encoding", p.encoding());
                feats.add(row);
                if (labels.size() < MAX_BARS) {
                    labels.add(p.feature());
                    aucs.add(p.auc());
                    ivs.add(new double[] {p.aucInterval().low(), p.aucInterval().high()});
                    colors.add(switch (p.strength()) {
                        case "strong" -> "#b3261e";
                        case "moderate" -> "#d97706";
                        case "weak" -> "#8fb0e8";
                        default -> "#cbd5e1";
                    });
                }
            }
            a.put("features", feats);
            a.put("hasFeatures", !feats.isEmpty());
            String chartId = "c" + id[0]++;
            StringBuilder extra = new StringBuilder(",\"colors\":[");
            for (int i = 0; i < colors.size(); i++) {
                extra.append(i == 0 ? "" : ",").append(JsonText.str(colors.get(i)));
            }
            extra.append("],\"min\":0,\"max\":1");
            chart(charts, chartId, "ROC AUC", labels, aucs, null, null, ivs, false, extra.toString());
            a.put("id", chartId);
            a.put("height", height(labels.size(), false));
            if (px.joint() != null) {
                a.put("joint", Map.of("algorithm", px.joint().algorithm(), "folds", px.joint().folds(),
                        "rows", String.format(Locale.ROOT, "%,d", px.joint().rows()), "auc", fmt(px.joint().auc(), 3),
                        "interval", String.format(Locale.ROOT, "%s interval %.3f–%.3f", level, px.joint().aucInterval().low(), px.joint().aucInterval().high()),
                        "strength", px.joint().strength()));
            }
            a.put("notes", px.notes());
            prox.add(a);
        }
        m.put("proxies", prox);
        charts.append('}');
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", charts.toString().replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static void chart(StringBuilder b, String id, String title, List<String> labels, List<Double> values, List<Double> second,
                              String secondTitle, List<double[]> intervals, boolean percent) {
        chart(b, id, title, labels, values, second, secondTitle, intervals, percent, "");
    }

    private static void chart(StringBuilder b, String id, String title, List<String> labels, List<Double> values, List<Double> second,
                              String secondTitle, List<double[]> intervals, boolean percent, String extra) {
        if (b.length() > 1) {
            b.append(',');
        }
        b.append(JsonText.str(id)).append(":{\"title\":").append(JsonText.str(title)).append(",\"percent\":").append(percent)
                .append(",\"labels\":[");
        for (int i = 0; i < labels.size(); i++) {
            b.append(i == 0 ? "" : ",").append(JsonText.str(labels.get(i)));
        }
        b.append("],\"values\":").append(numbers(values));
        if (second != null) {
            b.append(",\"second\":").append(numbers(second)).append(",\"secondTitle\":").append(JsonText.str(secondTitle));
        }
        if (intervals != null) {
            b.append(",\"intervalLabel\":\"interval\",\"intervals\":[");
            for (int i = 0; i < intervals.size(); i++) {
                double[] iv = intervals.get(i);
                b.append(i == 0 ? "" : ",").append(iv == null ? "null" : "[" + JsonText.num(iv[0]) + "," + JsonText.num(iv[1]) + "]");
            }
            b.append(']');
        }
        b.append(extra).append('}');
    }

    private static String numbers(List<Double> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(v.get(i) == null ? "null" : JsonText.num(v.get(i)));
        }
        return b.append(']').toString();
    }

    private static int height(int bars, boolean paired) {
        return Math.max(120, 40 + bars * (paired ? 34 : 24));
    }

    private static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String range(Interval iv) {
        return iv == null ? "—" : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * iv.low(), 100 * iv.high());
    }

    private static String p(Double v) {
        return v == null ? "—" : v < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", v);
    }
}
