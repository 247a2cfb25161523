package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.Utility;
import dev.probity.privacy.anonymize.risk.AttackerRisk;
import dev.probity.privacy.anonymize.risk.PopulationUniqueness;
import dev.probity.privacy.anonymize.risk.RiskReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Anonymization results as JSON: a release ({@code probity.anonymize/v1}: the settings, the transformation — the
 * level of each quasi-identifier — the suppressed records, utility and risk before and after, and what the search
 * did) and a risk analysis alone ({@code probity.risk/v1}). Numbers that do not exist are null.
 */
public final class AnonymizationJson {
    public static final String ANONYMIZE = "probity.anonymize/v1";
    public static final String RISK = "probity.risk/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private AnonymizationJson() {
    }

    /**
     * @param settings what was asked (data, models, suppression limit, hierarchy files), as the face words them
     */
    public static String anonymize(Map<String, Object> settings, Anonymization a, RiskReport before, RiskReport after) {
        ObjectNode d = head(ANONYMIZE);
        d.set("settings", JSON.valueToTree(settings));
        d.put("method", "full-domain");
        ArrayNode t = d.putArray("transformation");
        for (int i = 0; i < a.quasiIdentifiers().size(); i++) {
            ObjectNode o = t.addObject();
            o.put("attribute", a.quasiIdentifiers().get(i));
            o.put("level", a.levels().get(i));
            o.put("height", a.heights().get(i));
        }
        d.put("rows", a.rows());
        d.put("suppressed", a.suppressed());
        d.put("max_suppressed", a.maxSuppressed());
        d.put("classes", a.classes());
        d.put("smallest_class", a.smallestClass());
        ObjectNode u = d.putObject("utility");
        u.set("before", utility(a.before()));
        u.set("after", utility(a.after()));
        ObjectNode r = d.putObject("risk");
        r.set("before", risk(before));
        r.set("after", risk(after));
        if (a.search() != null) {
            ObjectNode s = d.putObject("search");
            s.put("nodes", a.search().nodes());
            s.put("checked", a.search().checked());
            s.put("tagged", a.search().tagged());
            s.put("pruned", a.search().pruned());
        }
        return write(d);
    }

    /**
     * A release by local recoding (Mondrian or MDAV microaggregation), in the same schema: {@code method}, no
     * {@code transformation}, the classes, and the method's own information loss ({@code information_loss}: its
     * {@code measure} and {@code value}).
     */
    public static String local(Map<String, Object> settings, String method, int rows, int classes, String measure,
                               double loss, RiskReport before, RiskReport after) {
        ObjectNode d = head(ANONYMIZE);
        d.set("settings", JSON.valueToTree(settings));
        d.put("method", method);
        d.putNull("transformation");
        d.put("rows", rows);
        d.put("suppressed", 0);
        d.put("classes", classes);
        ObjectNode il = d.putObject("information_loss");
        il.put("measure", measure);
        il.put("value", loss);
        ObjectNode r = d.putObject("risk");
        r.set("before", risk(before));
        r.set("after", risk(after));
        return write(d);
    }

    public static String risk(Map<String, Object> settings, RiskReport r) {
        ObjectNode d = head(RISK);
        d.set("settings", JSON.valueToTree(settings));
        d.setAll(risk(r));
        return write(d);
    }

    static ObjectNode utility(Utility u) {
        ObjectNode o = JSON.createObjectNode();
        o.put("loss", u.loss());
        o.set("loss_per_attribute", JSON.valueToTree(u.lossPerAttribute()));
        o.put("loss_arithmetic_mean", u.lossArithmeticMean());
        o.put("discernibility", u.discernibility());
        o.put("average_class_size", u.averageClassSize());
        o.put("non_uniform_entropy", u.nonUniformEntropy());
        o.put("precision", u.precision());
        return o;
    }

    static ObjectNode risk(RiskReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.set("quasi_identifiers", JSON.valueToTree(r.quasiIdentifiers()));
        o.put("rows", r.rows());
        o.put("classes", r.classes());
        o.put("threshold", r.threshold());
        o.set("prosecutor", attacker(r.prosecutor()));
        o.set("journalist", attacker(r.journalist()));
        o.set("marketer", attacker(r.marketer()));
        o.put("sample_uniques", r.sampleUniques());
        if (Double.isNaN(r.samplingFraction())) {
            o.putNull("sampling_fraction");
        } else {
            o.put("sampling_fraction", r.samplingFraction());
        }
        ArrayNode p = o.putArray("population_uniques");
        for (PopulationUniqueness u : r.populationUniques()) {
            ObjectNode x = p.addObject();
            x.put("model", u.model());
            x.put("uniques", u.uniques());
            x.put("note", u.note());
        }
        return o;
    }

    static ObjectNode attacker(AttackerRisk a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("average", a.average());
        o.put("highest", a.highest());
        o.put("records_at_risk", a.recordsAtRisk());
        return o;
    }

    private static ObjectNode head(String schema) {
        ObjectNode d = JSON.createObjectNode();
        d.put("schema", schema);
        ObjectNode tool = d.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        return d;
    }

    private static String write(ObjectNode d) {
        try {
            return FiniteJson.write(JSON, d) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
