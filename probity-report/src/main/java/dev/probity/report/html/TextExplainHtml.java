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
 * Word attributions of a text model as a self-contained page, from its {@code probity.text-explanations/v1} document
 * (plain maps and lists, so reporting needs no text module): each row's text with every word shaded by the sign and
 * size of its attribution, a legend, the plain-language summary and adverse-action reasons, and the method, sample
 * budget and seed that made the numbers — with whether they are exact (every coalition evaluated) or estimated.
 */
public final class TextExplainHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/text-explain.html.mustache"));

    /** Attributions below this share of the largest in the same text are left unshaded. */
    static final double SMALL = 0.1;

    private TextExplainHtml() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> doc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("model", doc.get("model"));
        String method = String.valueOf(doc.get("method"));
        boolean lime = method.equals("lime");
        m.put("methodName", lime ? "LIME (Ribeiro et al. 2016)" : "KernelSHAP (Lundberg & Lee 2017)");
        int samples = ((Number) doc.getOrDefault("samples", 0)).intValue();
        m.put("samplesText", lime ? (samples > 0 ? samples : 5000) + " perturbed texts per row"
                : samples > 0 ? "up to " + samples + " coalitions per row" : "coalition budget 2M + 2048 (M words)");
        m.put("seed", doc.get("seed"));
        m.put("positive", doc.get("positive_class"));
        m.put("favourable", doc.get("favourable_class"));
        m.put("methodNote", lime
                ? "LIME removes random sets of words, scores each shortened text, and fits a weighted linear model to those scores "
                    + "near the full text; the attributions are its coefficients, an approximation whose fit (weighted R²) is given "
                    + "for each row — a low R² means the linear weights explain little of what the model does."
                : "KernelSHAP gives each word its Shapley value for the game in which a coalition of words is kept and the rest "
                    + "removed, the empty text being the baseline: the values add up to the score less the empty text's score. "
                    + "When every coalition was evaluated they are exact; otherwise they are estimated from the sampled coalitions "
                    + "and would move somewhat with another seed.");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) doc.get("rows")) {
            List<String> words = (List<String>) r.get("words");
            List<Number> values = numbers(r.get("contributions"));
            double max = 0;
            for (Number v : values) {
                max = Math.max(max, Math.abs(v.doubleValue()));
            }
            List<Map<String, Object>> spans = new ArrayList<>();
            List<Map<String, Object>> table = new ArrayList<>();
            for (int j = 0; j < words.size(); j++) {
                double v = values.get(j).doubleValue();
                double rel = max == 0 ? 0 : Math.abs(v) / max;
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("word", words.get(j));
                boolean shaded = rel >= SMALL;
                w.put("cls", !shaded ? "" : v > 0 ? "up" : "down");
                w.put("rgb", v > 0 ? "0, 160, 0" : "200, 0, 0");
                w.put("alpha", String.format(Locale.ROOT, "%.2f", shaded ? 0.12 + 0.6 * rel : 0.0));
                w.put("title", String.format(Locale.ROOT, "%+.4f", v));
                spans.add(w);
                table.add(Map.of("index", j + 1, "word", words.get(j), "value", String.format(Locale.ROOT, "%+.4f", v)));
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("row", r.get("row"));
            x.put("positive", doc.get("positive_class"));
            x.put("prediction", fmt("%.4f", r.get("prediction")));
            x.put("decision", r.get("decision"));
            x.put("words", spans);
            x.put("table", table);
            x.put("baseName", lime ? "surrogate intercept" : "score of the empty text");
            x.put("base", fmt("%.4f", r.get("base")));
            Map<String, Object> facts = (Map<String, Object>) r.getOrDefault("facts", Map.of());
            x.put("fit", fit(lime, facts, words.size()));
            x.put("plain", r.get("plain_language"));
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (Map<String, Object> reason : (List<Map<String, Object>>) r.getOrDefault("reasons", List.of())) {
                reasons.add(Map.of("code", reason.get("code"), "statement", reason.get("statement"),
                        "contribution", fmt("%+.4f", reason.get("contribution"))));
            }
            x.put("reasons", reasons);
            x.put("hasReasons", !reasons.isEmpty());
            x.put("noReasons", String.valueOf(r.get("decision")).equals(String.valueOf(doc.get("favourable_class")))
                    ? "The decision is the favourable outcome: there is no adverse action, so no adverse-action reasons are given."
                    : "No word pushed the score towards the adverse outcome.");
            rows.add(x);
        }
        m.put("rows", rows);
        m.put("rowCount", rows.size());
        return TEMPLATE.execute(m);
    }

    /** How far to trust a row's numbers: LIME's weighted R², or whether KernelSHAP evaluated every coalition. */
    static String fit(boolean lime, Map<String, Object> facts, int words) {
        if (lime) {
            Object r2 = facts.get("weighted_r2");
            return r2 instanceof Number n ? String.format(Locale.ROOT, "weighted R² %.3f%s", n.doubleValue(),
                    n.doubleValue() < 0.5 ? " (poor fit: read the attributions with caution)" : "") : "";
        }
        Object ev = facts.get("model_evaluations");
        if (!(ev instanceof Number n)) {
            return "";
        }
        boolean exact = words <= 1 || (words < 63 && n.longValue() >= (1L << words));
        return exact ? "exact: all " + (1L << words) + " coalitions of " + words + " words evaluated"
                : String.format(Locale.ROOT, "estimated: %d of 2^%d coalitions evaluated", n.longValue(), words);
    }

    /** A list of numbers from a list or a double[] (the document before and after JSON). */
    @SuppressWarnings("unchecked")
    static List<Number> numbers(Object o) {
        if (o instanceof double[] d) {
            List<Number> out = new ArrayList<>(d.length);
            for (double x : d) {
                out.add(x);
            }
            return out;
        }
        return (List<Number>) o;
    }

    private static String fmt(String f, Object v) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            return "—";
        }
        return String.format(Locale.ROOT, f, n.doubleValue());
    }
}
