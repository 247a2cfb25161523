package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A private fairness audit as a self-contained page: first what was private (the guarantee, the mechanism, the noise
 * on each count — or, for seeded noise, that nothing is), then per attribute a chart of each group's selection rate,
 * TPR and FPR with intervals that cover sampling and noise together, the table of rates and the differences from the
 * reference group. Every number on it comes from the noisy counts.
 */
public final class PrivateAuditHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/private-audit.html.mustache"));
    private static final List<String> CHARTED = List.of("selection_rate", "tpr", "fpr");
    private static final Map<String, String> LABEL = Map.of("selection_rate", "selection rate", "base_rate", "base rate",
            "accuracy", "accuracy", "tpr", "TPR", "fnr", "FNR", "fpr", "FPR", "precision", "precision");

    private PrivateAuditHtml() {
    }

    public static String render(PrivateAuditResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("source", r.source());
        m.put("private", r.privateNoise());
        m.put("privacyNote", r.privacyNote());
        var p = r.privacy();
        m.put("mechanism", p.mechanism());
        m.put("guarantee", p.guarantee());
        m.put("noiseScale", fmt(p.noiseScale()));
        m.put("noiseSd", fmt(Math.sqrt(p.noiseVariance())));
        m.put("counts", p.countsReleased());
        m.put("cells", p.cells());
        m.put("unit", p.unit() == null ? "each row is a person" : "one row per '" + p.unit() + "' (" + p.rowsDropped()
                + " rows left out, an exact number not protected by the noise)");
        m.put("level", pct(r.confidence()));
        m.put("notes", r.notes());
        List<Map<String, Object>> attrs = new ArrayList<>();
        StringBuilder data = new StringBuilder("[");
        for (int ai = 0; ai < r.attributes().size(); ai++) {
            var a = r.attributes().get(ai);
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("name", a.name());
            am.put("reference", a.reference());
            am.put("index", ai);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (var g : a.groups()) {
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("name", g.name());
                gm.put("reference", g.name().equals(a.reference()));
                gm.put("rows", String.format(Locale.ROOT, "%,d", g.rows()));
                List<String> cells = new ArrayList<>();
                for (String metric : List.of("selection_rate", "tpr", "fpr", "precision", "accuracy")) {
                    cells.add(rate(g.metric(metric)));
                }
                gm.put("cells", cells);
                rows.add(gm);
            }
            am.put("groups", rows);
            List<Map<String, Object>> gaps = new ArrayList<>();
            for (var d : a.disparities()) {
                if (!CHARTED.contains(d.metric())) {
                    continue;
                }
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("group", d.group());
                dm.put("metric", LABEL.get(d.metric()));
                dm.put("difference", interval(d.difference(), true));
                dm.put("ratio", interval(d.ratio(), false));
                dm.put("clear", d.difference().defined() && (d.difference().lower() > 0 || d.difference().upper() < 0));
                gaps.add(dm);
            }
            am.put("disparities", gaps);
            attrs.add(am);
            data.append(ai > 0 ? "," : "").append("{\"groups\":[");
            for (int gi = 0; gi < a.groups().size(); gi++) {
                data.append(gi > 0 ? "," : "").append(JsonText.str(a.groups().get(gi).name()));
            }
            data.append("],\"metrics\":[");
            for (int mi = 0; mi < CHARTED.size(); mi++) {
                String metric = CHARTED.get(mi);
                data.append(mi > 0 ? "," : "").append("{\"label\":").append(JsonText.str(LABEL.get(metric))).append(",\"values\":[");
                for (int gi = 0; gi < a.groups().size(); gi++) {
                    var rt = a.groups().get(gi).metric(metric);
                    data.append(gi > 0 ? "," : "").append(rt != null && rt.defined()
                            ? "{\"v\":" + JsonText.num(rt.value()) + ",\"lo\":" + JsonText.num(rt.lower()) + ",\"hi\":" + JsonText.num(rt.upper()) + "}"
                            : "null");
                }
                data.append("]}");
            }
            data.append("]}");
        }
        data.append(']');
        m.put("attributes", attrs);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", data.toString().replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static String rate(PrivateAuditResult.Rate r) {
        if (r == null || !r.defined()) {
            return r == null ? "—" : r.undefined().startsWith("undefined") ? r.undefined() : "undefined (" + r.undefined() + ")";
        }
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * r.value(), 100 * r.lower(), 100 * r.upper());
    }

    private static String interval(PrivateAuditResult.Interval i, boolean points) {
        if (!i.defined()) {
            return i.undefined().startsWith("undefined") ? i.undefined() : "undefined (" + i.undefined() + ")";
        }
        return points ? String.format(Locale.ROOT, "%+.1f pts [%+.1f, %+.1f]", 100 * i.value(), 100 * i.lower(), 100 * i.upper())
                : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", i.value(), i.lower(), i.upper());
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }

    private static String pct(double v) {
        return java.math.BigDecimal.valueOf(100 * v).stripTrailingZeros().toPlainString() + "%";
    }
}
