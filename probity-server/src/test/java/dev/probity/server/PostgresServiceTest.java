package dev.probity.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's scenarios on a real PostgreSQL server (see {@link LocalPostgres}). Skipped where there is none — unless
 * PROBITY_REQUIRE_POSTGRES=1, which CI sets, makes that a failure.
 */
class PostgresServiceTest extends ServiceTest {
    static LocalPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.startOrNull();
        if (pg == null) {
            assertThat(System.getenv("PROBITY_REQUIRE_POSTGRES")).as("PostgreSQL is required (PROBITY_REQUIRE_POSTGRES=1) but none was found")
                    .isNotEqualTo("1");
            Assumptions.abort("no PostgreSQL server: install Debian's postgresql or set PROBITY_TEST_POSTGRES_URL");
        }
        started(ProbityServer.start(ServerConfig.external(pg.url, null, null).withPort(0), false));
        assertThat(server.databaseKind()).isEqualTo("postgresql");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        stop();
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aRestartKeepsTokensModelsAndStatistics() {
        assertThat(http.post("/api/v1/models", admin, DEFINITION.replace("loans", "restart")).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models/restart/predictions", admin, batch(traffic("z", 40, 3), true)).status()).isEqualTo(200);
        server.close();
        server = ProbityServer.start(ServerConfig.external(pg.url, null, null).withPort(0), false);
        assertThat(server.firstAdminToken()).isEmpty();
        http = new Http(server.port());
        Http.Reply m = http.get("/api/v1/models/restart", admin);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.json().get("predictions").asLong()).isEqualTo(40);
    }

    @Test
    void theDatabaseGoingAwayGivesErrorsNeverSilentLoss() throws Exception {
        Assumptions.assumeTrue(pg.ours(), "the PostgreSQL server was given from outside; it is not stopped here");
        assertThat(http.post("/api/v1/models", admin, DEFINITION.replace("loans", "away")).status()).isEqualTo(201);
        String batch = batch(traffic("w", 30, 5), true);
        pg.stop();
        try {
            Http.Reply r = http.send("POST", "/api/v1/models/away/predictions", admin, batch, java.util.Map.of("Idempotency-Key", "k1"));
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().at("/error/message").asText()).contains("nothing was stored");
            assertThat(http.get("/api/v1/models/away/fairness", admin).status()).isEqualTo(503);
        } finally {
            pg.start();
        }
        // the client retries under the same key, as a client does after a 503: pooled connections the restart broke
        // answer 503 once more (the pool then drops them), and the batch is stored once
        Http.Reply again = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            again = http.send("POST", "/api/v1/models/away/predictions", admin, batch, java.util.Map.of("Idempotency-Key", "k1"));
            if (again.status() != 503) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(http.get("/api/v1/models/away", admin).json().get("predictions").asLong()).isEqualTo(30);
    }
}
