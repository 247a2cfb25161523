package dev.probity.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.comply.Compliance;
import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.comply.Policy;
import dev.probity.ledger.comply.Verdict;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.server.auth.Role;
import dev.probity.server.evidence.EvidenceStore;
import dev.probity.server.evidence.Explanations;
import dev.probity.server.store.AccessLog;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.TokenStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's accountability pages: the evidence log with each entry's proof checked in the page (the browser
 * recomputes the leaf hash, the path to the root and the checkpoint's Ed25519 signature itself), a model version's
 * stage, card and compliance per built-in policy, and one logged decision explained (personal data: analysts only,
 * logged as such).
 */
final class EvidencePages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Role> READERS = Set.of(Role.VIEWER, Role.ANALYST, Role.APPROVER);
    private final Dashboard dashboard;
    private final EvidenceStore store;
    private final ModelStore models;
    private final Explanations explanations;
    private final AccessLog accessLog;

    EvidencePages(Dashboard dashboard, EvidenceStore store, ModelStore models, Explanations explanations, AccessLog accessLog) {
        this.dashboard = dashboard;
        this.store = store;
        this.models = models;
        this.explanations = explanations;
        this.accessLog = accessLog;
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/ledger", dashboard.signedIn(READERS, this::ledger));
        routes.get("/ui/ledger/entries/{index}", dashboard.signedIn(READERS, this::entry));
        routes.get("/ui/registry/{name}/{version}", dashboard.signedIn(READERS, this::registry));
        routes.get("/ui/models/{model}/predictions/{id}", dashboard.signedIn(Set.of(Role.ANALYST), this::explanation));
        // the model page's form: the id as a query parameter
        routes.get("/ui/models/{model}/predictions", dashboard.signedIn(Set.of(Role.ANALYST), this::explanation));
    }

    private void ledger(Context ctx, TokenStore.Caller who) {
        Map<String, Object> v = store.read(r -> {
            EvidenceLog log = r.log();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("origin", r.ledger().origin());
            m.put("size", String.format(Locale.ROOT, "%,d", log.size()));
            m.put("verifierKey", r.ledger().key().verifierKey());
            m.put("checkpoint", log.checkpoint());
            m.put("trust", log.trust());
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Event> events = log.events();
            for (int i = events.size() - 1; i >= 0 && rows.size() < 200; i--) {
                Event e = events.get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("index", e.index());
                row.put("what", e.command() != null ? "run: " + e.command() + (e.exit() != 0 ? " (exit " + e.exit() + ")" : "") : e.type());
                row.put("actor", e.actor());
                row.put("time", e.time().toString());
                row.put("signed", e.signed().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                row.put("model", e.modelKey() == null ? "" : e.modelKey());
                rows.add(row);
            }
            m.put("entries", rows);
            m.put("shown", rows.size());
            return m;
        });
        v.put("who", who.name());
        v.put("title", "Evidence log · ");
        dashboard.page(ctx, "ledger", v);
    }

    /** One entry with its proof, for the page's own check (the API's answer, for a signed-in browser). */
    private void entry(Context ctx, TokenStore.Caller who) {
        long index;
        try {
            index = Long.parseLong(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            ctx.status(400).result("an entry's index is a number");
            return;
        }
        ObjectNode o = store.read(r -> {
            EvidenceLog log = r.log();
            if (index < 0 || index >= log.size()) {
                return null;
            }
            String note = log.checkpoint();
            EvidenceLog.Proof p = log.prove(index);
            ObjectNode n = JSON.createObjectNode();
            n.put("index", index);
            n.put("entry_base64", Base64.getEncoder().encodeToString(r.ledger().entry(index)));
            n.put("tree_size", p.size());
            n.put("leaf_hash", p.leafHash());
            n.set("hashes", JSON.valueToTree(p.hashes()));
            n.put("checkpoint", note);
            n.put("verifier_key", r.ledger().key().verifierKey());
            return n;
        });
        if (o == null) {
            ctx.status(404).result("no entry " + index);
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json").result(o.toString());
    }

    private void registry(Context ctx, TokenStore.Caller who) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        Map<String, Object> v = store.read(r -> {
            EvidenceLog log = r.log();
            if (!r.models().contains(name + "@" + version)) {
                return null;
            }
            ModelState m = ModelState.of(log, name, version);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", m.key());
            out.put("stage", m.stage().label());
            out.put("owner", m.owner());
            out.put("sha256", m.sha256());
            List<Map<String, Object>> transitions = new ArrayList<>();
            for (Event e : m.transitions()) {
                transitions.add(Map.of("index", e.index(), "what", e.type() + (e.text("decision") != null ? " (" + e.text("decision") + ")" : ""),
                        "actor", e.actor(), "time", e.time().toString(), "signed", e.validlySigned() ? "signed" : ""));
            }
            out.put("transitions", transitions);
            ModelCard card = ModelCard.build(log, m, "model-card", Instant.now());
            List<Map<String, Object>> sections = new ArrayList<>();
            for (ModelCard.Section s : card.sections()) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (ModelCard.Item i : s.items()) {
                    items.add(Map.of("label", i.label(), "value", i.value() == null ? "" : i.value(), "entry", i.entry() >= 0 ? "entry " + i.entry() : "",
                            "signed", i.signed() ? "signed" : ""));
                }
                sections.add(Map.of("title", s.title(), "items", items, "missing", s.missing() == null ? "" : s.missing(),
                        "hasMissing", s.missing() != null && !s.missing().isBlank()));
            }
            out.put("sections", sections);
            List<Map<String, Object>> policies = new ArrayList<>();
            for (String id : Policy.BUILT_IN) {
                ComplianceReport c = Compliance.check(Policy.load(id), log, name, version, Instant.now());
                List<Map<String, Object>> results = new ArrayList<>();
                for (ComplianceReport.Result res : c.results()) {
                    String verdict = res.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
                    results.add(Map.of("title", res.title(), "source", res.source() == null ? "" : res.source(), "verdict", verdict,
                            "detail", res.detail() == null ? "" : res.detail()));
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("id", c.policy());
                p.put("title", c.title());
                p.put("status", c.passed() ? "every rule passes" : c.count(Verdict.FAIL) + " failing, " + (c.results().size() - c.count(Verdict.PASS)
                        - c.count(Verdict.FAIL)) + " without evidence or not applicable, " + c.count(Verdict.PASS) + " passing of " + c.results().size());
                p.put("passed", c.passed());
                p.put("results", results);
                policies.add(p);
            }
            out.put("policies", policies);
            return out;
        });
        if (v == null) {
            ctx.status(404);
            dashboard.page(ctx, "message", Map.of("title", "Not registered", "message", "There is no registered model version "
                    + name + "@" + version + ".", "who", who.name()));
            return;
        }
        v.put("who", who.name());
        v.put("title", v.get("model") + " · ");
        dashboard.page(ctx, "registry", v);
    }

    private void explanation(Context ctx, TokenStore.Caller who) {
        String name = ctx.pathParam("model");
        String id = ctx.pathParamMap().containsKey("id") ? ctx.pathParam("id") : ctx.queryParam("id");
        if (id == null || id.isBlank()) {
            ctx.status(400);
            dashboard.page(ctx, "message", Map.of("title", "Which decision?", "message", "Give the id of a logged prediction.", "who", who.name()));
            return;
        }
        Optional<ModelStore.StoredModel> m = models.get(name);
        ObjectNode o;
        try {
            if (m.isEmpty()) {
                throw new InputException("there is no model '" + name + "'");
            }
            o = explanations.explain(m.get(), id, ctx.queryParam("favourable"));
        } catch (InputException e) {
            ctx.status(e instanceof dev.probity.server.store.Ingestion.NotFoundException ? 404 : 409);
            dashboard.page(ctx, "message", Map.of("title", "Cannot explain", "message", e.message(k -> k), "who", who.name()));
            return;
        }
        accessLog.record(who.tokenId(), "GET", ctx.path(), 200, true);
        JsonNode row = o.at("/explanation/results/0");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("who", who.name());
        v.put("title", id + " · ");
        v.put("model", name);
        v.put("id", id);
        v.put("registered", o.path("registered").asText());
        v.put("logged", o.path("logged_prediction").asText());
        v.put("decision", o.path("model_decision").asText());
        v.put("favourableClass", o.path("favourable_class").asText());
        v.put("warning", o.path("warning").asText(""));
        v.put("hasWarning", o.has("warning"));
        v.put("plain", row.path("plain_language").asText());
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (JsonNode r : row.path("reasons")) {
            reasons.add(Map.of("code", r.path("code").asText(), "statement", r.path("statement").asText(),
                    "contribution", String.format(Locale.ROOT, "%+.4f", r.path("contribution").asDouble())));
        }
        v.put("reasons", reasons);
        v.put("noReasons", reasons.isEmpty());
        v.put("probability", String.format(Locale.ROOT, "%.4f", row.at("/explanation/prediction").asDouble()));
        v.put("base", String.format(Locale.ROOT, "%.4f", row.at("/explanation/base").asDouble()));
        v.put("background", o.at("/background/rows").asInt());
        ObjectNode data = JSON.createObjectNode();
        data.set("features", row.at("/explanation/features"));
        data.set("values", row.at("/explanation/values"));
        v.put("data", Dashboard.scriptJson(data));
        dashboard.page(ctx, "explanation", v);
    }

    /** Whether a model names a registered version, and its stage, for the model page. */
    Map<String, Object> stageOf(String registered) {
        if (registered == null) {
            return Map.of();
        }
        int at = registered.lastIndexOf('@');
        String stage = store.stageOf(registered);
        boolean known = java.util.Arrays.stream(dev.probity.ledger.registry.Stage.values()).anyMatch(x -> x.label().equals(stage));
        return known ? Map.of("hasRegistered", true, "registered", registered, "registryStage", stage,
                "registryLink", "/ui/registry/" + registered.substring(0, at) + "/" + registered.substring(at + 1), "hasRegistryLink", true)
                : Map.of("hasRegistered", true, "registered", registered, "registryStage", stage);
    }
}
