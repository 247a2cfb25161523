package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.server.auth.Role;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;

import java.net.URI;

import static dev.probity.server.api.Api.JSON;

/** The routes that manage the service: tokens, webhooks, alerts and their checks. */
final class AdminHandlers {
    private final Api api;
    private final TokenStore tokens;
    private final ModelStore models;
    private final dev.probity.server.store.Alerts alerts;
    private final dev.probity.server.Checks checks;

    AdminHandlers(Api api, TokenStore tokens, ModelStore models, dev.probity.server.store.Alerts alerts, dev.probity.server.Checks checks) {
        this.api = api;
        this.tokens = tokens;
        this.models = models;
        this.alerts = alerts;
        this.checks = checks;
    }

    void listAlerts(Context ctx) {
        String model = ctx.queryParam("model");
        boolean open = "true".equalsIgnoreCase(ctx.queryParam("open"));
        ArrayNode a = JSON.createArrayNode();
        for (dev.probity.server.store.Alerts.Alert x : alerts.list(model, open)) {
            ObjectNode o = a.addObject();
            o.put("id", x.id());
            o.put("model", x.model());
            o.put("window", x.window());
            o.put("kind", x.kind());
            o.put("subject", x.subject());
            o.put("severity", x.severity());
            if (x.value() != null) {
                o.put("value", x.value());
            }
            if (x.threshold() != null) {
                o.put("threshold", x.threshold());
            }
            o.put("message", x.message());
            o.put("raised", x.raised().toInstant().toString());
            if (x.acknowledged() != null) {
                o.put("acknowledgedBy", x.acknowledgedBy());
                o.put("acknowledged", x.acknowledged().toInstant().toString());
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("alerts", a);
        Api.json(ctx, o);
    }

    void acknowledge(Context ctx) {
        long id = idParam(ctx);
        TokenStore.Caller who = ctx.attribute(Api.CALLER);
        if (!alerts.acknowledge(id, who.name() + " (token " + who.tokenId() + ")")) {
            throw new Ingestion.NotFoundException(alerts.get(id).isPresent() ? "alert " + id + " is already acknowledged" : "no alert " + id);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("acknowledgedBy", who.name() + " (token " + who.tokenId() + ")");
        Api.json(ctx, o);
    }

    void runChecks(Context ctx) {
        dev.probity.server.Checks.Run r = checks.run();
        ObjectNode o = JSON.createObjectNode();
        o.put("models", r.models());
        o.put("raised", r.raised());
        o.put("delivered", r.delivered());
        o.put("failedDeliveries", r.failed());
        Api.json(ctx, o);
    }

    void listWebhooks(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (dev.probity.server.store.Alerts.Webhook w : alerts.webhooks()) {
            ObjectNode o = a.addObject();
            o.put("id", w.id());
            if (w.model() != null) {
                o.put("model", w.model());
            }
            o.put("url", w.url());
            o.put("created", w.created().toInstant().toString());
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("webhooks", a);
        Api.json(ctx, o);
    }

    void addWebhook(Context ctx) {
        JsonNode n = Records.tree(api.body(ctx));
        String url = n.path("url").asText("");
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || url.length() > 2000) {
            throw new InputException("a webhook's url is an http or https URL", new InputException.Location("request body", 0, 0, "url", url));
        }
        String model = n.hasNonNull("model") ? n.get("model").asText() : null;
        if (model != null && models.get(model).isEmpty()) {
            throw new Ingestion.NotFoundException("no model '" + InputException.shown(model) + "'");
        }
        String secret = dev.probity.server.auth.Tokens.generate().substring(17);
        dev.probity.server.store.Alerts.Webhook w = alerts.addWebhook(model, url, secret);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", w.id());
        if (model != null) {
            o.put("model", model);
        }
        o.put("url", url);
        o.put("secret", secret);
        o.put("note", "each delivery carries X-Probity-Signature: sha256=<hex HMAC-SHA256 of the body with this secret>; "
                + "this is the only time the secret is shown");
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        Api.json(ctx, o);
    }

    void removeWebhook(Context ctx) {
        long id = idParam(ctx);
        if (!alerts.removeWebhook(id)) {
            throw new Ingestion.NotFoundException("no webhook " + id);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("removed", true);
        Api.json(ctx, o);
    }

    static long idParam(Context ctx) {
        String s = ctx.pathParam("id");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new InputException("an id is a number", new InputException.Location("path", 0, 0, "id", s));
        }
    }

    void listTokens(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (TokenStore.TokenInfo t : tokens.list()) {
            ObjectNode o = a.addObject();
            o.put("id", t.id());
            o.put("name", t.name());
            o.put("role", t.role().id());
            o.put("created", t.created().toInstant().toString());
            if (t.revoked() != null) {
                o.put("revoked", t.revoked().toInstant().toString());
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("tokens", a);
        Api.json(ctx, o);
    }

    void createToken(Context ctx) throws Exception {
        JsonNode n = Records.tree(api.body(ctx));
        String name = n.path("name").asText("");
        Role role = Role.parse(n.path("role").asText(null));
        if (name.isBlank() || name.length() > 200) {
            throw new InputException("a token needs a name of 1–200 characters", new InputException.Location("request body", 0, 0, "name", name));
        }
        if (role == null) {
            throw new InputException("a token's role is one of viewer, analyst, approver, ingest, admin",
                    new InputException.Location("request body", 0, 0, "role", n.path("role").asText(null)));
        }
        String token = tokens.create(name, role);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", dev.probity.server.auth.Tokens.idOf(token));
        o.put("name", name);
        o.put("role", role.id());
        o.put("token", token);
        o.put("note", "this is the only time the token is shown; the service keeps only its hash");
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        Api.json(ctx, o);
    }

    void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        if (!tokens.revoke(id)) {
            throw new Ingestion.NotFoundException("no live token with id '" + InputException.shown(id) + "'");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("revoked", true);
        Api.json(ctx, o);
    }
}
