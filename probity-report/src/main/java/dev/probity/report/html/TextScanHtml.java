package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The behavioural tests of a text model as a self-contained page, from its {@code probity.text-scan/v1} document
 * (plain maps and lists, so reporting needs no text module): each test's failure rate and severity, and its examples
 * with the rewritten words marked.
 */
public final class TextScanHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/text-scan.html.mustache"));

    private TextScanHtml() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> doc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("model", doc.get("model"));
        m.put("texts", doc.get("texts"));
        List<Map<String, Object>> tests = new ArrayList<>();
        int failing = 0;
        String worst = "none";
        for (Map<String, Object> t : (List<Map<String, Object>>) doc.get("tests")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", t.get("test"));
            r.put("kind", t.get("kind"));
            r.put("sentences", t.get("sentences"));
            r.put("failures", t.get("failures"));
            r.put("rate", fmt("%.1f%%", 100 * ((Number) t.get("failure_rate")).doubleValue()));
            r.put("change", fmt("%.4f", t.get("mean_abs_score_change")));
            Object severity = t.get("severity");
            r.put("severity", severity == null ? "" : severity);
            if (((Number) t.get("failures")).intValue() > 0) {
                failing++;
            }
            if ("major".equals(severity) || ("medium".equals(severity) && !worst.equals("major"))
                    || ("minor".equals(severity) && worst.equals("none"))) {
                worst = (String) severity;
            }
            List<Map<String, Object>> examples = new ArrayList<>();
            for (Map<String, Object> e : (List<Map<String, Object>>) t.getOrDefault("examples", List.of())) {
                List<List<Map<String, Object>>> marked = marked(String.valueOf(e.get("before")), String.valueOf(e.get("after")));
                examples.add(Map.of("scoreBefore", fmt("%.3f", e.get("scoreBefore")), "scoreAfter", fmt("%.3f", e.get("scoreAfter")),
                        "before", marked.get(0), "after", marked.get(1)));
            }
            r.put("examples", examples);
            tests.add(r);
        }
        m.put("tests", tests);
        m.put("count", tests.size());
        m.put("failing", failing);
        m.put("worst", worst);
        return TEMPLATE.execute(m);
    }

    /**
     * The two texts as runs of words, the words between their common first and last words marked: what the rewrite
     * changed (a whole sentence added at the end is marked whole, a swapped word alone).
     */
    static List<List<Map<String, Object>>> marked(String before, String after) {
        List<String> a = Arrays.asList(before.split(" ", -1));
        List<String> b = Arrays.asList(after.split(" ", -1));
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        return List.of(runs(a, head, a.size() - tail), runs(b, head, b.size() - tail));
    }

    private static List<Map<String, Object>> runs(List<String> words, int from, int to) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            out.add(Map.of("sep", i == 0 ? "" : " ", "text", words.get(i), "mark", i >= from && i < to));
        }
        return out;
    }

    private static String fmt(String f, Object v) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            return "—";
        }
        return String.format(Locale.ROOT, f, n.doubleValue());
    }
}
