package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.AnonymizationText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An anonymization as a self-contained page: the transformation, suppression, utility and risk before and after. */
public final class AnonymizationHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/anonymize.html.mustache"));
    private static final Template RISK = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/risk.html.mustache"));

    private AnonymizationHtml() {
    }

    public static String render(String data, Anonymization a, RiskReport before, RiskReport after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("data", data);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int i = 0; i < a.quasiIdentifiers().size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("attribute", a.quasiIdentifiers().get(i));
            r.put("level", a.levels().get(i));
            r.put("height", a.heights().get(i));
            levels.add(r);
        }
        m.put("levels", levels);
        m.put("rows", String.format(Locale.ROOT, "%,d", a.rows()));
        m.put("suppressed", String.format(Locale.ROOT, "%,d", a.suppressed()));
        m.put("maxSuppressed", String.format(Locale.ROOT, "%,d", a.maxSuppressed()));
        m.put("classes", String.format(Locale.ROOT, "%,d", a.classes()));
        m.put("summary", AnonymizationText.anonymize(a, before, after));
        return TEMPLATE.execute(m);
    }

    /** A risk analysis alone as a page: each attacker model's figures and the uniqueness estimates. */
    public static String risk(String data, RiskReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("data", data);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("rows", String.format(Locale.ROOT, "%,d", r.rows()));
        m.put("classes", String.format(Locale.ROOT, "%,d", r.classes()));
        m.put("qis", String.join(", ", r.quasiIdentifiers()));
        List<Map<String, Object>> models = new ArrayList<>();
        for (var e : List.of(Map.entry("prosecutor", r.prosecutor()), Map.entry("journalist", r.journalist()),
                Map.entry("marketer", r.marketer()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", e.getKey());
            row.put("average", String.format(Locale.ROOT, "%.4f", e.getValue().average()));
            row.put("highest", e.getKey().equals("marketer") ? "—" : String.format(Locale.ROOT, "%.4f", e.getValue().highest()));
            row.put("atRisk", e.getKey().equals("marketer") ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * e.getValue().recordsAtRisk()));
            models.add(row);
        }
        m.put("models", models);
        m.put("summary", AnonymizationText.risk(r));
        return RISK.execute(m);
    }
}
