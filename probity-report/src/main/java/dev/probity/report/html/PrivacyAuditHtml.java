package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.privacy.attack.AttackResult;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.PrivacyText;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A membership inference audit as a self-contained page: the ROC curve on log-log axes (Carlini et al.'s advice: what
 * matters is the true positive rate at low false positive rates, where an attacker is sure of someone), the chance line,
 * and the figures.
 */
public final class PrivacyAuditHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/privacy-audit.html.mustache"));

    private PrivacyAuditHtml() {
    }

    public static String render(String model, AttackResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("model", model);
        m.put("attack", r.attack());
        m.put("summary", PrivacyText.attack(model, r));
        StringBuilder pts = new StringBuilder("[");
        double[] f = r.roc().fpr();
        double[] t = r.roc().tpr();
        for (int i = 0; i < f.length; i++) {
            if (f[i] > 0 && t[i] > 0) {
                pts.append(pts.length() > 1 ? "," : "").append("{\"x\":").append(JsonText.num(f[i])).append(",\"y\":").append(JsonText.num(t[i])).append('}');
            }
        }
        double floor = 1.0 / Math.max(1, r.nonMembers());
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", ("{\"roc\":" + pts + "],\"floor\":" + JsonText.num(floor) + "}").replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }
}
