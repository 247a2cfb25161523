package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's scenarios on its embedded database (H2 in PostgreSQL mode, in a file). */
class H2ServiceTest extends ServiceTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        started(ProbityServer.start(ServerConfig.defaults(dir).withPort(0), false));
    }

    /** A model's own thresholds reach its checks: the same traffic drifts "major" under a strict model and not under the defaults. */
    @Test
    void aModelsOwnThresholdsDecideItsDriftLevels() {
        String analyst = token("analyst");
        String ingest = token("ingest");
        String strict = DEFINITION.replace("loans", "strict").replace("\"period\": \"1d\"",
                "\"period\": \"1d\", \"thresholds\": {\"psiMinor\": 0.00001, \"psiMajor\": 0.00002, \"fourFifths\": 0.9}");
        assertThat(http.post("/api/v1/models", analyst, strict).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "lenient")).status()).isEqualTo(201);
        List<dev.probity.server.ingest.Records.Record> traffic = traffic("t", 900, 11);
        for (String m : List.of("strict", "lenient")) {
            assertThat(http.post("/api/v1/models/" + m + "/predictions", ingest, batch(traffic, true)).status()).isEqualTo(200);
        }
        JsonNode strictReport = http.get("/api/v1/models/strict/monitor", analyst).json();
        JsonNode lenientReport = http.get("/api/v1/models/lenient/monitor", analyst).json();
        assertThat(strictReport.at("/settings/psi_major").asDouble()).isEqualTo(0.00002);
        assertThat(lenientReport.at("/settings/psi_major").asDouble()).isEqualTo(0.25);
        assertThat(levels(strictReport)).contains("major");
        assertThat(levels(lenientReport)).doesNotContain("major");
        Http.Reply bad = http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "bad").replace("\"period\": \"1d\"",
                "\"period\": \"1d\", \"thresholds\": {\"psiMinor\": 0.3, \"psiMajor\": 0.2}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/field").asText()).isEqualTo("thresholds.psiMajor");
    }

    private static Set<String> levels(JsonNode report) {
        Set<String> out = new HashSet<>();
        for (JsonNode w : report.get("windows")) {
            for (JsonNode c : w.get("columns")) {
                out.add(c.get("level").asText());
            }
        }
        return out;
    }
}
