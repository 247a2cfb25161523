package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.report.json.AuditJson;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service end to end: tokens, a model, ingestion with retries, labels later, the audit. Run on the embedded
 * database ({@link H2ServiceTest}) and on PostgreSQL ({@link PostgresServiceTest}).
 */
abstract class ServiceTest {
    static ProbityServer server;
    static Http http;
    static String admin;

    static void started(ProbityServer s) {
        server = s;
        http = new Http(s.port());
        admin = s.firstAdminToken().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    static String token(String role) {
        Http.Reply r = http.post("/api/v1/tokens", admin, "{\"name\": \"test " + role + "\", \"role\": \"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    /** Synthetic traffic: group B is approved less often, and the model errs more for it. */
    static List<Records.Record> traffic(String prefix, int n, long seed) {
        Random rnd = new Random(seed);
        List<Records.Record> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String g = rnd.nextDouble() < 0.3 ? "B" : "A";
            double x = rnd.nextGaussian() + (g.equals("B") ? -0.4 : 0);
            boolean y = x + rnd.nextGaussian() * 0.8 > 0;
            boolean p = x + rnd.nextGaussian() * (g.equals("B") ? 1.0 : 0.5) > 0.1;
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("grp", g);
            in.put("x", Math.round(x * 1000) / 1000.0);
            out.add(new Records.Record(prefix + i, t0.plusSeconds(3600L * 72 * i / n), in, p ? "1" : "0", null, y ? "1" : "0"));
        }
        return out;
    }

    static String batch(List<Records.Record> rs, boolean withLabels) {
        ArrayNode a = Http.JSON.createArrayNode();
        for (Records.Record r : rs) {
            ObjectNode o = a.addObject();
            o.put("id", r.id());
            o.put("timestamp", r.timestamp().toString());
            o.set("inputs", Http.JSON.valueToTree(r.inputs()));
            o.put("prediction", r.prediction());
            if (r.score() != null) {
                o.put("score", r.score());
            }
            if (withLabels) {
                o.put("label", r.label());
            }
        }
        ObjectNode root = Http.JSON.createObjectNode();
        root.set("records", a);
        return root.toString();
    }

    static final String DEFINITION = "{\"name\": \"loans\", \"protectedAttributes\": [\"grp\"], \"features\": [\"x\"], "
            + "\"positivePrediction\": \"1\", \"references\": {\"grp\": \"A\"}, \"period\": \"1d\"}";

    @Test
    void ingestedStatisticsGiveTheAuditOfThePooledRows() throws Exception {
        String analyst = token("analyst");
        String ingest = token("ingest");
        String viewer = token("viewer");
        Http.Reply d = http.post("/api/v1/models", analyst, DEFINITION);
        assertThat(d.status()).as(d.body()).isIn(200, 201);

        List<Records.Record> all = traffic("r", 900, 7);
        List<Records.Record> first = all.subList(0, 600);
        List<Records.Record> second = all.subList(600, 900);
        // the first 600 arrive with labels; the rest without, their labels later
        Http.Reply a = http.send("POST", "/api/v1/models/loans/predictions", ingest, batch(first, true), Map.of("Idempotency-Key", "b1"));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("accepted").asInt()).isEqualTo(600);
        assertThat(a.json().get("windows")).hasSize(2);
        Http.Reply retry = http.send("POST", "/api/v1/models/loans/predictions", ingest, batch(first, true), Map.of("Idempotency-Key", "b1"));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(a.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        Http.Reply clash = http.post("/api/v1/models/loans/predictions", ingest, batch(first.subList(10, 20), true));
        assertThat(clash.status()).as(clash.body()).isEqualTo(409);
        assertThat(clash.json().at("/error/message").asText()).contains("r10");
        Http.Reply reused = http.send("POST", "/api/v1/models/loans/predictions", ingest, batch(second, false), Map.of("Idempotency-Key", "b1"));
        assertThat(reused.status()).isEqualTo(409);

        assertThat(http.send("POST", "/api/v1/models/loans/predictions", ingest, batch(second, false), Map.of("Idempotency-Key", "b2")).status())
                .isEqualTo(200);
        ArrayNode labels = Http.JSON.createArrayNode();
        for (Records.Record r : second) {
            labels.addObject().put("id", r.id()).put("label", r.label());
        }
        labels.addObject().put("id", "nobody").put("label", "1");
        labels.addObject().put("id", "r0").put("label", first.get(0).label().equals("1") ? "0" : "1");
        Http.Reply l = http.post("/api/v1/models/loans/labels", ingest, Http.JSON.createObjectNode().set("labels", labels).toString());
        assertThat(l.status()).as(l.body()).isEqualTo(200);
        assertThat(l.json().get("applied").asInt()).isEqualTo(300);
        assertThat(l.json().get("unknown").toString()).isEqualTo("[\"nobody\"]");
        assertThat(l.json().get("conflicting").toString()).isEqualTo("[\"r0\"]");

        Http.Reply f = http.get("/api/v1/models/loans/fairness", viewer);
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        assertThat(f.json().get("labelled").asLong()).isEqualTo(900);
        assertThat(f.json().get("predictions").asLong()).isEqualTo(900);
        AuditResult got = AuditJson.read(f.json().get("audit").toString());

        ModelDefinition def = new ModelDefinition("loans", List.of("grp"), List.of("x"), "1", null, Map.of("grp", "A"), "1d", null);
        var pooled = Records.frame("pooled", all, def);
        AuditResult want = Audit.run(pooled, def.outcomeAudit());
        JsonNode g = Http.JSON.readTree(AuditJson.toString(got));
        JsonNode w = Http.JSON.readTree(AuditJson.toString(want));
        // the same audit as the pooled rows give, but for where the numbers came from
        ((ObjectNode) g).remove("input");
        ((ObjectNode) w).remove("input");
        assertThat(got.input().rows()).isEqualTo(900);
        assertThat(g).isEqualTo(w);
        // and the audit saw what the data hold: group B is selected less often
        double selB = got.attribute("grp").group("B").metric("selection_rate").number();
        double selA = got.attribute("grp").group("A").metric("selection_rate").number();
        assertThat(selB).isLessThan(selA);

        // selection rates per window from predictions alone, counted independently here
        Http.Reply s = http.get("/api/v1/models/loans/selection?attribute=grp", viewer);
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        JsonNode windows = s.json().at("/attributes/grp");
        assertThat(windows).hasSize(3);
        long n = 0;
        for (JsonNode win : windows) {
            Instant start = Instant.parse(win.get("window").asText());
            for (JsonNode grp : win.get("groups")) {
                long count = all.stream().filter(r -> !r.timestamp().isBefore(start) && r.timestamp().isBefore(start.plusSeconds(86400))
                        && r.inputs().get("grp").equals(grp.get("group").asText())).count();
                long pos = all.stream().filter(r -> !r.timestamp().isBefore(start) && r.timestamp().isBefore(start.plusSeconds(86400))
                        && r.inputs().get("grp").equals(grp.get("group").asText()) && r.prediction().equals("1")).count();
                assertThat(grp.get("predictions").asLong()).isEqualTo(count);
                assertThat(grp.get("positive").asLong()).isEqualTo(pos);
                n += count;
            }
        }
        assertThat(n).isEqualTo(900);

        Http.Reply m = http.get("/api/v1/models/loans/monitor", viewer);
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(m.json().get("windows")).hasSize(3);

        // one prediction with its inputs: analysts only, and the read is logged as personal
        assertThat(http.get("/api/v1/models/loans/predictions/r5", viewer).status()).isEqualTo(403);
        Http.Reply one = http.get("/api/v1/models/loans/predictions/r5", analyst);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().at("/inputs/grp").asText()).isEqualTo(first.get(5).inputs().get("grp"));
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() {
        String analyst = token("analyst");
        String ingest = token("ingest");
        http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "bad-input"));
        Http.Reply notJson = http.post("/api/v1/models/bad-input/predictions", ingest, "{\"records\": [ {\"id\": 1,");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().at("/error/code").asText()).isEqualTo("bad_request");
        Http.Reply noPrediction = http.post("/api/v1/models/bad-input/predictions", ingest,
                "{\"records\": [{\"id\": \"a\", \"inputs\": {\"grp\": \"A\"}, \"prediction\": \"1\"}, {\"id\": \"b\", \"inputs\": {\"grp\": \"A\"}}]}");
        assertThat(noPrediction.status()).isEqualTo(400);
        assertThat(noPrediction.json().at("/error/field").asText()).isEqualTo("records[1].prediction");
        Http.Reply noGroup = http.post("/api/v1/models/bad-input/predictions", ingest,
                "[{\"id\": \"a\", \"inputs\": {\"x\": 1}, \"prediction\": \"1\"}]");
        assertThat(noGroup.json().at("/error/field").asText()).isEqualTo("records[0].inputs.grp");
        Http.Reply badTime = http.post("/api/v1/models/bad-input/predictions", ingest,
                "[{\"id\": \"a\", \"timestamp\": \"yesterday\", \"inputs\": {\"grp\": \"A\"}, \"prediction\": \"1\"}]");
        assertThat(badTime.json().at("/error/value").asText()).isEqualTo("yesterday");
        Http.Reply farFuture = http.post("/api/v1/models/bad-input/predictions", ingest,
                "[{\"id\": \"a\", \"timestamp\": \"+999999999-12-31T23:59:59Z\", \"inputs\": {\"grp\": \"A\"}, \"prediction\": \"1\"}]");
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.json().at("/error/field").asText()).isEqualTo("records[0].timestamp");
        Http.Reply deep = http.post("/api/v1/models/bad-input/predictions", ingest, "[".repeat(5000));
        assertThat(deep.status()).as(deep.body()).isEqualTo(400);
        // nothing of the refused batches was stored: the first good batch is counted alone
        assertThat(http.post("/api/v1/models/bad-input/predictions", ingest,
                "[{\"id\": \"a\", \"inputs\": {\"grp\": \"A\", \"x\": 0.5}, \"prediction\": \"1\"}]").status()).isEqualTo(200);
        Http.Reply model = http.get("/api/v1/models/bad-input", analyst);
        assertThat(model.json().get("predictions").asLong()).isEqualTo(1);
        Http.Reply badDef = http.post("/api/v1/models", analyst, "{\"name\": \"x y\", \"protectedAttributes\": [\"g\"], \"positivePrediction\": \"1\"}");
        assertThat(badDef.status()).isEqualTo(400);
        assertThat(badDef.json().at("/error/field").asText()).isEqualTo("name");
        assertThat(http.post("/api/v1/models/nothing/predictions", ingest, "[]").status()).isEqualTo(404);
        Http.Reply unknownRoute = http.get("/api/v1/nothing", analyst);
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.json().at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void csvBatchesAreTypedLikeFilesAndErrorsNameTheLine() {
        String analyst = token("analyst");
        String ingest = token("ingest");
        http.post("/api/v1/models", analyst, DEFINITION.replace("loans", "csv-model"));
        String csv = "id,timestamp,grp,x,prediction,score,label\n"
                + "c1,2026-11-02T10:00:00Z,A,0.5,1,0.9,1\n"
                + "c2,2026-11-02T11:00:00Z,B,-1.25,0,0.2,\n"
                + "c3,2026-11-02T12:00:00Z,B,2,1,0.7,0\n";
        Http.Reply r = http.send("POST", "/api/v1/models/csv-model/predictions", ingest, csv, Map.of("Content-Type", "text/csv"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(r.json().get("labelled").asInt()).isEqualTo(2);
        Http.Reply one = http.get("/api/v1/models/csv-model/predictions/c2", analyst);
        assertThat(one.json().at("/inputs/x").asDouble()).isEqualTo(-1.25);
        assertThat(one.json().get("label").isNull()).isTrue();
        Http.Reply bad = http.send("POST", "/api/v1/models/csv-model/predictions", ingest,
                "id,grp,x,prediction\nd1,A,1,1\nd2,B,2,\n", Map.of("Content-Type", "text/csv"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/field").asText()).isEqualTo("line 3.prediction");
        Http.Reply noGroup = http.send("POST", "/api/v1/models/csv-model/predictions", ingest, "id,x,prediction\nd1,1,1\n",
                Map.of("Content-Type", "text/csv"));
        assertThat(noGroup.json().at("/error/field").asText()).isEqualTo("grp");
        Http.Reply xml = http.send("POST", "/api/v1/models/csv-model/predictions", ingest, "<x/>", Map.of("Content-Type", "application/xml"));
        assertThat(xml.status()).isEqualTo(415);
    }

    @Test
    void uploadedDataGetTheLibrarysAudit() throws Exception {
        String analyst = token("analyst");
        java.nio.file.Path compas = java.nio.file.Path.of("..", "data", "compas", "compas-scores-two-years-extract.csv");
        byte[] csv = java.nio.file.Files.readAllBytes(compas);
        String q = "/api/v1/audits?label=two_year_recid&score=decile_score&threshold=5&protected=race&positive=1&reference=race:Caucasian";
        // a column that is not there: the library's own error
        Http.Reply missing = http.send("POST", q.replace("race:Caucasian", "race:Caucasian").replace("protected=race", "protected=ethnicity"), analyst,
                new String(csv, java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").asText()).contains("ethnicity");
        Http.Reply r = http.send("POST", q, analyst,
                new String(csv, java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        AuditResult got = AuditJson.read(r.body());
        AuditResult want = Audit.run(dev.probity.core.io.DataReader.read(compas, dev.probity.core.io.ReadOptions.defaults()),
                dev.probity.fairness.audit.AuditSpec.builder().label("two_year_recid").score("decile_score").threshold(5.0).protectedAttributes("race")
                        .positive("1").reference("race", "Caucasian").build());
        assertThat(got.attribute("race").group("African-American").metric("fpr").number())
                .isEqualTo(want.attribute("race").group("African-American").metric("fpr").number());
        assertThat(http.send("POST", q, token("viewer"), "a,b\n1,2\n", Map.of("Content-Type", "text/csv")).status()).isEqualTo(403);
    }
}
