package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.mitigation.MitigationReport;
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

    /** The before/after page of a mitigation run. */
    public static String render(MitigationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("title", "Mitigation: " + r.method());
        m.put("source", r.predictions().source());
        m.put("method", r.method() + " (" + r.stage().words() + ")");
        m.put("constraint", r.constraint());
        m.put("model", r.baseline().info().algorithm());
        List<Map<String, String>> details = new ArrayList<>();
        r.parameters().forEach((k, val) -> details.add(Map.of("key", k, "value", String.valueOf(val))));
        r.details().forEach((k, val) -> details.add(Map.of("key", k, "value", String.valueOf(val))));
        m.put("details", details);
        List<Map<String, String>> rows = new ArrayList<>();
        for (MitigationReport.Row row : r.comparison()) {
            rows.add(Map.of("name", row.metric(), "before", fmt(row.before()), "after", fmt(row.after()),
                    "change", Double.isNaN(row.before()) || Double.isNaN(row.after()) ? ""
                            : String.format(Locale.ROOT, "%+.4f", row.after() - row.before())));
        }
        m.put("rows", rows);
        m.put("disparityName", r.tradeoff().disparity());
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", json(r));
        return TEMPLATE.execute(m);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The chart data as JSON, with {@code <} escaped so it cannot close the script element. */
    private static String json(MitigationReport r) {
        StringBuilder b = new StringBuilder("{\"bars\":[");
        List<MitigationReport.Row> rows = r.comparison();
        for (int i = 0; i < rows.size(); i++) {
            MitigationReport.Row row = rows.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(row.metric())).append(",\"before\":")
                    .append(JsonText.num(row.before())).append(",\"after\":").append(JsonText.num(row.after())).append('}');
        }
        MitigationReport.TradeOff t = r.tradeoff();
        b.append("],\"disparity\":").append(JsonText.str(t.disparity())).append(",\"baseline\":").append(point(t.baseline()))
                .append(",\"mitigated\":").append(point(t.mitigated())).append(",\"candidates\":[");
        for (int i = 0; i < t.candidates().size(); i++) {
            b.append(i == 0 ? "" : ",").append(point(t.candidates().get(i)));
        }
        return b.append("]}").toString().replace("<", "\\u003c");
    }

    private static String point(MitigationReport.Point p) {
        return "{\"label\":" + JsonText.str(p.name()) + ",\"error\":" + JsonText.num(p.error()) + ",\"disparity\":" + JsonText.num(p.disparity())
                + ",\"front\":" + p.front() + "}";
    }
}
