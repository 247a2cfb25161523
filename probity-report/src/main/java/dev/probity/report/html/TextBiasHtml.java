package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text-bias run as a self-contained page, from its {@code probity.text-bias/v1} document (plain maps and lists, so
 * reporting needs no text module): the counterfactual pairs, flagged ones marked, and the identity-term metrics.
 */
public final class TextBiasHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/text-bias.html.mustache"));

    private TextBiasHtml() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> doc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("model", doc.get("model"));
        m.put("source", "templates".equals(doc.get("source")) ? "templates" : "sentences of the data");
        m.put("tolerance", doc.get("tolerance"));
        List<Map<String, Object>> rows = new ArrayList<>();
        int flagged = 0;
        for (Map<String, Object> p : (List<Map<String, Object>>) doc.get("counterfactual")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("dimension", p.get("dimension"));
            r.put("a", p.get("group_a"));
            r.put("b", p.get("group_b"));
            r.put("n", p.get("sentences"));
            r.put("diff", fmt("%+.4f", p.get("mean_score_difference")));
            List<Object> iv = (List<Object>) p.get("interval");
            r.put("interval", "[" + fmt("%+.4f", iv.get(0)) + ", " + fmt("%+.4f", iv.get(1)) + "]");
            r.put("p", fmt("%.3g", p.get("p_value")));
            r.put("holm", fmt("%.3g", p.get("p_value_holm")));
            r.put("changes", p.get("decision_changes") + " (" + fmt("%.1f", 100 * ((Number) p.get("decision_change_rate")).doubleValue()) + "%)");
            r.put("exampleA", p.get("example_a"));
            r.put("exampleB", p.get("example_b"));
            boolean f = Boolean.TRUE.equals(p.get("flagged"));
            r.put("flagged", f);
            flagged += f ? 1 : 0;
            rows.add(r);
        }
        m.put("rows", rows);
        m.put("pairs", rows.size());
        m.put("flagged", flagged);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Map<String, Object> x : (List<Map<String, Object>>) doc.get("identity_metrics")) {
            Map<String, Object> r = new LinkedHashMap<>(x);
            for (String k : List.of("subgroup_auc", "bpsn_auc", "bnsp_auc", "decision_rate", "true_positive_rate", "false_positive_rate")) {
                r.put(k, fmt("%.4f", x.get(k)));
            }
            metrics.add(r);
        }
        m.put("metrics", metrics);
        m.put("hasMetrics", !metrics.isEmpty());
        return TEMPLATE.execute(m);
    }

    private static String fmt(String f, Object v) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            return "—";
        }
        return String.format(Locale.ROOT, f, n.doubleValue());
    }
}
