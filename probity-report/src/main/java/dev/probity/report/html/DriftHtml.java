package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.drift.Multivariate;
import dev.probity.monitor.quality.DataQuality;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drift report as a self-contained page: each column's score against its threshold (p-values and distances on
 * separate charts, since small means drift for one and large for the other), the verdicts table with the reason each
 * test was chosen, the data-quality findings and, when run, the multivariate tests.
 */
public final class DriftHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/drift.html.mustache"));

    private DriftHtml() {
    }

    public static String render(Drift.Report r, DataQuality.Report q, Multivariate.Report mv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("reference", r.reference());
        m.put("current", r.current());
        m.put("drifted", r.drifted());
        m.put("tested", r.columns().size());
        m.put("share", String.format(Locale.ROOT, "%.0f%%", 100 * r.share()));
        m.put("verdict", r.datasetDrift() ? "the data DRIFTED" : "the data did not drift");
        m.put("driftShare", String.format(Locale.ROOT, "%.2f", r.driftShare()));
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder pl = new StringBuilder("[");
        StringBuilder pv = new StringBuilder("[");
        StringBuilder pt = new StringBuilder("[");
        StringBuilder dl = new StringBuilder("[");
        StringBuilder dv = new StringBuilder("[");
        StringBuilder dt = new StringBuilder("[");
        for (Drift.ColumnDrift c : r.columns()) {
            rows.add(Map.of("column", c.column(), "kind", c.kind(), "test", c.test(), "why", c.chosenBecause(), "score", score(c.score()),
                    "rule", c.rule(), "drift", c.drifted() ? "DRIFT" : "—", "rows", String.format(Locale.ROOT, "%,d / %,d", c.referenceRows(), c.currentRows()),
                    "note", c.note() == null ? "" : c.note()));
            StringBuilder l = c.scoreIsPValue() ? pl : dl;
            StringBuilder v = c.scoreIsPValue() ? pv : dv;
            StringBuilder t = c.scoreIsPValue() ? pt : dt;
            String sep = l.length() > 1 ? "," : "";
            l.append(sep).append(JsonText.str(c.column()));
            v.append(sep).append(JsonText.num(Double.isInfinite(c.score()) ? Double.NaN : c.score()));
            t.append(sep).append(JsonText.num(c.threshold()));
        }
        m.put("rows", rows);
        m.put("skipped", r.skipped().stream().map(s -> Map.of("column", s.column(), "reason", s.reason())).toList());
        List<String> quality = new ArrayList<>();
        if (q != null) {
            if (!q.onlyInReference().isEmpty()) {
                quality.add("columns gone: " + String.join(", ", q.onlyInReference()));
            }
            if (!q.onlyInCurrent().isEmpty()) {
                quality.add("new columns: " + String.join(", ", q.onlyInCurrent()));
            }
            for (var c : q.columns()) {
                for (String issue : c.issues()) {
                    quality.add(c.column() + ": " + issue);
                }
            }
            quality.add(String.format(Locale.ROOT, "rows repeating an earlier row in the columns compared: %.2f%% of the reference, %.2f%% of the current data",
                    q.duplicateRowsReference() * 100, q.duplicateRowsCurrent() * 100));
        }
        m.put("quality", quality);
        if (mv != null) {
            m.put("multivariate", dev.probity.report.text.DriftText.multivariate(mv));
        }
        m.put("hasP", pl.length() > 1);
        m.put("hasDistance", dl.length() > 1);
        String data = "{\"p\":{\"labels\":" + pl + "],\"values\":" + pv + "],\"thresholds\":" + pt + "]},\"d\":{\"labels\":" + dl
                + "],\"values\":" + dv + "],\"thresholds\":" + dt + "]}}";
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", data.replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static String score(double x) {
        if (Double.isNaN(x)) {
            return "undefined";
        }
        if (Double.isInfinite(x)) {
            return "∞";
        }
        return x != 0 && Math.abs(x) < 0.001 ? String.format(Locale.ROOT, "%.2e", x) : String.format(Locale.ROOT, "%.4f", x);
    }
}
