package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.FrameWriter;
import dev.probity.core.io.ReadOptions;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.json.MitigationJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mitigation job: accepted at once (202, Location), run on the job executor with its progress visible, and its result
 * the JSON the library's run gives for the same upload; a bad upload is refused at once, naming the line or field.
 */
class MitigationJobTest {
    @TempDir
    Path dir;

    static final String QUERY = "label=income&positive=%3E50K&protected=sex&method=exponentiated-gradient&drop=fnlwgt&maxIterations=15";

    static byte[] csv(Frame f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.write(f, Format.CSV, out);
        return out.toByteArray();
    }

    @Test
    void aJobRunsWithProgressAndGivesTheLibrarysResult() throws Exception {
        byte[] upload = csv(Datasets.load("adult").head(2500));
        try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), false)) {
            Http http = new Http(s.port());
            String admin = s.firstAdminToken().orElseThrow();
            String analyst = http.post("/api/v1/tokens", admin, "{\"name\": \"Dana (risk)\", \"role\": \"analyst\"}").json().get("token").asText();
            String other = http.post("/api/v1/tokens", admin, "{\"name\": \"Lee\", \"role\": \"analyst\"}").json().get("token").asText();
            String body = new String(upload, StandardCharsets.UTF_8);

            Http.Reply accepted = http.send("POST", "/api/v1/mitigations?" + QUERY, analyst, body, Map.of("Content-Type", "text/csv"));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().get("id").asText();
            assertThat(accepted.headers().firstValue("Location")).contains("/api/v1/jobs/" + id);
            assertThat(accepted.json().get("status").asText()).isIn("queued", "running");

            List<String> statuses = new ArrayList<>(List.of(accepted.json().get("status").asText()));
            List<Double> fractions = new ArrayList<>();
            JsonNode job;
            long end = System.nanoTime() + 120_000_000_000L;
            do {
                job = http.get("/api/v1/jobs/" + id, analyst).json();
                String st = job.get("status").asText();
                if (!st.equals(statuses.get(statuses.size() - 1))) {
                    statuses.add(st);
                }
                fractions.add(job.at("/progress/fraction").asDouble());
                Thread.sleep(3);
            } while (!job.get("status").asText().matches("done|failed|cancelled") && System.nanoTime() < end);
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(statuses).as("the statuses seen, in order").containsSubsequence("running", "done");
            assertThat(List.of("queued", "running", "done")).containsSubsequence(statuses);
            for (int i = 1; i < fractions.size(); i++) {
                assertThat(fractions.get(i)).as("progress never goes back").isGreaterThanOrEqualTo(fractions.get(i - 1));
            }
            assertThat(fractions.stream().distinct().count()).as("progress moved: " + fractions.stream().distinct().toList()).isGreaterThanOrEqualTo(2);
            assertThat(job.at("/progress/fraction").asDouble()).isEqualTo(1.0);

            // the library, directly, on the same bytes
            Frame train = DataReader.read("the uploaded CSV", upload, ReadOptions.defaults().format(Format.CSV), Format.CSV);
            List<String> features = train.columnNames().stream().filter(c -> !List.of("income", "fnlwgt", "sex").contains(c)).toList();
            MitigationSettings settings = MitigationSettings.defaults().withMaxIterations(15);
            String direct = MitigationJson.toString(MitigationRun.run(new MitigationRun.Request(train, null, "income", ">50K", List.of("sex"), features,
                    new PipelineTrainer(LinearTrainer.logistic().penalty(LinearTrainer.Penalty.L2, 1.0), LinearTrainer.logistic().defaultEncoding()),
                    Mitigations.create("exponentiated-gradient", settings), Constraint.DEMOGRAPHIC_PARITY, 42), w -> { }));
            assertThat(job.get("result")).isEqualTo(Http.JSON.readTree(direct));
            assertThat(job.at("/result/schema").asText()).isEqualTo("probity.mitigation/v1");

            // the creator and admins see it; another analyst does not, even by its id
            assertThat(http.get("/api/v1/jobs/" + id, other).status()).isEqualTo(404);
            assertThat(http.get("/api/v1/jobs/" + id, admin).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs", analyst).json().get("jobs")).hasSize(1);
            assertThat(http.get("/api/v1/jobs", other).json().get("jobs")).isEmpty();
            assertThat(http.get("/api/v1/jobs?all=true", admin).json().get("jobs")).hasSize(1);
            assertThat(http.post("/api/v1/jobs/" + id + "/cancel", analyst, null).status()).as("done already").isEqualTo(409);
        }
    }

    @Test
    void aCancelledJobStopsWithoutAResult() throws Exception {
        byte[] upload = csv(Datasets.load("adult").head(2500));
        try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), false)) {
            Http http = new Http(s.port());
            String admin = s.firstAdminToken().orElseThrow();
            Http.Reply accepted = http.send("POST", "/api/v1/mitigations?" + QUERY.replace("exponentiated-gradient", "grid-search"), admin,
                    new String(upload, StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().get("id").asText();
            Http.Reply cancel = http.post("/api/v1/jobs/" + id + "/cancel", admin, null);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
            JsonNode job;
            long end = System.nanoTime() + 120_000_000_000L;
            do {
                Thread.sleep(10);
                job = http.get("/api/v1/jobs/" + id, admin).json();
            } while (!job.get("status").asText().matches("done|failed|cancelled") && System.nanoTime() < end);
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("cancelled");
            assertThat(job.has("result")).isFalse();
            assertThat(job.at("/progress/fraction").asDouble()).isLessThan(1.0);
        }
    }

    @Test
    void aBadUploadIsRefusedAtOnceNamingTheLineOrField() {
        try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), false)) {
            Http http = new Http(s.port());
            String admin = s.firstAdminToken().orElseThrow();
            Map<String, String> csv = Map.of("Content-Type", "text/csv");
            Http.Reply ragged = http.send("POST", "/api/v1/mitigations?label=y&positive=1&protected=g&method=reweighing", admin,
                    "g,x,y\nA,1,1\nB,2\nA,3,0\n", csv);
            assertThat(ragged.status()).as(ragged.body()).isEqualTo(400);
            assertThat(ragged.json().at("/error/message").asText()).contains("line 3");
            Http.Reply noLabel = http.send("POST", "/api/v1/mitigations?label=outcome&positive=1&protected=g&method=reweighing", admin,
                    "g,x,y\nA,1,1\nB,2,0\n", csv);
            assertThat(noLabel.status()).isEqualTo(400);
            assertThat(noLabel.json().at("/error/field").asText()).isEqualTo("label");
            Http.Reply badNumber = http.send("POST", "/api/v1/mitigations?label=y&positive=1&protected=g&method=reweighing&maxIterations=many", admin,
                    "g,x,y\nA,1,1\nB,2,0\n", csv);
            assertThat(badNumber.json().at("/error/field").asText()).isEqualTo("maxIterations");
            Http.Reply badMethod = http.send("POST", "/api/v1/mitigations?label=y&positive=1&protected=g&method=magic", admin,
                    "g,x,y\nA,1,1\nB,2,0\n", csv);
            assertThat(badMethod.status()).isEqualTo(400);
            assertThat(badMethod.json().at("/error/field").asText()).isEqualTo("method");
            Http.Reply badC = http.send("POST", "/api/v1/mitigations?label=y&positive=1&protected=g&method=reweighing&C=-1", admin,
                    "g,x,y\nA,1,1\nB,2,0\n", csv);
            assertThat(badC.status()).as(badC.body()).isEqualTo(400);
            assertThat(badC.json().at("/error/message").asText()).contains("C must be positive");
            assertThat(http.get("/api/v1/jobs", admin).json().get("jobs")).as("nothing was queued").isEmpty();
        }
    }
}
