package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Profile;
import dev.probity.report.json.WindowsJson;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows computed outside the service (as the Spark job computes them: per chunk, merged by window) and imported into
 * a running service answer its fairness, selection and drift queries as ingesting the same records does.
 */
class WindowsImportTest {
    @TempDir
    static Path dir;
    static ProbityServer server;
    static Http http;
    static String admin;
    static final Map<String, String> NDJSON = Map.of("Content-Type", "application/x-ndjson");

    @BeforeAll
    static void start() {
        server = ProbityServer.start(ServerConfig.defaults(dir).withPort(0), false);
        http = new Http(server.port());
        admin = server.firstAdminToken().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * The file of windows of some records, as a job outside the service writes it: the definition and profile taken
     * from what {@code GET /api/v1/models/{name}} answers (the profile from the records when the model has none yet),
     * the records cut into {@code chunks} chunks, each chunk's windows computed by the library and merged by start.
     */
    static String file(JsonNode model, List<Records.Record> records, int chunks) {
        WatchDefinition def = WindowsJson.definition(model);
        ModelDefinition md;
        try {
            md = Http.JSON.treeToValue(model.get("definition"), ModelDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode p = model.get("profile");
        Profile profile = p == null || p.isNull() ? LoggedWindow.profile(Records.frame("first", records, md), def) : WindowsJson.profile(p);
        SortedMap<Instant, LoggedWindow> all = new TreeMap<>();
        int size = (records.size() + chunks - 1) / chunks;
        for (int from = 0; from < records.size(); from += size) {
            List<Records.Record> chunk = records.subList(from, Math.min(records.size(), from + size));
            Frame f = Records.frame("chunk", chunk, md);
            f = f.withColumn(StringColumn.of("timestamp", chunk.stream().map(r -> r.timestamp().toString()).toArray(String[]::new)));
            all = LoggedWindow.mergeAll(all, LoggedWindow.windows(f, def, profile));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WindowsJson.write(out, model.get("name").asText(), def, profile, all.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String token(String role) {
        Http.Reply r = http.post("/api/v1/tokens", admin, "{\"name\": \"windows " + role + "\", \"role\": \"" + role + "\"}");
        return r.json().get("token").asText();
    }

    static void define(String name, String definition) {
        Http.Reply r = http.post("/api/v1/models", admin, definition.replace("\"loans\"", "\"" + name + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** The query's answer without what names the model (its field, and its name in the audit's source). */
    static JsonNode answer(String path, String model) {
        Http.Reply r = http.get(path.replace("{m}", model), admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode n = r.json();
        ((ObjectNode) n).remove("model");
        try {
            return Http.JSON.readTree(n.toString().replace("model " + model, "model {m}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void importedWindowsAnswerAsIngestionDoes() {
        String ingest = token("ingest");
        List<Records.Record> traffic = ServiceTest.traffic("w", 1200, 5);
        List<Records.Record> first = traffic.subList(0, 500);
        List<Records.Record> second = traffic.subList(500, traffic.size());
        // the service's own path: two batches
        define("ingested", ServiceTest.DEFINITION);
        assertThat(http.post("/api/v1/models/ingested/predictions", ingest, ServiceTest.batch(first, true)).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/models/ingested/predictions", ingest, ServiceTest.batch(second, true)).status()).isEqualTo(200);
        // all windows from a file (computed in 7 chunks), into a model without a profile yet: it takes the file's
        define("imported", ServiceTest.DEFINITION);
        JsonNode ingested = http.get("/api/v1/models/ingested", admin).json();
        assertThat(ingested.get("profile").isArray()).isTrue();
        // the definition's JSON is the record's fields, as before the library took over its statistics
        List<String> fields = new ArrayList<>();
        ingested.get("definition").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "protectedAttributes", "features", "positivePrediction", "positiveLabel", "references", "period",
                "tolerance", "inference", "registered", "thresholds");
        String all = file(ingested, traffic, 7);
        Http.Reply r = http.send("POST", "/api/v1/models/imported/windows", ingest, all, NDJSON);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("predictions").asLong()).isEqualTo(1200);
        assertThat(r.json().get("imported").asInt()).isEqualTo(ingested.get("windows").asInt()).isGreaterThan(1);
        // half ingested, half imported into the same windows: the same fold merges them
        define("mixed", ServiceTest.DEFINITION);
        assertThat(http.post("/api/v1/models/mixed/predictions", ingest, ServiceTest.batch(first, true)).status()).isEqualTo(200);
        JsonNode mixed = http.get("/api/v1/models/mixed", admin).json();
        // read once before the import: the service caches decoded windows by version, so the import must bump it
        assertThat(answer("/api/v1/models/{m}/fairness", "mixed").get("predictions").asLong()).isEqualTo(500);
        assertThat(mixed.get("profile")).isEqualTo(ingested.get("profile"));
        r = http.send("POST", "/api/v1/models/mixed/windows", ingest, file(mixed, second, 2), NDJSON);
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        for (String model : List.of("imported", "mixed")) {
            JsonNode m = http.get("/api/v1/models/" + model, admin).json();
            assertThat(m.get("predictions").asLong()).isEqualTo(1200);
            assertThat(m.get("labelled").asLong()).isEqualTo(1200);
            assertThat(m.get("windows").asInt()).isEqualTo(ingested.get("windows").asInt());
            for (String q : List.of("/api/v1/models/{m}/fairness", "/api/v1/models/{m}/selection?attribute=grp", "/api/v1/models/{m}/monitor",
                    "/api/v1/models/{m}/performance")) {
                JsonNode got = answer(q, model);
                JsonNode want = answer(q, "ingested");
                assertThat(got).as(model + " " + q).isEqualTo(want);
            }
        }
        JsonNode audit = answer("/api/v1/models/{m}/fairness", "imported");
        assertThat(audit.get("labelled").asLong()).isEqualTo(1200);
        assertThat(audit.at("/audit/attributes").size()).isPositive();

        // the same file again counts nothing twice: with or without a key, it is the first answer replayed
        Http.Reply again = http.send("POST", "/api/v1/models/imported/windows", ingest, all, NDJSON);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        Http.Reply keyed = http.send("POST", "/api/v1/models/imported/windows", ingest, all,
                Map.of("Content-Type", "application/x-ndjson", "Idempotency-Key", "import-1"));
        assertThat(keyed.headers().firstValue("Idempotent-Replayed")).isEmpty();
        Http.Reply keyedAgain = http.send("POST", "/api/v1/models/imported/windows", ingest, all,
                Map.of("Content-Type", "application/x-ndjson", "Idempotency-Key", "import-1"));
        assertThat(keyedAgain.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(http.get("/api/v1/models/imported", admin).json().get("predictions").asLong()).isEqualTo(2400);
    }

    @Test
    void aFileOfAnotherDefinitionOrProfileIsRefusedNamingTheField() {
        String ingest = token("ingest");
        List<Records.Record> traffic = ServiceTest.traffic("d", 300, 9);
        define("daily", ServiceTest.DEFINITION);
        assertThat(http.post("/api/v1/models/daily/predictions", ingest, ServiceTest.batch(traffic.subList(0, 100), true)).status()).isEqualTo(200);
        String daily = file(http.get("/api/v1/models/daily", admin).json(), traffic, 1);
        define("weekly", ServiceTest.DEFINITION.replace("\"period\": \"1d\"", "\"period\": \"1w\""));
        Http.Reply r = http.send("POST", "/api/v1/models/weekly/windows", ingest, daily, NDJSON);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/field").asText()).isEqualTo("definition.period");
        assertThat(r.json().at("/error/message").asText()).contains("period is 1d, the model's 1w");
        define("approvals", ServiceTest.DEFINITION.replace("\"positivePrediction\": \"1\"", "\"positivePrediction\": \"0\""));
        r = http.send("POST", "/api/v1/models/approvals/windows", ingest, daily, NDJSON);
        assertThat(r.json().at("/error/field").asText()).isEqualTo("definition.positivePrediction");
        // the same definition, other bins: the model's profile came from other records
        define("other-bins", ServiceTest.DEFINITION);
        assertThat(http.post("/api/v1/models/other-bins/predictions", ingest, ServiceTest.batch(ServiceTest.traffic("o", 50, 77), true)).status())
                .isEqualTo(200);
        r = http.send("POST", "/api/v1/models/other-bins/windows", ingest, daily, NDJSON);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/field").asText()).isEqualTo("profile");
        // nothing was counted by the refusals
        assertThat(http.get("/api/v1/models/weekly", admin).json().get("predictions").asLong()).isZero();
        assertThat(http.get("/api/v1/models/other-bins", admin).json().get("predictions").asLong()).isEqualTo(50);
    }

    @Test
    void aMalformedFileIsRefusedWithItsLineAndField() {
        String ingest = token("ingest");
        define("malformed", ServiceTest.DEFINITION);
        List<Records.Record> traffic = ServiceTest.traffic("m", 300, 3);
        String good = file(http.get("/api/v1/models/malformed", admin).json(), traffic, 3);
        List<String> lines = new ArrayList<>(good.lines().toList());
        assertThat(lines.size()).isGreaterThanOrEqualTo(4);

        List<String> bad = new ArrayList<>(lines);
        bad.set(2, bad.get(2).replaceFirst("\"sketches\":\"[^\"]{8}", "\"sketches\":\"!!!!!!!!"));
        assertRefused(bad, "line 3", "sketches");

        bad = new ArrayList<>(lines);
        bad.set(3, bad.get(3).replaceFirst("\"start\":\"[^\"]*\"", "\"start\":\"yesterday\""));
        assertRefused(bad, "line 4", "start");

        bad = new ArrayList<>(lines);
        bad.set(1, bad.get(1).replaceFirst("\"predictions\":\\d+", "\"predictions\":-3"));
        assertRefused(bad, "line 2", "predictions");

        bad = new ArrayList<>(lines);
        bad.set(2, "{\"start\": ");
        assertRefused(bad, "line 3", null);

        bad = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertRefused(bad, "announces " + (lines.size() - 1) + " windows and the file holds " + (lines.size() - 2), "windows");

        bad = new ArrayList<>(lines);
        bad.set(0, bad.get(0).replace("probity.windows/v1", "probity.windows/v9"));
        assertRefused(bad, "line 1", "format");
        assertThat(http.get("/api/v1/models/malformed", admin).json().get("predictions").asLong()).isZero();

        Http.Reply ok = http.send("POST", "/api/v1/models/malformed/windows", ingest, good, NDJSON);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/models/malformed", admin).json().get("predictions").asLong()).isEqualTo(300);
    }

    private static void assertRefused(List<String> lines, String inMessage, String field) {
        Http.Reply r = http.send("POST", "/api/v1/models/malformed/windows", token("ingest"), String.join("\n", lines) + "\n", NDJSON);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains(inMessage);
        if (field != null) {
            assertThat(r.json().at("/error/field").asText()).isEqualTo(field);
        }
    }
}
