package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled checks raise the monitor's alerts once, deliver them to a webhook on loopback (signed; a failed
 * delivery is tried again), and alerts, acknowledgements and deliveries survive a restart.
 */
class AlertsTest {
    @TempDir
    Path dir;

    record Received(String body, String signature) {
    }

    static String day(String day, double shift, double penaltyB, long seed) {
        Random rnd = new Random(seed);
        ArrayNode a = Http.JSON.createArrayNode();
        for (int i = 0; i < 400; i++) {
            String g = i % 2 == 0 ? "A" : "B";
            double x = rnd.nextGaussian() + shift;
            boolean y = x + rnd.nextGaussian() > shift;
            boolean p = x - (g.equals("B") ? penaltyB : 0) + rnd.nextGaussian() * 0.3 > shift;
            ObjectNode o = a.addObject();
            o.put("id", day + "-" + i);
            o.put("timestamp", Instant.parse(day + "T00:00:00Z").plusSeconds(i * 60L).toString());
            o.putObject("inputs").put("grp", g).put("x", x);
            o.put("prediction", p ? "1" : "0");
            o.put("label", y ? "1" : "0");
        }
        return Http.JSON.createObjectNode().set("records", a).toString();
    }

    @Test
    void alertsAreRaisedOnceDeliveredSignedAndKeptAcrossARestart() throws Exception {
        List<Received> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            // the first delivery fails: it must be tried again
            int status = n == 1 ? 500 : 204;
            if (status == 204) {
                received.add(new Received(new String(body, java.nio.charset.StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst("X-Probity-Signature")));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String secret;
        String admin;
        try {
            ServerConfig config = ServerConfig.defaults(dir).withPort(0).withChecksEvery(null);
            try (ProbityServer s = ProbityServer.start(config, false)) {
                Http http = new Http(s.port());
                admin = s.firstAdminToken().orElseThrow();
                String analyst = http.post("/api/v1/tokens", admin, "{\"name\": \"Dana (risk)\", \"role\": \"analyst\"}").json().get("token").asText();
                assertThat(http.post("/api/v1/models", admin, "{\"name\": \"drifty\", \"protectedAttributes\": [\"grp\"], \"features\": [\"x\"], "
                        + "\"positivePrediction\": \"1\", \"period\": \"1d\"}").status()).isEqualTo(201);
                Http.Reply hook = http.post("/api/v1/webhooks", admin, "{\"url\": \"" + url + "\", \"model\": \"drifty\"}");
                assertThat(hook.status()).as(hook.body()).isEqualTo(201);
                secret = hook.json().get("secret").asText();
                assertThat(http.get("/api/v1/webhooks", admin).body()).doesNotContain(secret);
                assertThat(http.post("/api/v1/webhooks", admin, "{\"url\": \"file:///etc/passwd\"}").status()).isEqualTo(400);

                assertThat(http.post("/api/v1/models/drifty/predictions", admin, day("2026-11-01", 0, 0, 1)).status()).isEqualTo(200);
                assertThat(http.post("/api/v1/models/drifty/predictions", admin, day("2026-11-02", 2.0, 2.5, 2)).status()).isEqualTo(200);

                JsonNode run1 = http.post("/api/v1/checks/run", analyst, null).json();
                assertThat(run1.get("raised").asInt()).isPositive();
                assertThat(run1.get("failedDeliveries").asInt()).isEqualTo(1);
                JsonNode run2 = http.post("/api/v1/checks/run", analyst, null).json();
                assertThat(run2.get("raised").asInt()).as("an alert is raised once").isZero();
                assertThat(run2.get("delivered").asInt() + run1.get("delivered").asInt()).isEqualTo(run1.get("raised").asInt());

                JsonNode alerts = http.get("/api/v1/alerts?model=drifty&open=true", analyst).json().get("alerts");
                assertThat(alerts).hasSize(run1.get("raised").asInt());
                List<String> kinds = new ArrayList<>();
                alerts.forEach(a -> kinds.add(a.get("kind").asText() + " " + a.get("subject").asText() + " " + a.get("window").asText()));
                assertThat(kinds).anyMatch(k -> k.startsWith("drift x 2026-11-02"));
                assertThat(kinds).anyMatch(k -> k.startsWith("fairness") && k.endsWith("2026-11-02"));
                long first = alerts.get(0).get("id").asLong();
                Http.Reply ack = http.post("/api/v1/alerts/" + first + "/acknowledge", analyst, null);
                assertThat(ack.status()).isEqualTo(200);
                assertThat(ack.json().get("acknowledgedBy").asText()).startsWith("Dana (risk) (token ");
                assertThat(http.post("/api/v1/alerts/" + first + "/acknowledge", analyst, null).status()).isEqualTo(404);
                assertThat(http.get("/metrics", analyst).body()).contains("probity_alerts_open{model=\"drifty\"");
            }
            // the signature is the receiver's own HMAC of the body
            assertThat(received).isNotEmpty();
            for (Received r : received) {
                assertThat(r.signature()).isEqualTo("sha256=" + Checks.sign(secret, r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(Http.JSON.readTree(r.body()).get("type").asText()).isEqualTo("probity.alert/v1");
            }
            int before = received.size();
            try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), false)) {
                Checks.Run again = s.runChecks();
                assertThat(again.raised()).isZero();
                assertThat(again.delivered()).isZero();
                JsonNode all = new Http(s.port()).get("/api/v1/alerts?model=drifty", admin).json().get("alerts");
                assertThat(all.get(0).get("acknowledgedBy").asText()).startsWith("Dana (risk)");
            }
            assertThat(received).hasSize(before);
        } finally {
            receiver.stop(0);
        }
    }
}
