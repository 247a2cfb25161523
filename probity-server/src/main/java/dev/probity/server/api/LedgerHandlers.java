package dev.probity.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.server.auth.Role;
import dev.probity.server.evidence.EvidenceStore;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;


/**
 * The evidence log over HTTP: entries, inclusion and consistency proofs against signed checkpoints, new checkpoints,
 * and events recorded by callers (the actor is the token's name). Every answer is the library's ({@link Ledger},
 * {@link EvidenceLog}, {@link Merkle}).
 */
final class LedgerHandlers {
    private static final int MAX_PAGE = 500;
    private final EvidenceStore store;

    LedgerHandlers(EvidenceStore store) {
        this.store = store;
    }

    /** The routes, for the route table. */
    List<Route> routes(Set<Role> readers, Set<Role> analysts) {
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
                        this::checkpoint));
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
        dev.probity.report.json.RegistryJson.eventFields(o, e);
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
