package dev.probity.server.store;

import dev.probity.monitor.perf.ScoreSketch;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window's {@link ScoreSketch}es: one of every scored prediction ({@link #OVERALL}) and one per protected group
 * ({@code attribute=group}), so that performance — overall and per group — is estimated before labels arrive.
 */
public record ScoreSketches(Map<String, ScoreSketch> sketches) {
    public static final String OVERALL = "";

    /** The sketches of some records: their scores (records without one are counted as unscored), decisions and labels. */
    public static ScoreSketches of(List<Records.Record> records, ModelDefinition def) {
        Map<String, ScoreSketch> out = new TreeMap<>();
        for (Records.Record r : records) {
            // a score outside [0, 1] is no probability (a margin, a rank): counted as unscored, never guessed at
            double s = r.score() == null || !(r.score() >= 0 && r.score() <= 1) ? Double.NaN : r.score();
            boolean decided = def.positivePrediction().equals(r.prediction());
            Boolean label = r.label() == null ? null : def.positiveLabel().equals(r.label());
            for (String key : keys(r, def)) {
                out.computeIfAbsent(key, k -> new ScoreSketch()).add(s, decided, label);
            }
        }
        return new ScoreSketches(out);
    }

    /** The sketches of labels that arrived for predictions counted earlier without them. */
    public static ScoreSketches labels(List<Records.Record> records, ModelDefinition def) {
        Map<String, ScoreSketch> out = new TreeMap<>();
        for (Records.Record r : records) {
            if (r.score() == null || r.label() == null || !(r.score() >= 0 && r.score() <= 1)) {
                continue;
            }
            for (String key : keys(r, def)) {
                out.computeIfAbsent(key, k -> new ScoreSketch()).addLabel(r.score(), def.positiveLabel().equals(r.label()));
            }
        }
        return new ScoreSketches(out);
    }

    private static List<String> keys(Records.Record r, ModelDefinition def) {
        List<String> keys = new java.util.ArrayList<>();
        keys.add(OVERALL);
        for (String a : def.protectedAttributes()) {
            Object g = r.inputs().get(a);
            keys.add(a + "=" + (g == null ? "(missing)" : g));
        }
        return keys;
    }

    public boolean isEmpty() {
        return sketches.isEmpty();
    }

    public ScoreSketches merge(ScoreSketches other) {
        Map<String, ScoreSketch> out = new TreeMap<>(sketches);
        other.sketches.forEach((k, v) -> out.merge(k, v, ScoreSketch::merge));
        return new ScoreSketches(out);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(sketches.size());
            for (Map.Entry<String, ScoreSketch> e : sketches.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] s = e.getValue().toBytes();
                out.writeInt(s.length);
                out.write(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static ScoreSketches fromBytes(byte[] bytes) {
        if (bytes == null) {
            return new ScoreSketches(Map.of());
        }
        Map<String, ScoreSketch> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String k = in.readUTF();
                byte[] s = new byte[in.readInt()];
                in.readFully(s);
                out.put(k, ScoreSketch.fromBytes(s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored score sketches do not read back", e);
        }
        return new ScoreSketches(out);
    }
}
