package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private queries over the stored statistics, paid from the model's persistent privacy budget: created once by an
 * admin, debited before each answer (with the caller's name), refused when it would overspend (also under parallel
 * requests), and the same after a restart.
 */
class PrivacyBudgetServiceTest {
    @TempDir
    Path dir;

    static ServerConfig config(Path dir) {
        return ServerConfig.defaults(dir).withPort(0).withChecksEvery(null);
    }

    static String setUp(Http http, String admin, String model) {
        String analyst = http.post("/api/v1/tokens", admin, "{\"name\": \"Dana (risk)\", \"role\": \"analyst\"}").json().get("token").asText();
        assertThat(http.post("/api/v1/models", admin, ServiceTest.DEFINITION.replace("loans", model)).status()).isEqualTo(201);
        Http.Reply p = http.post("/api/v1/models/" + model + "/predictions", admin, AlertsTest.day("2026-11-01", 0, 0.8, 1));
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        return analyst;
    }

    @Test
    void aBudgetIsCreatedOnceDebitedBeforeEachAnswerRefusesOverspendingAndSurvivesARestart() {
        String admin;
        String analyst;
        try (ProbityServer s = ProbityServer.start(config(dir), false)) {
            Http http = new Http(s.port());
            admin = s.firstAdminToken().orElseThrow();
            analyst = setUp(http, admin, "priv");
            String viewer = http.post("/api/v1/tokens", admin, "{\"name\": \"auditor\", \"role\": \"viewer\"}").json().get("token").asText();

            assertThat(http.get("/api/v1/models/priv/budget", viewer).json().get("budget").isNull()).isTrue();
            Http.Reply none = http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": 0.5}");
            assertThat(none.status()).as("no budget, no answer").isEqualTo(409);
            assertThat(none.json().at("/error/message").asText()).contains("no privacy budget");

            assertThat(http.post("/api/v1/models/priv/budget", analyst, "{\"epsilon\": 1}").status()).isEqualTo(403);
            Http.Reply created = http.post("/api/v1/models/priv/budget", admin, "{\"epsilon\": 1, \"delta\": 0}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("epsilon").decimalValue()).isEqualByComparingTo("1");
            Http.Reply again = http.post("/api/v1/models/priv/budget", admin, "{\"epsilon\": 5}");
            assertThat(again.status()).as("a budget is never raised").isEqualTo(409);
            assertThat(again.json().at("/error/message").asText()).contains("never replaced or raised");
            Http.Reply badEps = http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": \"lots\"}");
            assertThat(badEps.status()).isEqualTo(400);
            assertThat(badEps.json().at("/error/field").asText()).isEqualTo("epsilon");

            Http.Reply sel = http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": 0.5}");
            assertThat(sel.status()).as(sel.body()).isEqualTo(200);
            JsonNode j = sel.json();
            assertThat(j.get("noisy").asBoolean()).isTrue();
            assertThat(j.at("/privacy/mechanism").asText()).isEqualTo("geometric (discrete Laplace)");
            assertThat(j.at("/privacy/guarantee").asText()).startsWith("private: ε = 0.5");
            assertThat(j.at("/debit/epsilon").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(j.at("/debit/epsilonLeft").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(j.at("/debit/who").asText()).startsWith("Dana (risk) (token ");
            JsonNode groups = j.at("/attributes/grp/groups");
            assertThat(groups).hasSize(2);
            for (JsonNode g : groups) {
                // 200 predictions per group; noise of scale 2 on each of four counts
                assertThat(g.get("noisyPredictions").asLong()).isBetween(150L, 250L);
                assertThat(g.at("/selectionRate/value").asDouble()).isBetween(0.0, 1.0);
                assertThat(g.at("/selectionRate/lower").asDouble()).isLessThanOrEqualTo(g.at("/selectionRate/upper").asDouble());
            }
            assertThat(j.at("/attributes/grp/reference").asText()).isEqualTo("A");
            assertThat(j.at("/attributes/grp/differences/0/group").asText()).isEqualTo("B");

            Http.Reply fair = http.post("/api/v1/models/priv/private/fairness", analyst, "{\"epsilon\": 0.25, \"groups\": {\"grp\": [\"A\", \"B\"]}}");
            assertThat(fair.status()).as(fair.body()).isEqualTo(200);
            assertThat(fair.json().at("/audit/privacy/epsilon").asDouble()).isEqualTo(0.25);
            assertThat(fair.json().at("/audit/attributes/0/groups")).hasSize(2);
            assertThat(fair.json().at("/debit/epsilonLeft").decimalValue()).isEqualByComparingTo("0.25");

            Http.Reply over = http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": 0.5}");
            assertThat(over.status()).isEqualTo(409);
            assertThat(over.json().at("/error/code").asText()).isEqualTo("conflict");
            assertThat(over.json().at("/error/field").asText()).isEqualTo("epsilon");
            assertThat(over.json().at("/error/message").asText()).contains("leaving ε 0.25");
            assertThat(over.json().at("/error/epsilonLeft").decimalValue()).isEqualByComparingTo("0.25");

            JsonNode b = http.get("/api/v1/models/priv/budget", viewer).json();
            assertThat(b.get("releases")).hasSize(2);
            assertThat(b.at("/releases/0/who").asText()).startsWith("Dana (risk) (token ");
            assertThat(b.at("/releases/1/what").asText()).contains("private fairness audit");
            assertThat(b.at("/balance/epsilon_left").decimalValue()).isEqualByComparingTo("0.25");
        }
        try (ProbityServer s = ProbityServer.start(config(dir), false)) {
            Http http = new Http(s.port());
            JsonNode b = http.get("/api/v1/models/priv/budget", analyst).json();
            assertThat(b.get("releases")).as("the debits are kept across a restart").hasSize(2);
            assertThat(b.at("/balance/epsilon_left").decimalValue()).isEqualByComparingTo("0.25");
            assertThat(http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": 0.5}").status()).isEqualTo(409);
            assertThat(http.post("/api/v1/models/priv/private/selection", analyst, "{\"epsilon\": 0.25}").status()).isEqualTo(200);
            assertThat(http.post("/api/v1/models/priv/budget", admin, "{\"epsilon\": 1}").status()).isEqualTo(409);
        }
    }

    @Test
    void parallelQueriesNeverOverspend() throws Exception {
        try (ProbityServer s = ProbityServer.start(config(dir), false)) {
            Http http = new Http(s.port());
            String admin = s.firstAdminToken().orElseThrow();
            String analyst = setUp(http, admin, "busy");
            assertThat(http.post("/api/v1/models/busy/budget", admin, "{\"epsilon\": 1.0}").status()).isEqualTo(201);
            // 0.125 is exact in binary: the library rounds a double ε up when it debits, so 0.1 (0.1000000000000000055…) would
            // be debited as 0.100000000000001 and only 9 would fit in 1.0
            int n = 20;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return http.post("/api/v1/models/busy/private/selection", analyst, "{\"epsilon\": 0.125}").status();
                }));
            }
            go.countDown();
            int ok = 0;
            int refused = 0;
            for (Future<Integer> f : replies) {
                int status = f.get();
                ok += status == 200 ? 1 : 0;
                refused += status == 409 ? 1 : 0;
            }
            pool.shutdown();
            assertThat(ok).isEqualTo(8);
            assertThat(refused).isEqualTo(12);
            JsonNode b = http.get("/api/v1/models/busy/budget", analyst).json();
            assertThat(b.get("releases")).hasSize(8);
            assertThat(b.at("/balance/epsilon_left").decimalValue()).isEqualByComparingTo("0");
        }
    }
}
