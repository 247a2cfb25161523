package dev.probity.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.Profile;
import dev.probity.monitor.window.WindowState;
import dev.probity.report.json.WindowsJson;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The models the service watches: their definitions, drift profiles and reference windows. */
public final class ModelStore {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbi jdbi;

    public ModelStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A model as stored.
     *
     * @param profile   the drift profile (bins and levels), or null before the reference or the first batch sets it
     * @param reference the reference window's state, or null (the first window is then the reference)
     */
    public record StoredModel(ModelDefinition definition, Profile profile, WindowState reference, String stage, OffsetDateTime created) {
        public String name() {
            return definition.name();
        }
    }

    /** The outcome of defining a model: created, or already there with the same definition. */
    public enum Defined { CREATED, UNCHANGED }

    /**
     * Defines a model, with optional reference records (their inputs set the drift profile's bins and levels). Defining
     * the same model again with the same definition changes nothing; with another definition it is refused.
     */
    public Defined define(ModelDefinition def, List<Records.Record> reference) {
        String text = toJson(def);
        return jdbi.inTransaction(h -> {
            Optional<String> existing = h.createQuery("select definition from model where name = ?").bind(0, def.name()).mapTo(String.class).findOne();
            if (existing.isPresent()) {
                if (fromJson(existing.get()).equals(def) && (reference == null || reference.isEmpty())) {
                    return Defined.UNCHANGED;
                }
                throw new ConflictException("model '" + def.name() + "' is already defined differently; define it under another name");
            }
            String profile = null;
            byte[] ref = null;
            if (reference != null && !reference.isEmpty()) {
                Frame f = Records.frame("the reference of " + def.name(), reference, def);
                Profile p = Profile.of(f, def.driftColumns());
                profile = profileJson(p);
                boolean labelled = reference.stream().allMatch(r -> r.label() != null);
                ref = Monitor.state(p, f, all(f.rowCount()), "reference", null, null, labelled ? def.outcomeAudit() : null).toBytes();
            }
            h.createUpdate("insert into model (name, definition, profile, reference, stage, created_at) values (?, ?, ?, ?, ?, ?)")
                    .bind(0, def.name()).bind(1, text).bind(2, profile).bind(3, ref).bind(4, "development")
                    .bind(5, OffsetDateTime.now(ZoneOffset.UTC)).execute();
            return Defined.CREATED;
        });
    }

    public Optional<StoredModel> get(String name) {
        return jdbi.withHandle(h -> get(h, name, false));
    }

    /** The model read inside a transaction; with {@code lock}, its row is locked until the transaction ends. */
    static Optional<StoredModel> get(Handle h, String name, boolean lock) {
        return h.createQuery("select definition, profile, reference, stage, created_at from model where name = ?" + (lock ? " for update" : ""))
                .bind(0, name)
                .map((rs, ctx) -> new StoredModel(fromJson(rs.getString("definition")),
                        rs.getString("profile") == null ? null : profileFromJson(rs.getString("profile")),
                        rs.getBytes("reference") == null ? null : WindowState.fromBytes(rs.getBytes("reference")),
                        rs.getString("stage"), rs.getObject("created_at", OffsetDateTime.class)))
                .findOne();
    }

    public List<StoredModel> list() {
        List<String> names = jdbi.withHandle(h -> h.createQuery("select name from model order by name").mapTo(String.class).list());
        List<StoredModel> out = new ArrayList<>();
        for (String n : names) {
            get(n).ifPresent(out::add);
        }
        return out;
    }

    static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    static String toJson(ModelDefinition d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelDefinition fromJson(String s) {
        try {
            return JSON.readValue(s, ModelDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored model definition does not read back: " + e.getOriginalMessage(), e);
        }
    }

    /** The profile as stored: the JSON of a file of windows' header ({@link WindowsJson#profileJson}). */
    static String profileJson(Profile p) {
        return WindowsJson.profileJson(p).toString();
    }

    static Profile profileFromJson(String s) {
        try {
            return WindowsJson.profile(JSON.readTree(s));
        } catch (JsonProcessingException | InputException e) {
            throw new IllegalStateException("a stored profile does not read back", e);
        }
    }

    /** A request that conflicts with what is stored (HTTP 409). */
    public static final class ConflictException extends InputException {
        public ConflictException(String message) {
            super(message);
        }
    }
}
