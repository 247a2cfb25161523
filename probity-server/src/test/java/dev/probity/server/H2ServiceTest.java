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

    /**
     * Performance before labels: three days of scored decisions, labels for the first day only; the estimate of the
     * other two days (scores calibrated on the first day's labels) is the library's on the same records, and the
     * accuracy their labels give when they arrive lies in its band.
     */
    @Test
    void performanceIsEstimatedFromScoresBeforeLabelsArrive() {
        String analyst = token("analyst");
        String ingest = token("ingest");
        assertThat(http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "scored")).status()).isEqualTo(201);
        java.util.Random rnd = new java.util.Random(21);
        java.time.Instant t0 = java.time.Instant.parse("2026-11-01T00:00:00Z");
        List<dev.probity.server.ingest.Records.Record> first = new java.util.ArrayList<>();
        List<dev.probity.server.ingest.Records.Record> later = new java.util.ArrayList<>();
        dev.probity.monitor.perf.ScoreSketch reference = new dev.probity.monitor.perf.ScoreSketch();
        dev.probity.monitor.perf.ScoreSketch day3 = new dev.probity.monitor.perf.ScoreSketch();
        long correct3 = 0;
        long n3 = 0;
        for (int i = 0; i < 6000; i++) {
            int day = i / 2000;
            double score = day == 0 ? rnd.nextDouble() : Math.pow(rnd.nextDouble(), 0.5); // later days score higher
            String y = rnd.nextDouble() < 0.05 + 0.9 * score ? "1" : "0";
            String p = score >= 0.5 ? "1" : "0";
            java.util.Map<String, Object> in = new java.util.LinkedHashMap<>();
            in.put("grp", rnd.nextInt(3) == 0 ? "B" : "A");
            in.put("x", Math.round(score * 1000) / 1000.0);
            var r = new dev.probity.server.ingest.Records.Record("s" + i, t0.plusSeconds(86400L * day + i % 2000), in, p, score, day == 0 ? y : null);
            (day == 0 ? first : later).add(day == 0 ? r : new dev.probity.server.ingest.Records.Record(r.id(), r.timestamp(), in, p, score, null));
            if (day == 0) {
                reference.add(score, p.equals("1"), y.equals("1"));
            }
            if (day == 2) {
                day3.add(score, p.equals("1"), null);
                correct3 += y.equals(p) ? 1 : 0;
                n3++;
            }
            if (day > 0) {
                hidden.put(r.id(), y);
            }
        }
        assertThat(http.post("/api/v1/models/scored/predictions", ingest, batch(first, true)).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/models/scored/predictions", ingest, batch(later, false)).status()).isEqualTo(200);
        JsonNode perf = http.get("/api/v1/models/scored/performance", analyst).json();
        assertThat(perf.get("calibratedOn").asLong()).isEqualTo(2000);
        JsonNode w3 = perf.get("windows").get(2);
        assertThat(w3.get("labelled").asLong()).isZero();
        assertThat(w3.get("realizedAccuracy").isNull()).isTrue();
        var expected = day3.estimate(reference.calibration());
        assertThat(w3.at("/estimated/accuracy").asDouble()).isEqualTo(expected.accuracy());
        assertThat(w3.at("/estimated/tpr").asDouble()).isEqualTo(expected.tpr());
        double realized = (double) correct3 / n3;
        assertThat(realized).isBetween(w3.at("/estimated/low").asDouble() - 0.01, w3.at("/estimated/high").asDouble() + 0.01);
        assertThat(w3.get("groups").has("grp=A")).isTrue();
        // the labels arrive: the window's realized accuracy is what they give
        com.fasterxml.jackson.databind.node.ArrayNode labels = Http.JSON.createArrayNode();
        hidden.forEach((id, y) -> labels.addObject().put("id", id).put("label", y));
        assertThat(http.post("/api/v1/models/scored/labels", ingest, Http.JSON.createObjectNode().set("labels", labels).toString()).status())
                .isEqualTo(200);
        JsonNode after = http.get("/api/v1/models/scored/performance", analyst).json();
        assertThat(after.get("calibratedOn").asLong()).isEqualTo(6000);
        assertThat(after.get("windows").get(2).get("realizedAccuracy").asDouble()).isCloseTo(realized, org.assertj.core.api.Assertions.within(1e-12));
        // a model without scores says why there is no estimate
        assertThat(http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "unscored")).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models/unscored/predictions", ingest, batch(traffic("u", 50, 3), true)).status()).isEqualTo(200);
        JsonNode none = http.get("/api/v1/models/unscored/performance", analyst).json();
        assertThat(none.get("note").asText()).contains("no prediction in these windows carries a score");
    }

    /** A day whose scores crowd around 0.5 is estimated to be decided worse than the labelled day, and the checks say so before its labels. */
    @Test
    void theChecksAlertWhenTheEstimatedAccuracyFallsBeforeLabels() {
        String analyst = token("analyst");
        String ingest = token("ingest");
        assertThat(http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "degrading")).status()).isEqualTo(201);
        java.util.Random rnd = new java.util.Random(8);
        java.time.Instant t0 = java.time.Instant.parse("2026-10-01T00:00:00Z");
        List<dev.probity.server.ingest.Records.Record> labelled = new java.util.ArrayList<>();
        List<dev.probity.server.ingest.Records.Record> unlabelled = new java.util.ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean later = i >= 2000;
            double score = later ? 0.4 + 0.2 * rnd.nextDouble() : rnd.nextDouble();
            String y = rnd.nextDouble() < score ? "1" : "0";
            var r = new dev.probity.server.ingest.Records.Record("d" + i, t0.plusSeconds(later ? 86400 + i : i), java.util.Map.of("grp", "A", "x", 0.5),
                    score >= 0.5 ? "1" : "0", score, later ? null : y);
            (later ? unlabelled : labelled).add(r);
        }
        assertThat(http.post("/api/v1/models/degrading/predictions", ingest, batch(labelled, true)).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/models/degrading/predictions", ingest, batch(unlabelled, false)).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/checks/run", analyst, null).status()).isEqualTo(200);
        JsonNode alerts = http.get("/api/v1/alerts?model=degrading", analyst).json();
        List<String> kinds = new java.util.ArrayList<>();
        String text = null;
        for (JsonNode a : alerts.get("alerts")) {
            kinds.add(a.get("kind").asText());
            if (a.get("kind").asText().equals("estimated performance")) {
                text = a.get("message").asText();
                assertThat(a.get("window").asText()).isEqualTo("2026-10-02");
            }
        }
        assertThat(kinds).contains("estimated performance");
        assertThat(text).contains("no labels yet").contains("assumes");
    }

    /** An upload's error names the settings this route takes, as it spells them, and those settings work. */
    @Test
    void uploadErrorsNameTheRoutesOwnSettings() throws Exception {
        String analyst = token("analyst");
        StringBuilder csv = new StringBuilder("g,y,p\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2 == 0 ? "Jos\u00e9" : "Ana").append(',').append(i % 3 == 0 ? 1 : 0).append(',').append(i % 4 == 0 ? 1 : 0).append('\n');
        }
        csv.append("Zoe,1,1\n");
        byte[] latin1 = csv.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.net.http.HttpResponse<String> bad = post(analyst, "protected=g&label=y&prediction=p", latin1);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'encoding'");
        java.net.http.HttpResponse<String> small = post(analyst, "protected=g&label=y&prediction=p&encoding=ISO-8859-1", latin1);
        assertThat(small.statusCode()).isEqualTo(400);
        assertThat(small.body()).contains("'minGroupRows'").doesNotContain("min-group-rows");
        java.net.http.HttpResponse<String> ok = post(analyst, "protected=g&label=y&prediction=p&encoding=ISO-8859-1&where=g%20%3C%3E%20%27Zoe%27", latin1);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("Jos\u00e9");
        java.net.http.HttpResponse<String> charset = post(analyst, "protected=g&label=y&prediction=p&encoding=nope", latin1);
        assertThat(Http.JSON.readTree(charset.body()).at("/error/field").asText()).isEqualTo("encoding");
    }

    private static java.net.http.HttpResponse<String> post(String token, String query, byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/audits?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private final java.util.Map<String, String> hidden = new java.util.LinkedHashMap<>();

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
