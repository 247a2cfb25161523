package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained page of classification reports (train, validation, test): per-class precision,
 * recall, F1 and support with a bar chart, the averages, ROC AUC and the confusion matrix.
 */
public final class ClassificationHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/classification.html.mustache"));

    private ClassificationHtml() {
    }

    public static String render(String title, List<ClassificationReport> reports) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("title", title);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        List<Map<String, Object>> rs = new ArrayList<>();
        StringBuilder data = new StringBuilder("[");
        for (int k = 0; k < reports.size(); k++) {
            ClassificationReport r = reports.get(k);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", "r" + k);
            x.put("dataset", r.dataset());
            List<Map<String, String>> rows = new ArrayList<>();
            for (ClassificationReport.ClassRow c : r.rows()) {
                rows.add(row(c));
            }
            x.put("rows", rows);
            x.put("macro", row(r.macro()));
            x.put("weighted", row(r.weighted()));
            x.put("accuracy", f(r.accuracy()));
            x.put("auc", Double.isNaN(r.rocAuc()) ? "—" : f(r.rocAuc()));
            x.put("total", Long.toString(r.total()));
            x.put("classes", r.classes());
            List<Map<String, Object>> cm = new ArrayList<>();
            for (int i = 0; i < r.classes().size(); i++) {
                List<String> cells = new ArrayList<>();
                for (long v : r.confusion()[i]) {
                    cells.add(Long.toString(v));
                }
                cm.add(Map.of("name", r.classes().get(i), "cells", cells));
            }
            x.put("confusion", cm);
            rs.add(x);
            data.append(k == 0 ? "" : ",").append("{\"id\":\"r").append(k).append("\",\"classes\":[");
            for (int i = 0; i < r.rows().size(); i++) {
                ClassificationReport.ClassRow c = r.rows().get(i);
                data.append(i == 0 ? "" : ",").append("{\"name\":\"").append(c.name().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\",\"precision\":").append(c.precision()).append(",\"recall\":").append(c.recall())
                        .append(",\"f1\":").append(c.f1()).append('}');
            }
            data.append("]}");
        }
        m.put("reports", rs);
        m.put("data", data.append(']').toString().replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static Map<String, String> row(ClassificationReport.ClassRow c) {
        return Map.of("name", c.name(), "precision", f(c.precision()), "recall", f(c.recall()), "f1", f(c.f1()),
                "support", Long.toString(c.support()));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
