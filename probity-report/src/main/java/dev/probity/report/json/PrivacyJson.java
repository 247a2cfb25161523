package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.attack.AttackResult;
import dev.probity.privacy.budget.PrivacyBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Privacy results as JSON: an account ({@code probity.dp-account/v1}: the inputs and the certified ε with its method,
 * order and bounds), a budget ({@code probity.dp-budget/v1}: totals, balance and every release) and a membership
 * inference audit ({@code probity.privacy-audit/v1}). Numbers that do not exist are null.
 */
public final class PrivacyJson {
    public static final String ACCOUNT = "probity.dp-account/v1";
    public static final String BUDGET = "probity.dp-budget/v1";
    public static final String AUDIT = "probity.privacy-audit/v1";
    public static final String STATS = "probity.dp-stats/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private PrivacyJson() {
    }

    public static String account(Map<String, Object> inputs, Guarantee g) {
        ObjectNode d = head(ACCOUNT);
        d.set("inputs", JSON.valueToTree(inputs));
        d.set("guarantee", JSON.valueToTree(g));
        return write(d);
    }

    public static String budget(PrivacyBudget b) {
        ObjectNode d = head(BUDGET);
        d.put("dataset", b.dataset());
        d.put("epsilon", b.totalEpsilon());
        d.put("delta", b.totalDelta());
        d.put("created", b.created().toString());
        d.set("balance", JSON.valueToTree(b.balance()));
        var releases = d.putArray("releases");
        for (PrivacyBudget.Entry e : b.entries()) {
            ObjectNode o = releases.addObject();
            o.put("sequence", e.sequence());
            o.put("at", e.at().toString());
            o.put("who", e.charge().who());
            o.put("what", e.charge().what());
            o.put("mechanism", e.charge().mechanism());
            o.set("parameters", JSON.valueToTree(e.charge().parameters()));
            o.put("epsilon", e.charge().epsilon());
            o.put("delta", e.charge().delta());
        }
        return write(d);
    }

    public static String attack(String model, AttackResult r) {
        ObjectNode d = head(AUDIT);
        d.put("model", model);
        d.setAll((ObjectNode) JSON.valueToTree(r));
        return write(d);
    }

    /** An attribute inference audit, in the same schema as the membership audit, under {@code attribute_inference}. */
    public static String attribute(String model, dev.probity.privacy.attack.AttributeInference.Result r) {
        ObjectNode d = head(AUDIT);
        d.put("model", model);
        d.set("attribute_inference", JSON.valueToTree(r));
        return write(d);
    }

    /** The private fairness audit ({@code probity.private-audit/v1}): what was private, then each attribute's noisy groups. */
    public static String privateAudit(dev.probity.privacy.audit.PrivateAuditResult r) {
        ObjectNode d = head("probity.private-audit/v1");
        d.setAll((ObjectNode) JSON.valueToTree(r));
        d.put("privacy_note", r.privacyNote());
        return write(d);
    }

    /** Private grouped statistics ({@code probity.dp-stats/v1}): the request, then the result's groups and notes. */
    public static String privateStats(String source, String by, String value, dev.probity.privacy.stats.PrivateStatsResult r) {
        ObjectNode d = head(STATS);
        d.put("source", source);
        d.put("by", by);
        if (value != null) {
            d.put("value", value);
        }
        d.setAll((ObjectNode) JSON.valueToTree(r));
        d.put("privacy_note", r.privacyNote());
        return write(d);
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
