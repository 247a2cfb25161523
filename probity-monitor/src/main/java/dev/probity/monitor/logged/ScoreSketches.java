package dev.probity.monitor.logged;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.monitor.perf.ScoreSketch;

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
    /** The key of the sketch of every scored prediction. */
    public static final String OVERALL = "";

    /**
     * The sketches of some logged predictions: their scores (rows without one, or with one outside [0, 1], are counted
     * as unscored), decisions and labels. The frame has the columns {@link WatchDefinition#PREDICTION}, the protected
     * attributes and, optionally, {@link WatchDefinition#SCORE} and {@link WatchDefinition#LABEL}.
     */
    public static ScoreSketches of(Frame rows, WatchDefinition def) {
        Map<String, ScoreSketch> out = new TreeMap<>();
        Column score = rows.has(WatchDefinition.SCORE) ? rows.column(WatchDefinition.SCORE) : null;
        Column prediction = rows.column(WatchDefinition.PREDICTION);
        Column label = rows.has(WatchDefinition.LABEL) ? rows.column(WatchDefinition.LABEL) : null;
        for (int i = 0; i < rows.rowCount(); i++) {
            double s = score(score, i);
            // a score outside [0, 1] is no probability (a margin, a rank): counted as unscored, never guessed at
            s = s >= 0 && s <= 1 ? s : Double.NaN;
            boolean decided = !prediction.isMissing(i) && def.positivePrediction().equals(prediction.format(i));
            Boolean positive = label == null || label.isMissing(i) ? null : def.positiveLabel().equals(label.format(i));
            for (String key : keys(rows, i, def)) {
                out.computeIfAbsent(key, k -> new ScoreSketch()).add(s, decided, positive);
            }
        }
        return new ScoreSketches(out);
    }

    /** The sketches of labels that arrived for predictions counted earlier without them (rows with a score in [0, 1] and a label). */
    public static ScoreSketches labels(Frame rows, WatchDefinition def) {
        Map<String, ScoreSketch> out = new TreeMap<>();
        Column score = rows.has(WatchDefinition.SCORE) ? rows.column(WatchDefinition.SCORE) : null;
        Column label = rows.has(WatchDefinition.LABEL) ? rows.column(WatchDefinition.LABEL) : null;
        for (int i = 0; i < rows.rowCount(); i++) {
            double s = score(score, i);
            if (label == null || label.isMissing(i) || !(s >= 0 && s <= 1)) {
                continue;
            }
            for (String key : keys(rows, i, def)) {
                out.computeIfAbsent(key, k -> new ScoreSketch()).addLabel(s, def.positiveLabel().equals(label.format(i)));
            }
        }
        return new ScoreSketches(out);
    }

    private static double score(Column score, int i) {
        if (score == null || score.isMissing(i)) {
            return Double.NaN;
        }
        return switch (score) {
            case DoubleColumn d -> d.getDouble(i);
            case LongColumn l -> l.getLong(i);
            default -> Double.NaN;
        };
    }

    /** The sketches a row counts in: all rows, and its group in each protected attribute ({@code attribute=group}). */
    private static List<String> keys(Frame rows, int i, WatchDefinition def) {
        List<String> keys = new java.util.ArrayList<>();
        keys.add(OVERALL);
        for (String a : def.protectedAttributes()) {
            Column c = rows.column(a);
            keys.add(a + "=" + (c.isMissing(i) ? "(missing)" : String.valueOf(c.get(i))));
        }
        return keys;
    }

    /** Whether no row was counted. */
    public boolean isEmpty() {
        return sketches.isEmpty();
    }

    /** The sketches of both, key by key. */
    public ScoreSketches merge(ScoreSketches other) {
        Map<String, ScoreSketch> out = new TreeMap<>(sketches);
        other.sketches.forEach((k, v) -> out.merge(k, v, ScoreSketch::merge));
        return new ScoreSketches(out);
    }

    /** The sketches as bytes, for storage. */
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

    /** The sketches of {@link #toBytes()} (null: none). */
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
