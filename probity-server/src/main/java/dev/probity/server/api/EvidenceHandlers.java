package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.Merkle;
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
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The evidence log and the model registry over HTTP: entries, inclusion and consistency proofs, signed checkpoints;
 * registration, lifecycle transitions (approvals signed with the approver's own key and recorded with the approving
 * identity), model cards and compliance verdicts. Every answer is the library's: {@link Registry},
 * {@link Compliance}, {@link ModelCard}, written by {@link RegistryJson}.
 */
final class EvidenceHandlers {
    private static final int MAX_PAGE = 500;
    private final EvidenceStore store;

    EvidenceHandlers(EvidenceStore store) {
        this.store = store;
    }

    /** The routes, for the route table. */
    List<Route> routes(Set<Role> readers, Set<Role> analysts, Set<Role> admins) {
        Set<Role> approvers = EnumSet.of(Role.APPROVER);
        Set<Role> recorders = EnumSet.of(Role.ANALYST, Role.APPROVER);
        return List.of(
                new Route("GET", "/api/v1/ledger", readers, "The evidence log: origin, size, root, verifier key and latest signed checkpoint",
                        null, List.of(), false, this::ledger),
                new Route("GET", "/api/v1/ledger/entries", readers, "Entries of the evidence log, newest last (from, limit ≤ 500)", null,
                        List.of("from", "limit"), false, this::entries),
                new Route("POST", "/api/v1/ledger/entries", analysts, "Record an event (its fields as a JSON object) in the evidence log",
                        "application/json", List.of("type"), false, this::append),
                new Route("GET", "/api/v1/ledger/entries/{index}", readers,
                        "One entry with its inclusion proof against a signed checkpoint (verifiable without the service)", null, List.of(),
                        false, this::entry),
                new Route("GET", "/api/v1/ledger/consistency", readers, "A consistency proof between two sizes of the log (from, to)", null,
                        List.of("from", "to"), false, this::consistency),
                new Route("POST", "/api/v1/ledger/checkpoints", recorders, "Sign a checkpoint of the log as it is now", null, List.of(), false,
                        this::checkpoint),
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

    void ledger(Context ctx) {
        ObjectNode o = store.read(r -> {
            EvidenceLog log = r.log();
            Ledger l = r.ledger();
            ObjectNode n = Api.JSON.createObjectNode();
            n.put("origin", l.origin());
            n.put("size", log.size());
            n.put("root", HexFormat.of().formatHex(l.root(log.size())));
            n.put("verifier_key", l.key().verifierKey());
            n.put("trust", log.trust());
            n.put("checkpoint", log.checkpoint());
            n.put("folder", store.dir().toAbsolutePath().normalize().toString());
            return n;
        });
        Api.json(ctx, o);
    }

    void entries(Context ctx) {
        long from = longParam(ctx, "from", -1);
        long limit = Math.min(MAX_PAGE, Math.max(1, longParam(ctx, "limit", 100)));
        ObjectNode o = store.read(r -> {
            EvidenceLog log = r.log();
            long start = from < 0 ? Math.max(0, log.size() - limit) : from;
            ObjectNode n = Api.JSON.createObjectNode();
            n.put("size", log.size());
            n.put("from", start);
            ArrayNode a = n.putArray("entries");
            for (Event e : log.events()) {
                if (e.index() >= start && e.index() < start + limit) {
                    a.add(summary(e));
                }
            }
            return n;
        });
        Api.json(ctx, o);
    }

    private static ObjectNode summary(Event e) {
        ObjectNode o = Api.JSON.createObjectNode();
        o.put("index", e.index());
        o.put("type", e.type());
        if (e.command() != null) {
            o.put("command", e.command());
            o.put("exit", e.exit());
        }
        o.put("actor", e.actor());
        o.put("time", e.time().toString());
        o.put("signed", e.signed().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (e.modelKey() != null) {
            o.put("model", e.modelKey());
        }
        return o;
    }

    void entry(Context ctx) {
        long index = pathLong(ctx, "index");
        ObjectNode o = store.read(r -> {
            EvidenceLog log = r.log();
            if (index < 0 || index >= log.size()) {
                throw new Ingestion.NotFoundException("the log has " + log.size() + " entries; there is no entry " + index);
            }
            byte[] bytes = r.ledger().entry(index);
            ObjectNode n = Api.JSON.createObjectNode();
            n.put("index", index);
            n.put("entry_base64", Base64.getEncoder().encodeToString(bytes));
            Event e = EvidenceLog.parse(index, bytes);
            if (e != null) {
                n.set("summary", summary(e));
                n.set("event", Api.JSON.valueToTree(e.fields()));
            }
            // the proof is against the tree the checkpoint signs: the latest checkpoint if it covers this size, else a new one
            String note = log.checkpoint();
            EvidenceLog.Proof p = log.prove(index);
            ObjectNode proof = n.putObject("proof");
            proof.put("index", p.index());
            proof.put("tree_size", p.size());
            proof.put("leaf_hash", p.leafHash());
            proof.set("hashes", Api.JSON.valueToTree(p.hashes()));
            proof.put("root", p.root());
            proof.put("verified_by_service", p.verify());
            n.put("checkpoint", note);
            n.put("verifier_key", r.ledger().key().verifierKey());
            return n;
        });
        Api.json(ctx, o);
    }

    void consistency(Context ctx) {
        long from = longParam(ctx, "from", -1);
        long to = longParam(ctx, "to", -1);
        ObjectNode o = store.read(r -> {
            long size = r.ledger().size();
            long t = to < 0 ? size : to;
            if (from < 1 || from > t || t > size) {
                throw new InputException("a consistency proof needs 1 ≤ from ≤ to ≤ " + size + " (the log's size); got from=" + from + ", to=" + t,
                        new InputException.Location("query", 0, 0, "from", String.valueOf(from)));
            }
            HexFormat hex = HexFormat.of();
            List<byte[]> proof = r.ledger().consistencyProof(from, t);
            byte[] r1 = r.ledger().root(from);
            byte[] r2 = r.ledger().root(t);
            ObjectNode n = Api.JSON.createObjectNode();
            n.put("from", from);
            n.put("to", t);
            n.put("from_root", hex.formatHex(r1));
            n.put("to_root", hex.formatHex(r2));
            n.set("hashes", Api.JSON.valueToTree(proof.stream().map(hex::formatHex).toList()));
            n.put("verified_by_service", Merkle.verifyConsistency(from, t, r1, r2, proof));
            return n;
        });
        Api.json(ctx, o);
    }

    void checkpoint(Context ctx) {
        ObjectNode o = store.write(r -> {
            ObjectNode n = Api.JSON.createObjectNode();
            n.put("checkpoint", r.ledger().checkpoint());
            n.put("size", r.ledger().size());
            return n;
        });
        ctx.status(201);
        Api.json(ctx, o);
    }

    void append(Context ctx) {
        String type = ctx.queryParam("type");
        if (type == null || !type.matches("[a-z][a-z0-9._-]{0,63}")) {
            throw new InputException("name the event's type: type=incident (lower-case letters, digits, '.', '_', '-')",
                    new InputException.Location("query", 0, 0, "type", type));
        }
        byte[] body = ctx.bodyAsBytes();
        String actor = caller(ctx).name();
        long index = store.write(r -> r.ledger().append(Evidence.fromJson(body, "the request body", type, actor, null, Instant.now())));
        ObjectNode n = Api.JSON.createObjectNode();
        n.put("index", index);
        n.put("type", type);
        n.put("actor", actor);
        ctx.status(201).header("Location", "/api/v1/ledger/entries/" + index);
        Api.json(ctx, n);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Context ctx) {
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

    private static long longParam(Context ctx, String param, long absent) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new InputException(param + " is a whole number", new InputException.Location("query", 0, 0, param, v));
        }
    }

    private static long pathLong(Context ctx, String param) {
        String v = ctx.pathParam(param);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InputException(param + " is a whole number", new InputException.Location("path", 0, 0, param, v));
        }
    }
}
