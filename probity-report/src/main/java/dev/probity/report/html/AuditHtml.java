package dev.probity.report.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.Comparison;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;
import dev.probity.core.model.TaskKind;
import dev.probity.report.json.AuditJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an audit as one self-contained HTML page: no external URL, Chart.js inlined, chart data embedded
 * as JSON. Tables carry every number and work without JavaScript; charts show per-group rates with their
 * interval bars. The page marks {@code data-charts-rendered} on its body once the charts are drawn.
 */
public final class AuditHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(resource("/dev/probity/report/audit.html.mustache"));

    private AuditHtml() {
    }

    static String resource(String path) {
        try (InputStream in = AuditHtml.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(AuditResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        AuditResult.Input in = r.input();
        m.put("version", AuditJson.VERSION);
        m.put("schema", AuditResult.SCHEMA);
        m.put("source", in.source());
        m.put("rows", count(in.rows()));
        m.put("rowsRead", count(in.rowsRead()));
        m.put("filtered", in.rowsRead() != in.rows());
        m.put("label", r.roles().label());
        m.put("positiveLabel", r.roles().positiveLabel());
        m.put("prediction", r.roles().prediction());
        m.put("score", r.roles().score() == null ? null
                : r.roles().score() + (r.roles().threshold() == null ? "" : " (threshold " + r.roles().threshold() + ")"));
        m.put("weight", r.roles().weight());
        m.put("task", r.task().name().toLowerCase(Locale.ROOT));
        m.put("engine", in.engine());
        m.put("where", in.where());
        List<AuditResult.Finding> main = new ArrayList<>();
        List<AuditResult.Finding> inter = new ArrayList<>();
        for (AuditResult.Finding f : r.findings()) {
            MetricTable a = f.attribute() == null ? null : r.attribute(f.attribute());
            (a != null && a.intersection() ? inter : main).add(f);
        }
        m.put("findings", main);
        m.put("hasIntersectionFindings", !inter.isEmpty());
        m.put("intersectionFindings", inter);
        m.put("intersectionCount", inter.size());
        m.put("hasRules", !r.rules().isEmpty());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (AuditResult.RuleOutcome o : r.rules()) {
            rules.add(Map.of("rule", o.rule(), "verdict", o.passed() ? "pass" : "FAIL", "css", o.passed() ? "good" : "bad",
                    "detail", o.detail()));
        }
        m.put("rules", rules);

        List<Map<String, Object>> charts = new ArrayList<>();
        List<Map<String, Object>> attributes = new ArrayList<>();
        int comparisons = 0;
        for (MetricTable a : r.attributes()) {
            attributes.add(attribute(r, a, charts));
            for (GroupDisparity d : a.disparities()) {
                comparisons += (int) d.comparisons().stream().filter(c -> !Double.isNaN(c.pValue())).count();
            }
        }
        m.put("attributes", attributes);
        List<Map<String, Object>> dataset = new ArrayList<>();
        r.dataset().forEach((k, e) -> dataset.add(Map.of("key", k, "value", plain(e),
                "note", e.isDefined() ? ci(e, false) : e.value().undefinedReason())));
        m.put("dataset", dataset);
        m.put("hasWarnings", !r.warnings().isEmpty());
        m.put("warnings", r.warnings());
        m.put("intervalMethod", r.settings().intervalMethod());
        m.put("confidence", Interval.percent(r.settings().confidence()));
        m.put("adjustment", r.settings().adjustment().equals("bh") ? "Benjamini–Hochberg" : r.settings().adjustment().equals("holm")
                ? "Holm" : "no adjustment");
        m.put("comparisons", comparisons);
        m.put("minGroup", r.settings().minGroupSize());
        m.put("css", resource("/dev/probity/report/report.css"));
        m.put("chartJs", ChartJs.script());
        m.put("reportJs", resource("/dev/probity/report/report.js"));
        m.put("chartData", chartJson(charts));
        StringWriter w = new StringWriter();
        TEMPLATE.execute(m, w);
        return w.toString();
    }

    private static List<String[]> groupColumns(AuditResult r) {
        return switch (r.task()) {
            case BINARY -> {
                List<String[]> c = new ArrayList<>(List.of(new String[] {"selection_rate", "selection rate"},
                        new String[] {"base_rate", "base rate"}, new String[] {"tpr", "TPR"}, new String[] {"fpr", "FPR"},
                        new String[] {"fnr", "FNR"}, new String[] {"tnr", "TNR"}, new String[] {"precision", "precision"},
                        new String[] {"npv", "NPV"}, new String[] {"accuracy", "accuracy"}, new String[] {"f1", "F1"}));
                if (r.roles().score() != null) {
                    c.add(new String[] {"roc_auc", "ROC AUC"});
                    c.add(new String[] {"brier_score", "Brier"});
                }
                yield c;
            }
            case MULTICLASS -> List.of(new String[] {"accuracy", "accuracy"}, new String[] {"balanced_accuracy", "balanced acc."},
                    new String[] {"macro_precision", "macro precision"}, new String[] {"macro_recall", "macro recall"},
                    new String[] {"macro_f1", "macro F1"}, new String[] {"weighted_f1", "weighted F1"});
            case REGRESSION -> List.of(new String[] {"mean_label", "mean label"}, new String[] {"mean_prediction", "mean prediction"},
                    new String[] {"mean_error", "mean error"}, new String[] {"mae", "MAE"}, new String[] {"rmse", "RMSE"},
                    new String[] {"r2", "R²"});
        };
    }

    private static List<String[]> chartMetrics(TaskKind task) {
        return switch (task) {
            case BINARY -> List.of(new String[] {"selection_rate", "Selection rate"}, new String[] {"fpr", "False positive rate"},
                    new String[] {"fnr", "False negative rate"}, new String[] {"tpr", "True positive rate"},
                    new String[] {"precision", "Precision"}, new String[] {"accuracy", "Accuracy"});
            case MULTICLASS -> List.of(new String[] {"accuracy", "Accuracy"}, new String[] {"balanced_accuracy", "Balanced accuracy"},
                    new String[] {"macro_f1", "Macro F1"});
            case REGRESSION -> List.of(new String[] {"mae", "Mean absolute error"}, new String[] {"mean_error", "Mean error"},
                    new String[] {"rmse", "RMSE"});
        };
    }

    private static boolean percent(TaskKind t, String metric) {
        return t != TaskKind.REGRESSION;
    }

    private static Map<String, Object> attribute(AuditResult r, MetricTable a, List<Map<String, Object>> charts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("anchor", "attr-" + a.name().replaceAll("[^A-Za-z0-9_-]", "-"));
        m.put("reference", a.reference());
        m.put("referenceRule", switch (a.referenceRule()) {
            case "given" -> "chosen";
            case "min-metric" -> "comparisons: per metric, the group with the lowest value";
            default -> "largest group";
        });
        boolean pctTask = r.task() != TaskKind.REGRESSION;

        List<Map<String, Object>> chartRefs = new ArrayList<>();
        for (String[] cm : chartMetrics(r.task())) {
            Map<String, Object> c = new LinkedHashMap<>();
            List<String> groups = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<double[]> intervals = new ArrayList<>();
            int ref = -1;
            for (GroupResult g : a.groups()) {
                if (g.name().equals(a.reference())) {
                    ref = groups.size();
                }
                groups.add(g.name() + " (" + g.rows() + ")");
                Estimate e = g.metric(cm[0]);
                values.add(e != null && e.isDefined() ? e.number() : null);
                Interval i = e == null ? null : e.interval();
                intervals.add(i == null ? null : new double[] {i.low(), i.high()});
            }
            boolean pct = percent(r.task(), cm[0]);
            c.put("title", cm[1]);
            c.put("groups", groups);
            c.put("values", values);
            c.put("intervals", intervals);
            c.put("reference", ref);
            c.put("percent", pct);
            c.put("min", pct ? 0.0 : null);
            c.put("max", pct ? 1.0 : null);
            c.put("intervalLabel", Interval.percent(r.settings().confidence()) + " interval");
            int id = charts.size();
            charts.add(c);
            chartRefs.add(Map.of("id", id, "title", cm[1], "height", 48 + 24 * groups.size()));
        }
        m.put("charts", chartRefs);
        calibration(a, m, charts);

        List<String[]> cols = groupColumns(r);
        List<Map<String, Object>> headers = new ArrayList<>();
        for (String[] c : cols) {
            headers.add(Map.of("label", c[1], "title", c[0]));
        }
        m.put("metricHeaders", headers);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupResult g : a.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", g.name());
            row.put("isReference", g.name().equals(a.reference()));
            row.put("n", count(g.rows()));
            row.put("share", String.format(Locale.ROOT, "%.1f%%", 100 * g.share()));
            row.put("small", g.flags().stream().anyMatch(f -> f.startsWith("small")));
            row.put("flags", String.join("; ", g.flags()));
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String[] c : cols) {
                Estimate e = g.metric(c[0]);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("value", e == null ? "" : value(e, pctTask));
                cell.put("ci", e == null || !e.isDefined() ? "" : ci(e, pctTask));
                cell.put("title", e == null ? "" : e.isDefined() ? c[0] + withheld(e) : e.value().undefinedReason());
                cells.add(cell);
            }
            row.put("cells", cells);
            groups.add(row);
        }
        m.put("groups", groups);

        List<String[]> dcols = switch (r.task()) {
            case BINARY -> List.of(new String[] {"selection_rate", "selection rate"}, new String[] {"tpr", "TPR"},
                    new String[] {"fpr", "FPR"}, new String[] {"fnr", "FNR"}, new String[] {"precision", "precision"},
                    new String[] {"accuracy", "accuracy"});
            case MULTICLASS -> List.of(new String[] {"accuracy", "accuracy"}, new String[] {"macro_f1", "macro F1"});
            case REGRESSION -> List.of(new String[] {"mae", "MAE"}, new String[] {"mean_prediction", "mean prediction"},
                    new String[] {"rmse", "RMSE"});
        };
        m.put("hasDisparities", !a.disparities().isEmpty());
        m.put("disparityHeaders", dcols.stream().map(c -> c[1] + " ratio").toList());
        m.put("tolLow", String.format(Locale.ROOT, "%.2f", r.settings().tolerance()));
        m.put("tolHigh", String.format(Locale.ROOT, "%.2f", 1 / r.settings().tolerance()));
        m.put("adjustment", r.settings().adjustment().equals("bh") ? "Benjamini–Hochberg" : r.settings().adjustment());
        List<Map<String, Object>> disp = new ArrayList<>();
        for (GroupDisparity d : a.disparities()) {
            if (d.comparisons().isEmpty()) {
                continue;
            }
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String[] c : dcols) {
                Comparison cmp = d.comparison(c[0]);
                Map<String, Object> cell = new LinkedHashMap<>();
                if (cmp == null || !cmp.ratio().isDefined()) {
                    cell.put("ratio", "—");
                    cell.put("title", cmp == null ? "" : cmp.ratio().value().undefinedReason());
                    cells.add(cell);
                    continue;
                }
                cell.put("ratio", dev.probity.report.text.AuditTable.ratioNumber(cmp.ratio().number(), r.settings().tolerance()));
                cell.put("mark", cmp.parity() == null ? "" : cmp.parity() ? "✓" : "✗");
                cell.put("css", Boolean.FALSE.equals(cmp.parity()) ? "bad" : "");
                cell.put("ci", ci(cmp.ratio(), false));
                double p = Double.isNaN(cmp.pAdjusted()) ? cmp.pValue() : cmp.pAdjusted();
                String adj = Double.isNaN(cmp.pAdjusted()) ? "p" : "adj. p";
                cell.put("p", Double.isNaN(p) ? "" : p < 0.001 ? adj + " < 0.001" : String.format(Locale.ROOT, "%s = %.3f", adj, p));
                cell.put("title", String.format(Locale.ROOT, "vs %s: difference %+.4f", cmp.reference(),
                        cmp.difference().number()) + withheld(cmp.ratio()));
                cells.add(cell);
            }
            disp.add(Map.of("group", d.group(), "cells", cells));
        }
        m.put("disparities", disp);

        List<Map<String, Object>> summary = new ArrayList<>();
        a.summary().forEach((k, e) -> summary.add(Map.of("key", k, "value", plain(e), "ci", e.isDefined() ? ci(e, false)
                : e.value().undefinedReason())));
        m.put("hasSummary", !summary.isEmpty());
        m.put("summary", summary);

        FourFifths ff = a.fourFifths();
        if (ff != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threshold", String.format(Locale.ROOT, "%.2f", ff.threshold()));
            f.put("highest", ff.highestGroup() == null ? "none" : ff.highestGroup());
            f.put("minGroup", r.settings().minGroupSize());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FourFifths.Row row : ff.rows()) {
                String verdict = row.adverse() == null ? "—" : row.adverse() ? "adverse impact" : "passes";
                rows.add(Map.of("group", row.group(), "small", row.small(), "n", count(row.rows()),
                        "rate", value(row.selectionRate(), true), "ratio", plain(row.impactRatio()), "verdict", verdict,
                        "css", Boolean.TRUE.equals(row.adverse()) ? "bad" : "good"));
            }
            f.put("rows", rows);
            m.put("fourFifths", f);
        }
        List<Map<String, Object>> ll = new ArrayList<>();
        for (LocalLaw144 t : a.ll144()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("kind", t.kind());
            tm.put("note", t.kind().equals("selection")
                    ? "Selection rate: share of each category receiving the favourable decision; impact ratio: rate ÷ the highest category's rate."
                    : String.format(Locale.ROOT, "Scoring rate: share of each category scoring above the sample median (%.4g); impact ratio: rate ÷ the highest category's rate.",
                    t.sampleMedian()));
            tm.put("minShare", String.format(Locale.ROOT, "%.0f%%", 100 * t.minShare()));
            tm.put("unknown", count(t.unknownRows()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LocalLaw144.Row row : t.rows()) {
                rows.add(Map.of("category", row.category(), "n", count(row.rows()),
                        "share", String.format(Locale.ROOT, "%.1f%%", 100 * row.share()), "rate", value(row.rate(), true),
                        "ratio", row.excluded() ? "excluded (<" + tm.get("minShare") + ")" : plain(row.impactRatio())));
            }
            tm.put("rows", rows);
            ll.add(tm);
        }
        m.put("ll144", ll);

        List<String> peerGroups = new ArrayList<>();
        java.util.Set<String> aifKeys = new java.util.LinkedHashSet<>();
        java.util.Set<String> clarifyKeys = new java.util.LinkedHashSet<>();
        java.util.Set<String> aeqKeys = new java.util.LinkedHashSet<>();
        for (GroupDisparity d : a.disparities()) {
            peerGroups.add(d.group());
            aifKeys.addAll(d.aif360().keySet());
            clarifyKeys.addAll(d.clarify().keySet());
            aeqKeys.addAll(d.verdicts().keySet());
        }
        List<Map<String, Object>> peerRows = new ArrayList<>();
        for (String k : aifKeys) {
            peerRows.add(Map.of("key", k, "source", "AIF360, vs " + a.reference(), "values",
                    a.disparities().stream().map(d -> d.aif360().containsKey(k) ? plain(d.aif360().get(k)) : "—").toList()));
        }
        for (String k : clarifyKeys) {
            peerRows.add(Map.of("key", k, "source", "Clarify, group vs the rest", "values",
                    a.disparities().stream().map(d -> d.clarify().containsKey(k) ? plain(d.clarify().get(k)) : "—").toList()));
        }
        for (String k : aeqKeys) {
            peerRows.add(Map.of("key", k, "source", "Aequitas", "values", a.disparities().stream().map(d -> {
                Boolean v = d.verdicts().get(k);
                return v == null ? "—" : v ? "✓" : "✗";
            }).toList()));
        }
        m.put("hasPeers", !peerRows.isEmpty() || !a.entropy().isEmpty());
        m.put("peerGroups", peerGroups);
        m.put("peerRows", peerRows);
        List<Map<String, Object>> groupLevel = new ArrayList<>();
        a.entropy().forEach((k, e) -> groupLevel.add(Map.of("key", k, "value", plain(e))));
        a.differentialFairness().forEach((k, e) -> groupLevel.add(Map.of("key", k, "value", plain(e))));
        m.put("groupLevel", groupLevel);
        return m;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String value(Estimate e, boolean pct) {
        if (!e.isDefined()) {
            return "—";
        }
        return pct ? String.format(Locale.ROOT, "%.1f%%", 100 * e.number()) : String.format(Locale.ROOT, "%.4g", e.number());
    }

    static String plain(Estimate e) {
        if (!e.isDefined()) {
            return "—";
        }
        double v = e.number();
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String withheld(Estimate e) {
        return e.bootstrapWithheld() == null ? "" : "; bootstrap interval withheld: " + e.bootstrapWithheld();
    }

    /**
     * The interval as text; the analytic one shown in place of a withheld bootstrap interval carries its method, and
     * a withheld interval with no formula says so.
     */
    static String ci(Estimate e, boolean pct) {
        Interval i = e.interval();
        if (i == null) {
            return e.bootstrapWithheld() != null ? "no interval (too few rows)" : "";
        }
        String text = pct ? String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * i.low(), 100 * i.high())
                : String.format(Locale.ROOT, "%.3g–%.3g", i.low(), i.high());
        return e.bootstrapWithheld() != null ? text + " (" + i.method() + ")" : text;
    }

    /**
     * Calibration by group for score audits: per score bin, the observed rate of positive labels (and the bin's mean
     * score), as a table and as one line per group — ProPublica's question of whether a score means the same for
     * every group.
     */
    private static void calibration(MetricTable a, Map<String, Object> m, List<Map<String, Object>> charts) {
        GroupResult first = a.groups().stream().filter(g -> g.calibration() != null && !g.calibration().isEmpty()).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        List<String> bins = dev.probity.report.text.AuditTable.binLabels(a);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (GroupResult g : a.groups()) {
            if (g.calibration() == null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            List<double[]> points = new ArrayList<>();
            for (dev.probity.fairness.metrics.ScoreMetrics.Bin b : g.calibration()) {
                boolean defined = b.positiveRate().isDefined();
                cells.add(defined ? String.format(Locale.ROOT, "%.1f%% (%d)", 100 * b.positiveRate().value(), b.rows())
                        : "— (" + b.rows() + ")");
                if (defined && b.meanScore().isDefined()) {
                    points.add(new double[] {b.meanScore().value(), b.positiveRate().value(), b.rows()});
                }
            }
            rows.add(Map.of("group", g.name(), "cells", cells));
            series.add(Map.of("group", g.name(), "reference", g.name().equals(a.reference()), "points", points));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("kind", "calibration");
        chart.put("title", "Calibration: positive rate by mean score");
        chart.put("series", series);
        int id = charts.size();
        charts.add(chart);
        m.put("calibration", Map.of("bins", bins, "rows", rows, "chart", id));
    }

    /** The charts' data as JSON safe inside a script element. */
    private static String chartJson(List<Map<String, Object>> charts) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("charts");
            for (Map<String, Object> c : charts) {
                g.writeStartObject();
                if ("calibration".equals(c.get("kind"))) {
                    g.writeStringField("kind", "calibration");
                    g.writeStringField("title", (String) c.get("title"));
                    g.writeArrayFieldStart("series");
                    for (Object o : (List<?>) c.get("series")) {
                        Map<?, ?> sr = (Map<?, ?>) o;
                        g.writeStartObject();
                        g.writeStringField("group", (String) sr.get("group"));
                        g.writeBooleanField("reference", (Boolean) sr.get("reference"));
                        g.writeArrayFieldStart("points");
                        for (Object p : (List<?>) sr.get("points")) {
                            double[] xy = (double[]) p;
                            g.writeStartObject();
                            g.writeNumberField("x", xy[0]);
                            g.writeNumberField("y", xy[1]);
                            g.writeNumberField("n", xy[2]);
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                    continue;
                }
                g.writeStringField("title", (String) c.get("title"));
                g.writeStringField("intervalLabel", (String) c.get("intervalLabel"));
                g.writeNumberField("reference", (Integer) c.get("reference"));
                g.writeBooleanField("percent", (Boolean) c.get("percent"));
                if (c.get("min") != null) {
                    g.writeNumberField("min", (Double) c.get("min"));
                    g.writeNumberField("max", (Double) c.get("max"));
                }
                g.writeArrayFieldStart("groups");
                for (Object s : (List<?>) c.get("groups")) {
                    g.writeString((String) s);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("values");
                for (Object v : (List<?>) c.get("values")) {
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber((Double) v);
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("intervals");
                for (Object v : (List<?>) c.get("intervals")) {
                    if (v == null) {
                        g.writeNull();
                    } else {
                        double[] iv = (double[]) v;
                        g.writeArray(iv, 0, 2);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
