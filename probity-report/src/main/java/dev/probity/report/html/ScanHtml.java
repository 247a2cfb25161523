package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.monitor.robust.CausalDiscrimination;
import dev.probity.monitor.robust.Perturbation;
import dev.probity.monitor.scan.Scan;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scan as a self-contained page: the issues by severity, then a chart for each check — decisions flipped by each
 * perturbation with its interval (the threshold marked), robust accuracy against the size of change, causal
 * discrimination by attribute, and the worst slices' error against the whole's (with the line at which a slice is an
 * issue) — and the tables behind them.
 */
public final class ScanHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/scan.html.mustache"));

    private ScanHtml() {
    }

    public static String render(Scan.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("model", r.model());
        m.put("source", r.data());
        m.put("rows", String.format(Locale.ROOT, "%,d", r.rows()));
        m.put("major", r.count(Scan.Level.MAJOR));
        m.put("medium", r.count(Scan.Level.MEDIUM));
        m.put("minor", r.count(Scan.Level.MINOR));
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Scan.Issue i : r.issues()) {
            issues.add(Map.of("level", i.level().id(), "check", i.check(), "summary", i.summary()));
        }
        m.put("issues", issues);
        m.put("notes", r.notes());
        List<Map<String, Object>> checks = new ArrayList<>();
        StringBuilder labels = new StringBuilder("[");
        StringBuilder share = new StringBuilder("[");
        StringBuilder iv = new StringBuilder("[");
        for (Perturbation.Check c : r.perturbation().checks()) {
            checks.add(Map.of("kind", c.kind(), "feature", c.feature(), "rows", String.format(Locale.ROOT, "%,d", c.rows()),
                    "flipped", String.format(Locale.ROOT, "%,d", c.flipped()), "share", pct(c.share()),
                    "interval", c.interval() == null ? "—" : pct(c.interval().low()) + "–" + pct(c.interval().high())));
            if (c.flipped() > 0 || c.feature().equals("*")) {
                String sep = labels.length() > 1 ? "," : "";
                labels.append(sep).append(JsonText.str(c.kind() + " " + (c.feature().equals("*") ? "all numbers" : c.feature())));
                share.append(sep).append(JsonText.num(c.share()));
                iv.append(sep).append(c.interval() == null ? "null" : "[" + JsonText.num(c.interval().low()) + "," + JsonText.num(c.interval().high()) + "]");
            }
        }
        m.put("checks", checks);
        StringBuilder data = new StringBuilder("{\"perturbation\":{\"labels\":").append(labels).append("],\"share\":").append(share)
                .append("],\"interval\":").append(iv).append("],\"threshold\":").append(JsonText.num(Scan.PERTURBATION_THRESHOLD)).append('}');
        Scan.Robustness rb = r.robustness();
        if (rb != null) {
            m.put("robustness", Map.of("method", rb.method(), "norm", rb.norm().id(), "exact", rb.exact() ? "exact" : "an upper bound on each row's smallest change",
                    "rows", rb.rows(), "median", Double.isNaN(rb.medianDistance()) ? "— (none flipped)" : String.format(Locale.ROOT, "%.3g", rb.medianDistance()),
                    "what", rb.labelled() ? "robust accuracy" : "decisions unchanged"));
            StringBuilder x = new StringBuilder("[");
            StringBuilder y = new StringBuilder("[");
            for (double[] c : rb.curve()) {
                String sep = x.length() > 1 ? "," : "";
                x.append(sep).append(JsonText.num(c[0]));
                y.append(sep).append(JsonText.num(c[1]));
            }
            data.append(",\"robustness\":{\"eps\":").append(x).append("],\"value\":").append(y).append("],\"label\":")
                    .append(JsonText.str(rb.labelled() ? "robust accuracy" : "decisions unchanged")).append('}');
        }
        List<Map<String, Object>> disc = new ArrayList<>();
        StringBuilder dl = new StringBuilder("[");
        StringBuilder dv = new StringBuilder("[");
        StringBuilder di = new StringBuilder("[");
        for (CausalDiscrimination.Result c : r.discrimination()) {
            disc.add(Map.of("attribute", c.settings().attribute(), "inputs", String.format(Locale.ROOT, "%,d", c.inputs()), "share", pct(c.score()),
                    "interval", pct(c.interval().low()) + "–" + pct(c.interval().high())));
            String sep = dl.length() > 1 ? "," : "";
            dl.append(sep).append(JsonText.str(c.settings().attribute()));
            dv.append(sep).append(JsonText.num(c.score()));
            di.append(sep).append("[").append(JsonText.num(c.interval().low())).append(",").append(JsonText.num(c.interval().high())).append("]");
        }
        m.put("discrimination", disc);
        data.append(",\"discrimination\":{\"labels\":").append(dl).append("],\"share\":").append(dv).append("],\"interval\":").append(di)
                .append("],\"threshold\":").append(JsonText.num(Scan.CAUSAL_THRESHOLD)).append('}');
        List<Map<String, Object>> slices = new ArrayList<>();
        StringBuilder sl = new StringBuilder("[");
        StringBuilder se = new StringBuilder("[");
        for (Scan.SliceFinding s : r.slices()) {
            slices.add(Map.of("description", s.description(), "rows", String.format(Locale.ROOT, "%,d", s.rows()), "error", pct(s.meanError())));
            String sep = sl.length() > 1 ? "," : "";
            sl.append(sep).append(JsonText.str(s.description()));
            se.append(sep).append(JsonText.num(s.meanError()));
        }
        m.put("slices", slices);
        double overall = Double.isNaN(r.accuracy()) ? Double.NaN : 1 - r.accuracy();
        m.put("overallError", pct(overall));
        data.append(",\"slices\":{\"labels\":").append(sl).append("],\"error\":").append(se).append("],\"overall\":").append(JsonText.num(overall))
                .append(",\"issueAt\":").append(JsonText.num(Double.isNaN(r.accuracy()) ? Double.NaN : 1 - r.accuracy() * (1 - Scan.SLICE_THRESHOLD)))
                .append("}}");
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", data.toString().replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
