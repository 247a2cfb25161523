package dev.probity.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.server.auth.Role;

import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 description of the API, written from the route table the server serves, so the two cannot drift
 * apart. Every operation needs a bearer token; each lists the roles it admits ({@code x-probity-roles}) and the errors
 * it can answer, all in the one error shape.
 */
public final class OpenApi {
    private OpenApi() {
    }

    public static String describe(List<Route> routes) {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Probity service");
        info.put("version", "v1");
        info.put("description", "Logs a deployed model's predictions and labels, keeps the audit's statistics per window, and answers "
                + "fairness, selection and drift questions from them. Every route needs 'Authorization: Bearer <token>'.");
        ObjectNode comps = root.putObject("components");
        ObjectNode schemes = comps.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode err = comps.putObject("schemas").putObject("Error");
        err.put("type", "object");
        ObjectNode ep = err.putObject("properties").putObject("error");
        ep.put("type", "object");
        ObjectNode props = ep.putObject("properties");
        props.putObject("status").put("type", "integer");
        props.putObject("code").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("field").put("type", "string");
        props.putObject("value").put("type", "string");
        ep.putArray("required").add("status").add("code").add("message");
        err.putArray("required").add("error");
        root.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = root.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            ObjectNode op = path.putObject(r.method().toLowerCase(Locale.ROOT));
            op.put("summary", r.summary());
            op.put("operationId", r.method().toLowerCase(Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
            ArrayNode roles = op.putArray("x-probity-roles");
            roles.add(Role.ADMIN.id());
            r.roles().forEach(x -> roles.add(x.id()));
            op.put("x-probity-personal-data", r.personal());
            ArrayNode params = op.putArray("parameters");
            for (String p : Api.pathParams(r.path())) {
                ObjectNode o = params.addObject();
                o.put("name", p);
                o.put("in", "path");
                o.put("required", true);
                o.putObject("schema").put("type", "string");
            }
            for (String q : r.query()) {
                ObjectNode o = params.addObject();
                o.put("name", q);
                o.put("in", "query");
                o.put("required", false);
                o.putObject("schema").put("type", "string");
            }
            if (r.path().endsWith("/predictions") || r.path().endsWith("/labels") || r.path().endsWith("/windows")) {
                ObjectNode o = params.addObject();
                o.put("name", "Idempotency-Key");
                o.put("in", "header");
                o.put("required", false);
                o.put("description", "a retry with the same key and body gets the first answer and counts nothing twice");
                o.putObject("schema").put("type", "string");
            }
            if (r.body() != null) {
                ObjectNode rb = op.putObject("requestBody");
                rb.put("required", true);
                ObjectNode content = rb.putObject("content");
                for (String m : r.body().split(",\\s*")) {
                    content.putObject(m).putObject("schema").put("type", m.equals("application/json") ? "object" : "string");
                }
            }
            ObjectNode resp = op.putObject("responses");
            resp.putObject(r.method().equals("POST") && (r.path().equals("/api/v1/models") || r.path().equals("/api/v1/tokens") || r.path().equals("/api/v1/webhooks")
                            || r.path().endsWith("/budget")) ? "201" : r.path().equals("/api/v1/mitigations") || r.path().endsWith("/cancel") ? "202" : "200")
                    .put("description", "done");
            for (int s : errors(r)) {
                resp.putObject(String.valueOf(s)).put("description", ApiError.code(s))
                        .putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
            }
        }
        return root.toPrettyString();
    }

    private static int[] errors(Route r) {
        boolean params = !Api.pathParams(r.path()).isEmpty();
        if (r.body() != null) {
            return params ? new int[] {400, 401, 403, 404, 409, 413, 415, 429, 503} : new int[] {400, 401, 403, 409, 413, 415, 429, 503};
        }
        return params ? new int[] {400, 401, 403, 404, 429, 503} : new int[] {401, 403, 429, 503};
    }
}
