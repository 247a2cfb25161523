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
 * A self-contained before/after page for a mitigation: the audit's metrics side by side (table and bar
 * chart) and the accuracy–disparity trade-off (scatter; with grid search, every candidate and the Pareto
 * front). Chart.js is inlined; the body gets {@code data-charts-rendered} when the charts are drawn.
 */
public final class MitigationHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/mitigation.html.mustache"));

    private MitigationHtml() {
    }

    /** One metric before and after. */
    public record Row(String name, double before, double after) {
    }

    /** One model on the trade-off chart: its error and disparity on the evaluation data. */
    public record Point(String label, double error, double disparity, boolean front) {
    }

    /** What the page shows. */
    public record View(String title, String source, String method, String constraint, String model, Map<String, String> details,
                       List<Row> rows, String disparityName, Point baseline, Point mitigated, List<Point> candidates) {
    }

    public static String render(View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("title", v.title());
        m.put("source", v.source());
        m.put("method", v.method());
        m.put("constraint", v.constraint());
        m.put("model", v.model());
        List<Map<String, String>> details = new ArrayList<>();
        v.details().forEach((k, val) -> details.add(Map.of("key", k, "value", val)));
        m.put("details", details);
        List<Map<String, String>> rows = new ArrayList<>();
        for (Row r : v.rows()) {
            rows.add(Map.of("name", r.name(), "before", fmt(r.before()), "after", fmt(r.after()),
                    "change", Double.isNaN(r.before()) || Double.isNaN(r.after()) ? "" : String.format(Locale.ROOT, "%+.4f", r.after() - r.before())));
        }
        m.put("rows", rows);
        m.put("disparityName", v.disparityName());
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", json(v));
        return TEMPLATE.execute(m);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The chart data as JSON, with {@code <} escaped so it cannot close the script element. */
    private static String json(View v) {
        StringBuilder b = new StringBuilder("{\"bars\":[");
        for (int i = 0; i < v.rows().size(); i++) {
            Row r = v.rows().get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(r.name())).append(",\"before\":").append(JsonText.num(r.before()))
                    .append(",\"after\":").append(JsonText.num(r.after())).append('}');
        }
        b.append("],\"disparity\":").append(JsonText.str(v.disparityName())).append(",\"baseline\":").append(point(v.baseline()))
                .append(",\"mitigated\":").append(point(v.mitigated())).append(",\"candidates\":[");
        for (int i = 0; i < v.candidates().size(); i++) {
            b.append(i == 0 ? "" : ",").append(point(v.candidates().get(i)));
        }
        return b.append("]}").toString().replace("<", "\\u003c");
    }

    private static String point(Point p) {
        return "{\"label\":" + JsonText.str(p.label()) + ",\"error\":" + JsonText.num(p.error()) + ",\"disparity\":" + JsonText.num(p.disparity())
                + ",\"front\":" + p.front() + "}";
    }
}
