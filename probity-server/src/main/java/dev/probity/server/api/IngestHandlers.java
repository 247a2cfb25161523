package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.server.ingest.OpenInference;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.probity.server.api.Api.JSON;

/** The routes data arrive by: prediction batches (JSON or CSV), v2 inference pairs, CloudEvents, labels. */
final class IngestHandlers {
    private final Api api;
    private final Ingestion ingestion;
    private final PrometheusMeterRegistry metrics;

    IngestHandlers(Api api, Ingestion ingestion, PrometheusMeterRegistry metrics) {
        this.api = api;
        this.ingestion = ingestion;
        this.metrics = metrics;
    }

    void predictions(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        byte[] b = api.body(ctx);
        String key = idempotencyKey(ctx);
        String type = ctx.contentType();
        List<Records.Record> records = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")
                ? Records.parseCsv(b, m.definition(), Instant.now()) : Records.parse(b, m.definition(), Instant.now());
        Ingestion.Outcome out = ingestion.predictions(m.name(), records, key, sha256(b));
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        } else {
            Counter.builder("probity_predictions_ingested").tag("model", m.name()).register(metrics).increment(records.size());
        }
        ctx.contentType("application/json").result(out.json());
    }

    void inference(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        byte[] b = api.body(ctx);
        JsonNode pair = Records.tree(b);
        List<Records.Record> records = OpenInference.records(pair.get("request"), pair.get("response"), m.definition(), Instant.now());
        String key = idempotencyKey(ctx);
        // without a key, the pair's id is the key: the same pair sent again is not counted twice
        Ingestion.Outcome out = ingestion.predictions(m.name(), records, key != null ? key : "v2:" + records.get(0).id().replaceAll("#0$", ""),
                sha256(b));
        answer(ctx, m, out, records.size());
    }

    void cloudEvent(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        byte[] b = api.body(ctx);
        String id = ctx.header("ce-id");
        String type = ctx.header("ce-type");
        String time = ctx.header("ce-time");
        byte[] data = b;
        String ct = ctx.contentType();
        if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents+json")) {
            // structured mode: the event's attributes and its data in one JSON object
            JsonNode ev = Records.tree(b);
            id = ev.path("id").asText(null);
            type = ev.path("type").asText(null);
            time = ev.path("time").asText(null);
            JsonNode d = ev.get("data");
            if (d == null || !d.isObject()) {
                throw new InputException("a structured CloudEvent carries the payload in 'data'", new InputException.Location("request body", 0, 0, "data", null));
            }
            data = JSON.writeValueAsBytes(d);
        }
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new InputException("a CloudEvent needs its id (1–200 characters)", new InputException.Location("header", 0, 0, "ce-id", id));
        }
        if (type == null || !(type.endsWith(".request") || type.endsWith(".response"))) {
            throw new InputException("the event type names an inference request or response (…inference.request, …inference.response)",
                    new InputException.Location("header", 0, 0, "ce-type", type));
        }
        Instant at = Instant.now();
        if (time != null && !time.isBlank()) {
            try {
                at = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new InputException("ce-time is an RFC 3339 time", new InputException.Location("header", 0, 0, "ce-time", time));
            }
            Records.checkRange(at, "ce-time", time);
        }
        Optional<Ingestion.Outcome> out = ingestion.inferenceEvent(m.name(), id, type.endsWith(".request"), data, at);
        if (out.isEmpty()) {
            ctx.status(202);
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.put("event", id);
            o.put("waiting", type.endsWith(".request") ? "response" : "request");
            Api.json(ctx, o);
            return;
        }
        answer(ctx, m, out.get(), -1);
    }

    void answer(Context ctx, ModelStore.StoredModel m, Ingestion.Outcome out, int records) {
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        } else if (records > 0) {
            Counter.builder("probity_predictions_ingested").tag("model", m.name()).register(metrics).increment(records);
        }
        ctx.contentType("application/json").result(out.json());
    }

    void labels(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        byte[] b = api.body(ctx);
        String key = idempotencyKey(ctx);
        Ingestion.Outcome out = ingestion.labels(m.name(), Records.parseLabels(b), key, sha256(b));
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.contentType("application/json").result(out.json());
    }

    void windows(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        byte[] b = api.body(ctx);
        dev.probity.report.json.WindowsJson.WindowsFile file = dev.probity.report.json.WindowsJson.read(new java.io.ByteArrayInputStream(b));
        String key = idempotencyKey(ctx);
        String hash = sha256(b);
        // without a key, the file's content is the key: the same file sent again is not counted twice
        Ingestion.Outcome out = ingestion.windows(m.name(), file, key != null ? key : "windows:" + hash, hash);
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        } else {
            Counter.builder("probity_predictions_ingested").tag("model", m.name()).register(metrics)
                    .increment(file.windows().stream().mapToLong(dev.probity.monitor.logged.LoggedWindow::predictions).sum());
        }
        ctx.contentType("application/json").result(out.json());
    }

    static String idempotencyKey(Context ctx) {
        String k = ctx.header("Idempotency-Key");
        if (k == null) {
            return null;
        }
        if (k.isBlank() || k.length() > 200) {
            throw new InputException("an Idempotency-Key has 1–200 characters", new InputException.Location("header", 0, 0, "Idempotency-Key", k));
        }
        return k;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
