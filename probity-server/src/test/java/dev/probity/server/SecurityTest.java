package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.server.auth.Role;
import dev.probity.server.auth.Tokens;
import dev.probity.server.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route of the OpenAPI description against no token, bad tokens and each role; limits; injection; secrets. */
class SecurityTest {
    @TempDir
    static Path dir;
    static ProbityServer server;
    static Http http;
    static String admin;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() {
        server = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withMaxBodyBytes(64 * 1024).withRateLimit(1000, 1000), false);
        http = new Http(server.port());
        admin = server.firstAdminToken().orElseThrow();
        for (Role r : Role.values()) {
            TOKENS.put(r, http.post("/api/v1/tokens", admin, "{\"name\": \"" + r.id() + "\", \"role\": \"" + r.id() + "\"}").json().get("token").asText());
        }
        assertThat(http.post("/api/v1/models", admin, ServiceTest.DEFINITION.replace("loans", "sec")).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/registry?name=sec-model&version=1", admin, modelFile()).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models/sec/predictions", admin,
                "[{\"id\": \"p1\", \"inputs\": {\"grp\": \"A\", \"x\": 1}, \"prediction\": \"1\", \"label\": \"1\"}]").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Op(String method, String path, Set<String> roles) {
    }

    static final java.util.regex.Pattern TRANSITION = java.util.regex.Pattern.compile("/(validate|approve|reject|deploy|retire)$");

    /** A model file never registered before (a logistic regression on made-up rows), as registration's body. */
    static String modelFile() {
        java.util.Random rnd = new java.util.Random(System.nanoTime());
        int n = 40;
        double[] x = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = x[i] + rnd.nextGaussian() > 0 ? "yes" : "no";
        }
        dev.probity.core.frame.Frame f = new dev.probity.core.frame.Frame("made up", List.of(dev.probity.core.frame.DoubleColumn.of("x", x),
                dev.probity.core.frame.StringColumn.of("y", y)));
        dev.probity.core.model.Model m = new dev.probity.models.pipeline.PipelineTrainer(dev.probity.models.linear.LinearTrainer.logistic())
                .fit(new dev.probity.core.model.TrainingSet(f, List.of("x"), dev.probity.core.model.Labels.fromColumn(f, "y", null), null, 1));
        return new String(dev.probity.models.io.ModelFiles.toBytes(new dev.probity.models.io.ModelFiles.Content(m, Map.of())),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<Op> operations() {
        JsonNode spec = http.get("/openapi.json", admin).json();
        assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");
        List<Op> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = spec.get("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> e = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                Set<String> roles = new java.util.HashSet<>();
                op.getValue().get("x-probity-roles").forEach(r -> roles.add(r.asText()));
                String path = switch (e.getKey()) {
                    case "/api/v1/audits" -> "/api/v1/audits?protected=g&label=y&prediction=p";
                    case "/api/v1/mitigations" -> "/api/v1/mitigations?label=y&positive=1&protected=g&method=reweighing";
                    case "/api/v1/ledger/entries" -> op.getKey().equals("post") ? "/api/v1/ledger/entries?type=note" : e.getKey();
                    case "/api/v1/ledger/consistency" -> "/api/v1/ledger/consistency?from=1";
                    case "/api/v1/registry" -> op.getKey().equals("post") ? "/api/v1/registry?name=sec-model&version=" : e.getKey();
                    case "/api/v1/registry/{name}/{version}/compliance" -> "/api/v1/registry/sec-model/1/compliance?policy=gdpr";
                    default -> e.getKey();
                };
                path = path.replace("{model}", "sec").replace("{id}", e.getKey().contains("tokens") ? "000000000000" : "p1")
                        .replace("{name}/{version}", "sec-model/1").replace("{index}", "0");
                out.add(new Op(op.getKey().toUpperCase(java.util.Locale.ROOT), path, roles));
            }
        }
        return out;
    }

    static String bodyFor(Op op) {
        if (!op.method().equals("POST")) {
            return null;
        }
        if (op.path().endsWith("/predictions")) {
            return "[{\"id\": \"q" + System.nanoTime() + "\", \"inputs\": {\"grp\": \"B\", \"x\": 0}, \"prediction\": \"0\"}]";
        }
        if (op.path().endsWith("/inference")) {
            String id = "inf" + System.nanoTime();
            return "{\"request\": {\"id\": \"" + id + "\", \"inputs\": [{\"name\": \"grp\", \"shape\": [1], \"datatype\": \"BYTES\", "
                    + "\"data\": [\"A\"]}, {\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [0.3]}]}, "
                    + "\"response\": {\"id\": \"" + id + "\", \"outputs\": [{\"name\": \"y\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}}";
        }
        if (op.path().endsWith("/cloudevents")) {
            return "{\"id\": \"ce\", \"outputs\": [{\"name\": \"y\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}";
        }
        if (TRANSITION.matcher(op.path()).find()) {
            return "{\"rationale\": \"a test walks every route\"}";
        }
        if (op.path().endsWith("/windows")) {
            // a file of one window, computed under the model's definition and profile
            return WindowsImportTest.file(http.get("/api/v1/models/sec", admin).json(), List.of(new dev.probity.server.ingest.Records.Record("w1",
                    java.time.Instant.parse("2026-11-02T10:00:00Z"), Map.of("grp", "A", "x", 0.5), "1", null, null)), 1);
        }
        if (op.path().endsWith("/labels")) {
            return "[{\"id\": \"p1\", \"label\": \"1\"}]";
        }
        if (op.path().endsWith("/budget")) {
            return "{\"epsilon\": 100, \"delta\": 0.001}";
        }
        if (op.path().contains("/private/")) {
            return "{\"epsilon\": 0.5}";
        }
        if (op.path().startsWith("/api/v1/audits?") || op.path().startsWith("/api/v1/mitigations?")) {
            return "g,y,p\nA,1,1\nA,0,1\nB,1,0\nB,0,0\nA,1,1\nB,1,1\n";
        }
        if (op.path().equals("/api/v1/webhooks")) {
            return "{\"url\": \"http://127.0.0.1:9/nowhere\"}";
        }
        if (op.path().equals("/api/v1/tokens")) {
            return "{\"name\": \"made in a test\", \"role\": \"viewer\"}";
        }
        if (op.path().equals("/api/v1/models")) {
            return ServiceTest.DEFINITION.replace("loans", "sec");
        }
        return "{}";
    }

    @Test
    void everyRouteAnswers401WithoutAValidTokenAnd403OutsideItsRoles() {
        List<Op> ops = operations();
        assertThat(ops.size()).isEqualTo(server.routes().size());
        String unknown = Tokens.generate();
        String revoked = http.post("/api/v1/tokens", admin, "{\"name\": \"to revoke\", \"role\": \"admin\"}").json().get("token").asText();
        assertThat(http.post("/api/v1/tokens/" + Tokens.idOf(revoked) + "/revoke", admin, null).status()).isEqualTo(200);
        String forged = revoked.substring(0, revoked.length() - 1) + (revoked.endsWith("A") ? "B" : "A");
        List<String> table = new ArrayList<>();
        for (Op op : ops) {
            for (String bad : new String[] {null, unknown, revoked, "garbage", forged.replace(Tokens.idOf(revoked), Tokens.idOf(TOKENS.get(Role.ADMIN)))}) {
                Http.Reply r = http.send(op.method(), op.path(), bad, bodyFor(op), Map.of());
                assertThat(r.status()).as(op + " with token " + bad).isEqualTo(401);
                assertThat(r.json().at("/error/code").asText()).isEqualTo("unauthenticated");
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            }
            for (Role role : Role.values()) {
                Map<String, String> headers = op.path().endsWith("/cloudevents")
                        ? Map.of("ce-id", "ev-" + System.nanoTime(), "ce-type", "org.kubeflow.serving.inference.response")
                        : op.path().contains("/audits?") || op.path().contains("/mitigations?") ? Map.of("Content-Type", "text/csv")
                        : op.path().endsWith("/windows") ? Map.of("Content-Type", "application/x-ndjson") : Map.of();
                // each registration is a new version of a new file
                String path = op.path().endsWith("version=") ? op.path() + role.id() : op.path();
                Http.Reply r = http.send(op.method(), path, TOKENS.get(role), op.path().endsWith("version=") ? modelFile() : bodyFor(op), headers);
                boolean admitted = op.roles().contains(role.id());
                table.add(op.method() + " " + op.path() + " " + role.id() + " → " + r.status());
                if (admitted && (op.path().endsWith("/revoke") || op.path().endsWith("/remove") || op.path().endsWith("/acknowledge")
                        || op.path().startsWith("/api/v1/jobs/"))) {
                    // admitted, and told the (made-up) token, webhook, alert or job does not exist
                    assertThat(r.status()).as(op + " as " + role + ": " + r.body()).isIn(400, 404);
                } else if (admitted && TRANSITION.matcher(op.path()).find()) {
                    // admitted, and answered by the registry's gates: done, or refused with nothing recorded
                    assertThat(r.status()).as(op + " as " + role + ": " + r.body()).isIn(200, 409);
                } else if (admitted && op.path().endsWith("/explanation")) {
                    // admitted, and told the model names no registered file to explain with
                    assertThat(r.status()).as(op + " as " + role + ": " + r.body()).isEqualTo(409);
                    assertThat(r.json().at("/error/message").asText()).contains("names no registered model version");
                } else if (admitted) {
                    assertThat(r.status()).as(op + " as " + role + ": " + r.body()).isBetween(200, 299);
                } else {
                    assertThat(r.status()).as(op + " as " + role + ": " + r.body()).isEqualTo(403);
                }
            }
        }
        // the table the routes were checked against: admin everywhere, ingest only where data arrive
        assertThat(table).contains("POST /api/v1/models/sec/predictions ingest → 200", "POST /api/v1/models/sec/predictions viewer → 403",
                "GET /api/v1/models/sec/fairness ingest → 403", "GET /api/v1/tokens analyst → 403",
                "GET /api/v1/models/sec/predictions/p1 viewer → 403", "GET /api/v1/models/sec/predictions/p1 analyst → 200",
                "POST /api/v1/registry/sec-model/1/approve analyst → 403", "POST /api/v1/registry/sec-model/1/deploy approver → 403",
                "GET /api/v1/models/sec/predictions/p1/explanation viewer → 403", "POST /api/v1/ledger/entries?type=note viewer → 403",
                "POST /api/v1/models/sec/windows ingest → 200", "POST /api/v1/models/sec/windows analyst → 403",
                "GET /api/v1/ledger/entries/0 viewer → 200");
    }

    @Test
    void bodiesOverTheLimitAre413AndFloodsAre429() {
        String big = "[" + "{\"id\": \"x\", \"inputs\": {\"grp\": \"A\"}, \"prediction\": \"1\"},".repeat(2000) + "{}]";
        Http.Reply r = http.post("/api/v1/models/sec/predictions", TOKENS.get(Role.INGEST), big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("body_too_large");
        // the refused body is read and dropped, so a client that sends it all before reading gets the 413, every time
        // (before, about one in 200 such requests under load ended in "broken pipe" instead)
        for (int i = 0; i < 40; i++) {
            Map<String, String> headers = i % 2 == 0 ? Map.of() : Map.of("Expect", "100-continue");
            assertThat(http.send("POST", "/api/v1/models/sec/predictions", TOKENS.get(Role.INGEST), big, headers).status())
                    .as("oversized body " + i + " " + headers).isEqualTo(413);
        }
        // so is a stranger's body, up to 1 MiB: the 401 arrives, not a reset
        String body = "[" + "{\"id\": \"x\", \"inputs\": {\"grp\": \"A\"}, \"prediction\": \"1\"},".repeat(8000) + "{}]";
        for (int i = 0; i < 20; i++) {
            Http.Reply stranger = http.post("/api/v1/models/sec/predictions", null, body);
            assertThat(stranger.status()).as("unauthenticated body " + i).isEqualTo(401);
        }
        // a client that asks first is refused before it sends anything: a declared gigabyte is never asked for
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        java.net.http.HttpRequest.BodyPublisher gigabyte = java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                subscriber -> {
                    asked.set(true);
                    java.net.http.HttpRequest.BodyPublishers.ofString("x").subscribe(subscriber);
                }, 1L << 30);
        try {
            java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/models/sec/predictions"))
                            .header("Authorization", "Bearer " + TOKENS.get(Role.INGEST)).header("Content-Type", "application/json")
                            .expectContinue(true).POST(gigabyte).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("body_too_large");
            assertThat(asked).as("the body was never asked for").isFalse();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        Http.Reply wrongType = http.send("POST", "/api/v1/models/sec/predictions", TOKENS.get(Role.INGEST), null,
                Map.of("Content-Type", "text/csv"));
        assertThat(wrongType.status()).isIn(400, 415);

        try (ProbityServer slow = ProbityServer.start(ServerConfig.defaults(dir.resolve("slow")).withPort(0).withRateLimit(2, 5), false)) {
            Http h = new Http(slow.port());
            String t = slow.firstAdminToken().orElseThrow();
            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 20; i++) {
                Http.Reply x = h.get("/api/v1/models", t);
                if (x.status() == 429) {
                    limited++;
                    retryAfter = x.headers().firstValue("Retry-After").orElse(null);
                    assertThat(x.json().at("/error/code").asText()).isEqualTo("too_many_requests");
                } else {
                    assertThat(x.status()).isEqualTo(200);
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(10);
            assertThat(retryAfter).isNotNull();
        }
    }

    @Test
    void injectionAttemptsAreRefusedOrStoredAsData() {
        String analyst = TOKENS.get(Role.ANALYST);
        Http.Reply sqlName = http.get("/api/v1/models/sec';drop%20table%20model;--/fairness", analyst);
        assertThat(sqlName.status()).isEqualTo(404);
        Http.Reply sqlQuery = http.get("/api/v1/models/sec/fairness?from=2026-01-01T00:00:00Z'%20or%201=1--", analyst);
        assertThat(sqlQuery.status()).isEqualTo(400);
        assertThat(sqlQuery.json().at("/error/field").asText()).isEqualTo("from");
        Http.Reply scriptName = http.post("/api/v1/models", analyst,
                "{\"name\": \"<script>alert(1)</script>\", \"protectedAttributes\": [\"g\"], \"positivePrediction\": \"1\"}");
        assertThat(scriptName.status()).isEqualTo(400);
        String script = "<script>alert(1)</script>";
        Http.Reply stored = http.post("/api/v1/models/sec/predictions", TOKENS.get(Role.INGEST),
                "[{\"id\": \"s1\", \"inputs\": {\"grp\": \"" + script + "\", \"x\": 2}, \"prediction\": \"1\"}]");
        assertThat(stored.status()).isEqualTo(200);
        Http.Reply back = http.get("/api/v1/models/sec/predictions/s1", analyst);
        assertThat(back.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(back.json().at("/inputs/grp").asText()).isEqualTo(script);
        // the tables are all still there
        assertThat(http.get("/api/v1/models/sec", analyst).status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredAsHashesAndNeverLogged() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        String token;
        try {
            token = http.post("/api/v1/tokens", admin, "{\"name\": \"secret check\", \"role\": \"viewer\"}").json().get("token").asText();
            http.get("/api/v1/models", token);
            http.get("/api/v1/models", token + "x");
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).doesNotContain(token.substring(17));
        try (Database db = Database.open(ServerConfig.defaults(dir).withPort(0))) {
            List<String> cells = db.jdbi().withHandle(h -> {
                List<String> all = new ArrayList<>();
                for (String t : List.of("api_token", "access_log")) {
                    h.createQuery("select * from " + t).mapToMap().forEach(row -> row.values().forEach(v -> all.add(String.valueOf(v))));
                }
                return all;
            });
            assertThat(cells).noneMatch(c -> c.contains(token.substring(17)));
            assertThat(cells).contains(Tokens.hash(token));
            long personal = db.jdbi().withHandle(h -> h.createQuery("select count(*) from access_log where personal").mapTo(Long.class).one());
            assertThat(personal).isGreaterThan(0);
        }
    }
}
