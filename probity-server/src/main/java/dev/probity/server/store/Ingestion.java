package dev.probity.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.ScoreSketches;
import dev.probity.monitor.window.Period;
import dev.probity.monitor.window.Profile;
import dev.probity.monitor.window.WindowState;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import dev.probity.report.json.WindowsJson;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ingestion: a batch of predictions (or of labels) is stored and folded into its windows' statistics in one database
 * transaction, with the batch's idempotency key. The answer is sent after the commit, so an acknowledged batch is
 * durable, and a retry under the same key gets the first answer and counts nothing twice.
 */
public final class Ingestion {
    private final Jdbi jdbi;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public Ingestion(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * What a batch returned: its JSON answer, and whether that answer is a replay of an earlier batch under the same
     * idempotency key.
     */
    public record Outcome(String json, boolean replayed) {
    }

    /** Stores a batch of predictions. {@code key} may be null (no idempotency: a retry is refused for its ids). */
    public Outcome predictions(String model, List<Records.Record> records, String key, String bodyHash) {
        try {
            return underLock(model, () -> jdbi.inTransaction(h -> predictions(h, model, records, key, bodyHash)));
        } catch (DuplicateIds e) {
            // the transaction is rolled back; name the first id that was already there (the slow path of a refusal only)
            String dup = jdbi.withHandle(h -> {
                for (Records.Record r : records) {
                    if (h.createQuery("select 1 from prediction where model = ? and id = ?").bind(0, model).bind(1, r.id()).mapTo(Integer.class)
                            .findOne().isPresent()) {
                        return r.id();
                    }
                }
                return null;
            });
            throw new ModelStore.ConflictException((dup == null ? "an id of this batch" : "a prediction with id '" + InputException.shown(dup) + "'")
                    + " is already stored for " + model + "; nothing in this batch was counted (send retries with the same Idempotency-Key)");
        }
    }

    /** A batch that holds an id already stored (the primary key refused it). */
    private static final class DuplicateIds extends RuntimeException {
        DuplicateIds(Throwable cause) {
            super(cause);
        }
    }

    /**
     * One half of a request–response pair as KServe's payload logger sends them (CloudEvents of type
     * {@code ….inference.request} and {@code ….inference.response} with the same id): kept until its other half arrives,
     * then both become records in the same transaction. Empty while the other half is missing; a half sent again after
     * the pair was stored gets the pair's first answer.
     */
    public Optional<Outcome> inferenceEvent(String model, String eventId, boolean isRequest, byte[] body, Instant time) {
        return underLock(model, () -> jdbi.inTransaction(h -> {
            String key = "ce:" + eventId;
            Optional<String> done = h.createQuery("select response from ingest_batch where model = ? and idem_key = ?").bind(0, model).bind(1, key)
                    .mapTo(String.class).findOne();
            if (done.isPresent()) {
                return Optional.of(new Outcome(done.get(), true));
            }
            ModelStore.StoredModel m = ModelStore.get(h, model, true).orElseThrow(() -> new NotFoundException("no model '" + model + "'"));
            com.fasterxml.jackson.databind.JsonNode payload = Records.tree(body);
            String kind = isRequest ? "request" : "response";
            String other = isRequest ? "response" : "request";
            Optional<String> otherBody = h.createQuery("select body from pending_event where model = ? and event_id = ? and kind = ?")
                    .bind(0, model).bind(1, eventId).bind(2, other).mapTo(String.class).findOne();
            if (otherBody.isEmpty()) {
                h.createUpdate("delete from pending_event where model = ? and event_id = ? and kind = ?").bind(0, model).bind(1, eventId).bind(2, kind).execute();
                h.createUpdate("insert into pending_event (model, event_id, kind, body, received_at) values (?, ?, ?, ?, ?)")
                        .bind(0, model).bind(1, eventId).bind(2, kind).bind(3, payload.toString())
                        .bind(4, OffsetDateTime.ofInstant(time, ZoneOffset.UTC)).execute();
                return Optional.<Outcome>empty();
            }
            com.fasterxml.jackson.databind.JsonNode o = Records.tree(otherBody.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<Records.Record> records = dev.probity.server.ingest.OpenInference.records(isRequest ? payload : o, isRequest ? o : payload,
                    m.definition(), time);
            h.createUpdate("delete from pending_event where model = ? and event_id = ?").bind(0, model).bind(1, eventId).execute();
            return Optional.of(predictions(h, model, records, key, "cloudevent"));
        }));
    }

    private Outcome predictions(Handle h, String model, List<Records.Record> records, String key, String bodyHash) {
        {
            Optional<Outcome> replay = replay(h, model, key, "predictions", bodyHash);
            if (replay.isPresent()) {
                return replay.get();
            }
            ModelStore.StoredModel m = ModelStore.get(h, model, true).orElseThrow(() -> new NotFoundException("no model '" + model + "'"));
            ModelDefinition def = m.definition();
            // the rows first: an id already stored fails the primary key here, before any statistics change
            insertRows(h, model, records, def.window(), OffsetDateTime.now(ZoneOffset.UTC));
            Profile profile = m.profile();
            if (profile == null) {
                // no reference was given: the first batch sets the bins and levels every window is counted on
                Frame first = Records.frame("the first batch of " + model, records, def);
                profile = LoggedWindow.profile(first, def.watch());
                h.createUpdate("update model set profile = ? where name = ?").bind(0, ModelStore.profileJson(profile)).bind(1, model).execute();
            }
            Period period = def.window();
            TreeMap<Instant, List<Records.Record>> byWindow = new TreeMap<>();
            for (Records.Record r : records) {
                byWindow.computeIfAbsent(period.start(r.timestamp()), k -> new ArrayList<>()).add(r);
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ArrayNode windows = ModelStore.JSON.createArrayNode();
            long labelled = 0;
            for (Map.Entry<Instant, List<Records.Record>> e : byWindow.entrySet()) {
                Instant start = e.getKey();
                List<Records.Record> rows = e.getValue();
                // the library's statistics of the window's rows: the same computation a Spark job runs per partition
                LoggedWindow lw = LoggedWindow.of(Records.frame(model + " " + period.label(start), rows, def), start, def.watch(), profile);
                fold(h, model, lw, now);
                labelled += lw.labelled();
                ObjectNode w = windows.addObject();
                w.put("window", period.label(start));
                w.put("predictions", rows.size());
                w.put("labelled", lw.labelled());
            }
            ObjectNode answer = ModelStore.JSON.createObjectNode();
            answer.put("model", model);
            answer.put("accepted", records.size());
            answer.put("labelled", labelled);
            answer.set("windows", windows);
            String json = answer.toString();
            remember(h, model, key, "predictions", bodyHash, json, now);
            return new Outcome(json, false);
        }
    }

    /**
     * Merges a file of windows computed elsewhere (the Spark job's {@code probity.windows/v1}) into the model's windows,
     * each as a batch's statistics are merged (the same fold, a version more), in one transaction. The file must have been
     * computed under the model's definition (every field that decides the statistics) and on its drift profile; a model
     * without a profile yet takes the file's, as it would take its first batch's. {@code key} is the idempotency key.
     */
    public Outcome windows(String model, WindowsJson.WindowsFile file, String key, String bodyHash) {
        return underLock(model, () -> jdbi.inTransaction(h -> {
            Optional<Outcome> replay = replay(h, model, key, "windows", bodyHash);
            if (replay.isPresent()) {
                return replay.get();
            }
            ModelStore.StoredModel m = ModelStore.get(h, model, true).orElseThrow(() -> new NotFoundException("no model '" + model + "'"));
            ModelDefinition def = m.definition();
            String field = def.watch().firstDifference(file.definition());
            if (field != null) {
                throw new InputException("the file's windows were computed under another definition than " + model + "'s: its " + field + " is "
                        + file.definition().fields().get(field) + ", the model's " + def.watch().fields().get(field),
                        new InputException.Location("windows file", 1, 0, "definition." + field, String.valueOf(file.definition().fields().get(field))));
            }
            String fileProfile = ModelStore.profileJson(file.profile());
            if (m.profile() == null) {
                h.createUpdate("update model set profile = ? where name = ?").bind(0, fileProfile).bind(1, model).execute();
            } else if (!ModelStore.profileJson(m.profile()).equals(fileProfile)) {
                throw new InputException("the file's drift columns were counted on other bins or levels than " + model
                        + "'s profile; compute the windows with the profile GET /api/v1/models/" + model + " answers",
                        new InputException.Location("windows file", 1, 0, "profile", null));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Period period = def.window();
            ArrayNode windows = ModelStore.JSON.createArrayNode();
            long predictions = 0;
            long labelled = 0;
            int line = 1;
            for (LoggedWindow w : file.windows()) {
                line++;
                Records.checkRange(w.start(), "line " + line + ".start", w.start().toString());
                fold(h, model, w, now);
                predictions += w.predictions();
                labelled += w.labelled();
                ObjectNode o = windows.addObject();
                o.put("window", period.label(w.start()));
                o.put("predictions", w.predictions());
                o.put("labelled", w.labelled());
            }
            ObjectNode answer = ModelStore.JSON.createObjectNode();
            answer.put("model", model);
            answer.put("imported", file.windows().size());
            answer.put("predictions", predictions);
            answer.put("labelled", labelled);
            answer.set("windows", windows);
            String json = answer.toString();
            remember(h, model, key, "windows", bodyHash, json, now);
            return new Outcome(json, false);
        }));
    }

    /**
     * Joins labels to stored predictions by id and adds the labelled predictions to their windows' outcome statistics.
     * Unknown ids and ids already labelled differently are reported, not applied; the same label again is a no-op.
     */
    public Outcome labels(String model, List<Records.Label> labels, String key, String bodyHash) {
        return underLock(model, () -> jdbi.inTransaction(h -> {
            Optional<Outcome> replay = replay(h, model, key, "labels", bodyHash);
            if (replay.isPresent()) {
                return replay.get();
            }
            ModelStore.StoredModel m = ModelStore.get(h, model, true).orElseThrow(() -> new NotFoundException("no model '" + model + "'"));
            ModelDefinition def = m.definition();
            Period period = def.window();
            List<String> unknown = new ArrayList<>();
            List<String> conflicting = new ArrayList<>();
            int repeated = 0;
            TreeMap<Instant, List<Records.Record>> byWindow = new TreeMap<>();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            PreparedBatch update = h.prepareBatch("update prediction set label = ?, labelled_at = ? where model = ? and id = ? and label is null");
            for (Records.Label l : labels) {
                Optional<Stored> s = h.createQuery("select ts, window_start, inputs, prediction, score, label from prediction where model = ? and id = ?")
                        .bind(0, model).bind(1, l.id())
                        .map((rs, ctx) -> new Stored(rs.getObject("ts", OffsetDateTime.class).toInstant(),
                                rs.getObject("window_start", OffsetDateTime.class).toInstant(), rs.getString("inputs"),
                                rs.getString("prediction"), (Double) rs.getObject("score"), rs.getString("label")))
                        .findOne();
                if (s.isEmpty()) {
                    unknown.add(l.id());
                    continue;
                }
                Stored st = s.get();
                if (st.label != null) {
                    if (st.label.equals(l.label())) {
                        repeated++;
                    } else {
                        conflicting.add(l.id());
                    }
                    continue;
                }
                byWindow.computeIfAbsent(st.window, k -> new ArrayList<>())
                        .add(new Records.Record(l.id(), st.ts, inputs(st.inputs), st.prediction, st.score, l.label()));
                update.bind(0, l.label()).bind(1, now).bind(2, model).bind(3, l.id()).add();
            }
            if (update.size() > 0) {
                update.execute();
            }
            long applied = 0;
            for (Map.Entry<Instant, List<Records.Record>> e : byWindow.entrySet()) {
                Instant start = e.getKey();
                List<Records.Record> rows = e.getValue();
                Frame f = Records.frame(model + " " + period.label(start), rows, def);
                StatsTable outcomes = Audit.statistics(f, def.outcomeAudit());
                ScoreSketches scores = ScoreSketches.labels(f, def.watch());
                fold(h, model, start, period.end(start), null, null, outcomes, scores.isEmpty() ? null : scores, 0, rows.size(), now);
                applied += rows.size();
            }
            ObjectNode answer = ModelStore.JSON.createObjectNode();
            answer.put("model", model);
            answer.put("applied", applied);
            answer.put("repeated", repeated);
            ArrayNode u = answer.putArray("unknown");
            unknown.forEach(u::add);
            ArrayNode c = answer.putArray("conflicting");
            conflicting.forEach(c::add);
            String json = answer.toString();
            remember(h, model, key, "labels", bodyHash, json, now);
            return new Outcome(json, false);
        }));
    }

    private record Stored(Instant ts, Instant window, String inputs, String prediction, Double score, String label) {
    }

    private static Map<String, Object> inputs(String json) {
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            JsonNode n = ModelStore.JSON.readTree(json);
            n.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
            });
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored inputs do not read back", e);
        }
    }

    /** Adds a window's statistics (computed here or elsewhere: a Spark job's file) to the stored window's, as a batch's are added. */
    static void fold(Handle h, String model, LoggedWindow w, OffsetDateTime now) {
        fold(h, model, w.start(), w.end(), w.sketches(), w.selection(), w.outcomes(), w.scores(), w.predictions(), w.labelled(), now);
    }

    /** Adds a batch's statistics to a window's, creating the window when it is new; the row is locked while it changes. */
    private static void fold(Handle h, String model, Instant start, Instant end, WindowState sketches, StatsTable selection, StatsTable outcomes,
                             ScoreSketches scores, long predictions, long labelled, OffsetDateTime now) {
        OffsetDateTime s = OffsetDateTime.ofInstant(start, ZoneOffset.UTC);
        Optional<Map<String, Object>> row = h.createQuery("select sketches, selection, outcomes, scores from model_window where model = ? and window_start = ? for update")
                .bind(0, model).bind(1, s).mapToMap().findOne();
        if (row.isEmpty()) {
            if (sketches == null) {
                throw new IllegalStateException("labels for window " + start + " of " + model + ", which has no predictions");
            }
            h.createUpdate("insert into model_window (model, window_start, window_end, predictions, labelled, sketches, selection, outcomes, updated_at, "
                            + "version, scores) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
                    .bind(0, model).bind(1, s).bind(2, OffsetDateTime.ofInstant(end, ZoneOffset.UTC)).bind(3, predictions).bind(4, labelled)
                    .bind(5, sketches.toBytes()).bind(6, selection.toBytes()).bind(7, outcomes == null ? null : outcomes.toBytes()).bind(8, now)
                    .bind(9, scores == null ? null : scores.toBytes())
                    .execute();
            return;
        }
        Map<String, Object> r = row.get();
        byte[] sk = (byte[]) r.get("sketches");
        byte[] se = (byte[]) r.get("selection");
        byte[] ou = (byte[]) r.get("outcomes");
        byte[] newSketches = sketches == null ? sk : WindowState.fromBytes(sk).merge(sketches, sketches.label(), sketches.start(), sketches.end()).toBytes();
        byte[] newSelection = selection == null ? se : StatsTable.fromBytes(se).merge(selection).toBytes();
        byte[] newOutcomes = outcomes == null ? ou : ou == null ? outcomes.toBytes() : StatsTable.fromBytes(ou).merge(outcomes).toBytes();
        byte[] sc = (byte[]) r.get("scores");
        byte[] newScores = scores == null ? sc : sc == null ? scores.toBytes() : ScoreSketches.fromBytes(sc).merge(scores).toBytes();
        h.createUpdate("update model_window set predictions = predictions + ?, labelled = labelled + ?, sketches = ?, selection = ?, outcomes = ?, "
                        + "scores = ?, updated_at = ?, version = version + 1 where model = ? and window_start = ?")
                .bind(0, predictions).bind(1, labelled).bind(2, newSketches).bind(3, newSelection).bind(4, newOutcomes).bind(5, newScores)
                .bind(6, now).bind(7, model).bind(8, s).execute();
    }

    private static void insertRows(Handle h, String model, List<Records.Record> records, Period period, OffsetDateTime now) {
        // plain JDBC: the batch binds 9 values per row, and JDBI's per-value type lookup cost more than H2's insert
        String sql = "insert into prediction (model, id, ts, window_start, inputs, prediction, score, label, labelled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (java.sql.PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            for (Records.Record r : records) {
                ps.setString(1, model);
                ps.setString(2, r.id());
                ps.setObject(3, OffsetDateTime.ofInstant(r.timestamp(), ZoneOffset.UTC));
                ps.setObject(4, OffsetDateTime.ofInstant(period.start(r.timestamp()), ZoneOffset.UTC));
                ps.setString(5, ModelStore.JSON.writeValueAsString(r.inputs()));
                ps.setString(6, r.prediction());
                if (r.score() == null) {
                    ps.setNull(7, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(7, r.score());
                }
                ps.setString(8, r.label());
                if (r.label() == null) {
                    ps.setNull(9, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setObject(9, now);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (java.sql.SQLException e) {
            if ("23505".equals(e.getSQLState()) || e.getNextException() != null && "23505".equals(e.getNextException().getSQLState())) {
                throw new DuplicateIds(e);
            }
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Outcome> replay(Handle h, String model, String key, String kind, String bodyHash) {
        if (key == null) {
            return Optional.empty();
        }
        return h.createQuery("select kind, body_hash, response from ingest_batch where model = ? and idem_key = ?").bind(0, model).bind(1, key)
                .map((rs, ctx) -> {
                    if (!rs.getString("kind").equals(kind) || !rs.getString("body_hash").equals(bodyHash)) {
                        throw new ModelStore.ConflictException("the Idempotency-Key '" + InputException.shown(key)
                                + "' was used for another request; a retry must send the same body");
                    }
                    return new Outcome(rs.getString("response"), true);
                }).findOne();
    }

    private static void remember(Handle h, String model, String key, String kind, String bodyHash, String json, OffsetDateTime now) {
        if (key == null) {
            return;
        }
        h.createUpdate("insert into ingest_batch (model, idem_key, kind, body_hash, response, created_at) values (?, ?, ?, ?, ?, ?)")
                .bind(0, model).bind(1, key).bind(2, kind).bind(3, bodyHash).bind(4, json).bind(5, now).execute();
    }

    private <T> T underLock(String model, java.util.function.Supplier<T> work) {
        ReentrantLock l = locks.computeIfAbsent(model, k -> new ReentrantLock());
        l.lock();
        try {
            return work.get();
        } finally {
            l.unlock();
        }
    }

    /** A request for something that does not exist (HTTP 404). */
    public static final class NotFoundException extends InputException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
