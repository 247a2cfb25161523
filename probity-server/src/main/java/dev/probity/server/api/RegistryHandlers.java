package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.comply.Compliance;
import dev.probity.ledger.comply.Policy;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Registry;
import dev.probity.ledger.registry.Stage;
import dev.probity.ledger.registry.Transition;
import dev.probity.report.json.RegistryJson;
import dev.probity.server.auth.Role;
import dev.probity.server.evidence.EvidenceStore;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;


/**
 * The model registry over HTTP: registration, lifecycle transitions through the registry's gates (approvals signed with
 * the approver's key and recorded with the approving identity), model cards and compliance verdicts. Every answer is
 * the library's: {@link Registry}, {@link Compliance}, {@link ModelCard}, written by {@link RegistryJson}.
 */
final class RegistryHandlers {
    private final EvidenceStore store;

    RegistryHandlers(EvidenceStore store) {
        this.store = store;
    }

    /** The routes, for the route table. */
    List<Route> routes(Set<Role> readers, Set<Role> analysts, Set<Role> admins) {
        Set<Role> approvers = EnumSet.of(Role.APPROVER);
        return List.of(
                new Route("GET", "/api/v1/registry", readers, "Registered model versions and their stages", null, List.of(), false, this::models),
                new Route("POST", "/api/v1/registry", analysts, "Register a model version: the model file as the body (name, version, owner, informed)",
                        "application/json, application/octet-stream", List.of("name", "version", "owner", "informed"), false, this::register),
                new Route("GET", "/api/v1/registry/{name}/{version}", readers, "A model version's stage, lineage and evidence", null, List.of(),
                        false, this::state),
                new Route("POST", "/api/v1/registry/{name}/{version}/validate", analysts,
                        "Promote to validated (gates: a recorded training run and a passing audit after it)", "application/json", List.of(),
                        false, ctx -> promote(ctx, Stage.VALIDATED)),
                new Route("POST", "/api/v1/registry/{name}/{version}/approve", approvers,
                        "Approve a validated model, signed with the approver's key (four eyes: not who trained it)", "application/json",
                        List.of(), false, ctx -> promote(ctx, Stage.APPROVED)),
                new Route("POST", "/api/v1/registry/{name}/{version}/reject", approvers, "Reject a validated model (signed); it returns to draft",
                        "application/json", List.of(), false, this::reject),
                new Route("POST", "/api/v1/registry/{name}/{version}/deploy", admins, "Record a deployment of an approved model",
                        "application/json", List.of(), false, ctx -> promote(ctx, Stage.DEPLOYED)),
                new Route("POST", "/api/v1/registry/{name}/{version}/retire", admins, "Retire a model version", "application/json", List.of(),
                        false, ctx -> promote(ctx, Stage.RETIRED)),
                new Route("GET", "/api/v1/registry/{name}/{version}/card", readers,
                        "The model card (template model-card or annex-iv), every item cited to its log entry", null, List.of("template"),
                        false, this::card),
                new Route("GET", "/api/v1/registry/{name}/{version}/compliance", readers,
                        "Compliance verdicts of a model version against a built-in policy, from the log's evidence", null,
                        List.of("policy"), false, this::compliance));
    }

    private static TokenStore.Caller caller(Context ctx) {
        return ctx.attribute(Api.CALLER);
    }

    private static void raw(Context ctx, String json) {
        ctx.contentType("application/json").result(json);
    }
    void models(Context ctx) {
        ArrayNode a = store.read(r -> {
            ArrayNode out = Api.JSON.createArrayNode();
            EvidenceLog log = r.log();
            for (Event e : log.events()) {
                if (e.type().equals(Registry.REGISTERED)) {
                    ModelState m = ModelState.of(log, e.text("model"), e.text("version"));
                    ObjectNode o = out.addObject();
                    o.put("model", m.key());
                    o.put("name", m.name());
                    o.put("version", m.version());
                    o.put("stage", m.stage().label());
                    o.put("owner", m.owner());
                    o.put("sha256", m.sha256());
                    o.put("registered", m.registered().time().toString());
                }
            }
            return out;
        });
        ObjectNode n = Api.JSON.createObjectNode();
        n.set("models", a);
        Api.json(ctx, n);
    }

    void register(Context ctx) throws Exception {
        String name = required(ctx, "name");
        String version = required(ctx, "version");
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new InputException("send the model file as the body (a Probity, XGBoost JSON or ONNX model)",
                    new InputException.Location("request body", 0, 0, null, null));
        }
        String type = ctx.contentType();
        String ext = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream") ? ".onnx" : ".json";
        // read the model before it is kept: a file that is not a model is refused and nothing is written
        Path tmp = Files.createTempFile("probity-model-", ext);
        Map<String, Object> about = new LinkedHashMap<>();
        try {
            Files.write(tmp, body);
            dev.probity.core.model.Model m;
            try {
                m = dev.probity.models.io.ModelFiles.load(tmp, null);
            } catch (InputException e) {
                throw new InputException("the body is not a model file this service reads: "
                        + e.getMessage().replace(tmp.toString(), "the body"), new InputException.Location("request body", 0, 0, null, null));
            }
            about.put("algorithm", m.info().algorithm());
            about.put("features", m.info().features().stream().map(dev.probity.core.model.Feature::name).toList());
            about.put("classes", m.info().classes());
        } finally {
            Files.deleteIfExists(tmp);
        }
        Path kept = store.keepModelFile(body, ext);
        String owner = ctx.queryParam("owner");
        String informed = ctx.queryParam("informed");
        List<String> inf = informed == null || informed.isBlank() ? List.of() : List.of(informed.split("\\s*,\\s*"));
        String actor = caller(ctx).name();
        long index = store.write(r -> r.registerModel(name, version, kept, owner, inf, actor, Instant.now(), about));
        ObjectNode n = Api.JSON.createObjectNode();
        n.put("model", name + "@" + version);
        n.put("entry", index);
        n.put("stage", Stage.DRAFT.label());
        n.put("sha256", Evidence.sha256(body));
        ctx.status(201).header("Location", "/api/v1/registry/" + name + "/" + version);
        Api.json(ctx, n);
    }

    void state(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        raw(ctx, store.read(r -> RegistryJson.state(model(r.log(), name, version))));
    }

    private void promote(Context ctx, Stage to) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        Map<String, Object> fields = fields(ctx);
        TokenStore.Caller who = caller(ctx);
        fields.put("token", who.tokenId());
        // an approval is signed with the approver's own key; other transitions are recorded with the caller's name
        dev.probity.ledger.NoteKey signer = to == Stage.APPROVED ? store.approverKey(who.name()) : null;
        Transition t = store.write(r -> {
            model(r.log(), name, version);
            return r.promote(name, version, to, who.name(), signer, fields, Instant.now());
        });
        answer(ctx, t);
    }

    void reject(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        Map<String, Object> fields = fields(ctx);
        if (!(fields.get("rationale") instanceof String s) || s.isBlank()) {
            throw new InputException("a rejection says why: send {\"rationale\": \"…\"}", new InputException.Location("request body", 0, 0, "rationale", null));
        }
        TokenStore.Caller who = caller(ctx);
        fields.put("token", who.tokenId());
        dev.probity.ledger.NoteKey signer = store.approverKey(who.name());
        Transition t = store.write(r -> {
            model(r.log(), name, version);
            return r.reject(name, version, signer, fields, Instant.now());
        });
        answer(ctx, t);
    }

    /** A transition done (200) or refused by a gate (409, nothing recorded, with the gates and why). */
    private static void answer(Context ctx, Transition t) throws RuntimeException {
        ObjectNode o;
        try {
            o = (ObjectNode) Api.JSON.readTree(RegistryJson.transition(t));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (t.done()) {
            Api.json(ctx, o);
            return;
        }
        List<String> why = new ArrayList<>();
        t.failed().forEach(g -> why.add(g.id() + ": " + g.detail()));
        ObjectNode err;
        try {
            err = (ObjectNode) Api.JSON.readTree(ApiError.json(409, t.model() + " stays " + t.from().label() + "; nothing was recorded. "
                    + String.join("; ", why), null, null));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        err.set("transition", o);
        ctx.status(409);
        Api.json(ctx, err);
    }

    void card(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        String template = ctx.queryParam("template") == null ? "model-card" : ctx.queryParam("template");
        if (!ModelCard.TEMPLATES.contains(template)) {
            throw new InputException("template is one of " + ModelCard.TEMPLATES, new InputException.Location("query", 0, 0, "template", template));
        }
        raw(ctx, store.read(r -> {
            EvidenceLog log = r.log();
            return RegistryJson.card(ModelCard.build(log, model(log, name, version), template, Instant.now()));
        }));
    }

    void compliance(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        String policy = ctx.queryParam("policy");
        // built-in policies only: a policy named by path would read files on the service's disk
        if (policy == null || !Policy.BUILT_IN.contains(policy)) {
            throw new InputException("policy is one of the built-in policies " + Policy.BUILT_IN, new InputException.Location("query", 0, 0, "policy", policy));
        }
        Policy p = Policy.load(policy);
        raw(ctx, store.read(r -> {
            EvidenceLog log = r.log();
            model(log, name, version);
            return RegistryJson.compliance(Compliance.check(p, log, name, version, Instant.now()));
        }));
    }
    /** The model version, or 404 when it is not registered. */
    private static ModelState model(EvidenceLog log, String name, String version) {
        for (Event e : log.events()) {
            if (e.type().equals(Registry.REGISTERED) && name.equals(e.text("model")) && version.equals(e.text("version"))) {
                return ModelState.of(log, name, version);
            }
        }
        throw new Ingestion.NotFoundException("no registered model version " + InputException.shown(name) + "@" + InputException.shown(version));
    }

    @SuppressWarnings("unchecked")    private static Map<String, Object> fields(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        Map<String, Object> out = new LinkedHashMap<>();
        if (b.length == 0) {
            return out;
        }
        JsonNode n = dev.probity.server.ingest.Records.tree(b);
        if (!n.isObject()) {
            throw new InputException("the body is a JSON object: {\"rationale\": \"…\", \"role\": \"…\", \"environment\": \"…\"}",
                    new InputException.Location("request body", 0, 0, null, null));
        }
        for (String k : List.of("rationale", "role", "environment")) {
            JsonNode v = n.get(k);
            if (v != null && !v.isNull()) {
                if (!v.isTextual()) {
                    throw new InputException(k + " is text", new InputException.Location("request body", 0, 0, k, v.toString()));
                }
                out.put(k, v.asText());
            }
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!List.of("rationale", "role", "environment").contains(k)) {
                throw new InputException("unknown field '" + InputException.shown(k) + "': a transition takes rationale, role and environment",
                        new InputException.Location("request body", 0, 0, k, null));
            }
        });
        return out;
    }
    private static String required(Context ctx, String param) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) {
            throw new InputException("the query parameter '" + param + "' is required", new InputException.Location("query", 0, 0, param, null));
        }
        return v;
    }
}
