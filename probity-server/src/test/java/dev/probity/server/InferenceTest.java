package dev.probity.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Open Inference Protocol (v2) payloads, as pairs and as KServe's CloudEvents, become records joined to labels later. */
class InferenceTest {
    @TempDir
    static Path dir;
    static ProbityServer server;
    static Http http;
    static String admin;

    @BeforeAll
    static void start() {
        server = ProbityServer.start(ServerConfig.defaults(dir).withPort(0), false);
        http = new Http(server.port());
        admin = server.firstAdminToken().orElseThrow();
        String def = "{\"name\": \"kserve\", \"protectedAttributes\": [\"grp\"], \"features\": [\"x\", \"income\"], \"positivePrediction\": \"1\", "
                + "\"inference\": {\"prediction\": \"predict\", \"score\": \"proba\", \"columns\": {\"features\": [\"x\", \"income\"]}}}";
        assertThat(http.post("/api/v1/models", admin, def).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String request(String id, String groups) {
        return "{\"id\": \"" + id + "\", \"parameters\": {\"grp\": " + groups + "}, \"inputs\": [{\"name\": \"features\", \"shape\": [3, 2], "
                + "\"datatype\": \"FP32\", \"data\": [[0.5, 30000], [1.5, 52000], [-0.2, 21000]]}]}";
    }

    static String response(String id) {
        return "{\"id\": \"" + id + "\", \"model_name\": \"credit\", \"outputs\": [{\"name\": \"predict\", \"shape\": [3], \"datatype\": \"INT64\", "
                + "\"data\": [1, 1, 0]}, {\"name\": \"proba\", \"shape\": [3, 2], \"datatype\": \"FP32\", \"data\": [0.2, 0.8, 0.1, 0.9, 0.7, 0.3]}]}";
    }

    @Test
    void aRequestResponsePairBecomesOneRecordPerRow() {
        String pair = "{\"request\": " + request("req-1", "[\"A\", \"B\", \"A\"]") + ", \"response\": " + response("req-1") + "}";
        Http.Reply r = http.post("/api/v1/models/kserve/inference", admin, pair);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
        Http.Reply again = http.post("/api/v1/models/kserve/inference", admin, pair);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        Http.Reply one = http.get("/api/v1/models/kserve/predictions/req-1%231", admin);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/inputs/grp").asText()).isEqualTo("B");
        assertThat(one.json().at("/inputs/income").asDouble()).isEqualTo(52000);
        assertThat(one.json().get("prediction").asText()).isEqualTo("1");
        assertThat(one.json().get("score").asDouble()).isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
        Http.Reply mismatch = http.post("/api/v1/models/kserve/inference", admin,
                "{\"request\": " + request("req-2", "\"A\"") + ", \"response\": " + response("req-3") + "}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().at("/error/field").asText()).isEqualTo("response.id");
        Http.Reply badShape = http.post("/api/v1/models/kserve/inference", admin,
                "{\"request\": " + request("req-4", "\"A\"").replace("[3, 2]", "[2, 3]") + ", \"response\": " + response("req-4") + "}");
        assertThat(badShape.status()).isEqualTo(400);
        assertThat(badShape.json().at("/error/field").asText()).isEqualTo("request.inputs[0].shape");
    }

    @Test
    void cloudEventHalvesArePairedInEitherOrderAndOnce() {
        Map<String, String> resp = Map.of("ce-id", "ev-9", "ce-type", "org.kubeflow.serving.inference.response", "ce-specversion", "1.0",
                "ce-source", "http://localhost:9081/", "ce-time", "2026-11-30T12:00:00Z");
        Http.Reply first = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, response("ev-9"), resp);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("waiting").asText()).isEqualTo("request");
        Map<String, String> req = Map.of("ce-id", "ev-9", "ce-type", "org.kubeflow.serving.inference.request", "ce-specversion", "1.0",
                "ce-source", "http://localhost:9081/", "ce-time", "2026-11-30T12:00:00Z");
        Http.Reply second = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, request("ev-9", "\"B\""), req);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(second.json().at("/windows/0/window").asText()).isEqualTo("2026-11-30");
        Http.Reply resent = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, request("ev-9", "\"B\""), req);
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.headers().firstValue("Idempotent-Replayed")).contains("true");
        // structured mode: attributes and payload in one JSON object
        String structured = "{\"specversion\": \"1.0\", \"id\": \"ev-10\", \"type\": \"org.kubeflow.serving.inference.request\", "
                + "\"source\": \"x\", \"data\": " + request("ev-10", "\"A\"") + "}";
        Http.Reply s = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, null, Map.of());
        assertThat(s.status()).isEqualTo(400);
        Http.Reply s1 = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, structured, Map.of("Content-Type", "application/cloudevents+json"));
        assertThat(s1.status()).as(s1.body()).isEqualTo(202);
        Http.Reply labels = http.post("/api/v1/models/kserve/labels", admin, "[{\"id\": \"ev-9#2\", \"label\": \"1\"}]");
        assertThat(labels.json().get("applied").asInt()).isEqualTo(1);
        Http.Reply noType = http.send("POST", "/api/v1/models/kserve/cloudevents", admin, response("ev-11"), Map.of("ce-id", "ev-11"));
        assertThat(noType.json().at("/error/field").asText()).isEqualTo("ce-type");
    }
}
