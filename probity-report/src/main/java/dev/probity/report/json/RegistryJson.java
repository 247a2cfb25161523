package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.Gate;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Oversight;
import dev.probity.ledger.registry.Raci;
import dev.probity.ledger.registry.Transition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON of the registry's answers: a model version's state and lineage ({@code probity.registry/v1}), a RACI table
 * ({@code probity.raci/v1}), oversight rates ({@code probity.oversight/v1}), a transition's gates
 * ({@code probity.transition/v1}) and a compliance report ({@code probity.compliance/v1}). Every entry is named by its
 * index in the log; proofs are RFC 9162 audit paths in hex against the signed checkpoint the document carries.
 */
public final class RegistryJson {
    private static final ObjectMapper JSON = RecordJson.mapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("instant")
            .addSerializer(java.time.Instant.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer()));

    private RegistryJson() {
    }

    public static String state(ModelState m) {
        ObjectNode d = head("probity.registry/v1");
        d.put("model", m.key());
        d.put("sha256", m.sha256());
        d.put("stage", m.stage().label());
        d.put("owner", m.owner());
        d.set("informed", JSON.valueToTree(m.informed()));
        d.set("registered", entry(m.registered()));
        ObjectNode lineage = d.putObject("lineage");
        lineage.set("datasets", entries(m.datasets()));
        lineage.set("training_inputs", JSON.valueToTree(m.trainingInputs()));
        lineage.set("data_audits", entries(m.dataAudits()));
        lineage.set("trainings", entries(m.trainings()));
        lineage.set("audits", entries(m.audits()));
        lineage.set("evaluations", entries(m.evaluations()));
        lineage.set("explanations", entries(m.explanations()));
        lineage.set("documentation", m.documentation() == null ? null : entry(m.documentation()));
        lineage.set("transitions", entries(m.transitions()));
        lineage.set("other", entries(m.other()));
        ObjectNode ov = d.putObject("oversight");
        ov.put("decisions", m.decisions().size());
        ov.put("overrides", m.overrides().size());
        ov.put("appeals", m.appeals().size());
        return write(d);
    }

    public static String transition(Transition t) {
        ObjectNode d = head("probity.transition/v1");
        d.put("model", t.model());
        d.put("from", t.from().label());
        d.put("to", t.to().label());
        d.put("done", t.done());
        if (t.done()) {
            d.put("entry", t.entry());
        }
        d.set("gates", gates(t.gates()));
        return write(d);
    }

    public static String raci(Raci r) {
        ObjectNode d = head("probity.raci/v1");
        d.setAll((ObjectNode) JSON.valueToTree(r));
        return write(d);
    }

    public static String oversight(Oversight o) {
        ObjectNode d = head("probity.oversight/v1");
        d.setAll((ObjectNode) JSON.valueToTree(o));
        return write(d);
    }

    public static String compliance(ComplianceReport c) {
        ObjectNode d = head("probity.compliance/v1");
        d.setAll((ObjectNode) JSON.valueToTree(c));
        d.put("as_of", c.asOf().toString());
        for (var r : d.withArray("results")) {
            ((ObjectNode) r).put("verdict", ((ObjectNode) r).get("verdict").asText().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        ObjectNode counts = d.putObject("counts");
        for (var v : dev.probity.ledger.comply.Verdict.values()) {
            counts.put(v.name().toLowerCase(java.util.Locale.ROOT), c.count(v));
        }
        d.put("passed", c.passed());
        return write(d);
    }

    public static String card(dev.probity.ledger.card.ModelCard c) {
        ObjectNode d = head("probity.card/v1");
        d.setAll((ObjectNode) JSON.valueToTree(c));
        d.put("made", c.made().toString());
        return write(d);
    }

    private static ArrayNode gates(List<Gate> gates) {
        ArrayNode a = JSON.createArrayNode();
        gates.forEach(g -> a.add(JSON.valueToTree(g)));
        return a;
    }

    private static ArrayNode entries(List<Event> events) {
        ArrayNode a = JSON.createArrayNode();
        events.forEach(e -> a.add(entry(e)));
        return a;
    }

    private static ObjectNode entry(Event e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("entry", e.index());
        return eventFields(o, e);
    }

    /** Writes what every rendering of an evidence-log event shows: type, command and exit, actor, time, signature state. */
    public static ObjectNode eventFields(ObjectNode o, Event e) {
        o.put("type", e.type());
        if (e.command() != null) {
            o.put("command", e.command());
            o.put("exit", e.exit());
        }
        o.put("actor", e.actor());
        o.put("time", e.time().toString());
        o.put("signed", e.signed().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
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
