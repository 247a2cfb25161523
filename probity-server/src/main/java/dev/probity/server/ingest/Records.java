package dev.probity.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logged predictions as the service receives them, and the frame the library's statistics are computed on.
 *
 * <p>A batch is {@code {"records": [ … ]}} (or the array alone); each record is
 * {@code {"id": "…", "timestamp": "2026-11-30T10:15:00Z", "inputs": {"sex": "F", "age": 31}, "prediction": "1",
 * "score": 0.83, "label": "0"}} — {@code timestamp} (ISO-8601; absent: the time the batch arrived), {@code score} and
 * {@code label} are optional. Every error names the record and field.
 */
public final class Records {
    public static final String PREDICTION = dev.probity.monitor.logged.WatchDefinition.PREDICTION;
    public static final String SCORE = dev.probity.monitor.logged.WatchDefinition.SCORE;
    public static final String LABEL = dev.probity.monitor.logged.WatchDefinition.LABEL;
    /** The largest number of records in one batch. */
    public static final int MAX_BATCH = 100_000;

    static final ObjectMapper JSON = new ObjectMapper();

    private Records() {
    }

    /** One logged prediction. */
    public record Record(String id, Instant timestamp, Map<String, Object> inputs, String prediction, Double score, String label) {
    }

    /** A label that arrives after its prediction, joined by the prediction's id. */
    public record Label(String id, String label) {
    }

    /** Reads a batch of records; {@code now} stands for absent timestamps. */
    public static List<Record> parse(byte[] body, ModelDefinition model, Instant now) {
        JsonNode root = tree(body);
        JsonNode list = root.isArray() ? root : root.get("records");
        if (list == null || !list.isArray()) {
            throw bad("records", null, "a batch is {\"records\": [ … ]} or an array of records");
        }
        if (list.size() > MAX_BATCH) {
            throw bad("records", String.valueOf(list.size()), "a batch holds at most " + MAX_BATCH + " records; send " + list.size() + " in several");
        }
        List<Record> out = new ArrayList<>(list.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "records[" + i + "]";
            if (!r.isObject()) {
                throw bad(at, r.toString(), "a record is a JSON object");
            }
            String id = text(r, "id", at, true);
            if (id.length() > 200) {
                throw bad(at + ".id", id, "an id has at most 200 characters");
            }
            if (!ids.add(id)) {
                throw bad(at + ".id", id, "the id appears twice in this batch");
            }
            Instant ts = now;
            JsonNode t = r.get("timestamp");
            if (t != null && !t.isNull()) {
                try {
                    ts = Instant.parse(t.asText());
                } catch (DateTimeParseException e) {
                    throw bad(at + ".timestamp", t.asText(), "a timestamp is ISO-8601 with a zone, like 2026-11-30T10:15:00Z");
                }
                checkRange(ts, at + ".timestamp", t.asText());
            }
            Map<String, Object> inputs = new LinkedHashMap<>();
            JsonNode in = r.get("inputs");
            if (in != null && !in.isNull()) {
                if (!in.isObject()) {
                    throw bad(at + ".inputs", in.toString(), "inputs are a JSON object of names and values");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    if (ModelDefinition.RESERVED.contains(e.getKey())) {
                        throw bad(at + ".inputs." + e.getKey(), v.toString(), "'" + e.getKey() + "' is the record's own field, not an input");
                    }
                    if (v.isContainerNode()) {
                        throw bad(at + ".inputs." + e.getKey(), v.toString(), "an input is a number, text, true/false or null");
                    }
                    inputs.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
                }
            }
            for (String a : model.protectedAttributes()) {
                if (!inputs.containsKey(a)) {
                    throw bad(at + ".inputs." + a, null, "the protected attribute '" + a + "' is missing (send null if it is unknown)");
                }
            }
            String prediction = scalar(r, PREDICTION, at, true);
            Double score = null;
            JsonNode s = r.get(SCORE);
            if (s != null && !s.isNull()) {
                if (!s.isNumber() || !Double.isFinite(s.doubleValue())) {
                    throw bad(at + ".score", s.toString(), "a score is a finite number");
                }
                score = s.doubleValue();
            }
            String label = scalar(r, LABEL, at, false);
            out.add(new Record(id, ts, inputs, prediction, score, label));
        }
        return out;
    }

    /**
     * Reads a CSV batch: a header, then one prediction per line, with the columns {@code id}, {@code prediction},
     * optionally {@code timestamp}, {@code score} and {@code label}, and the inputs under their own names (typed as the
     * CSV reader types a file: numbers, true/false, text; empty cells are missing). Errors name the line and column.
     */
    public static List<Record> parseCsv(byte[] body, ModelDefinition model, Instant now) {
        if (body == null || body.length == 0) {
            throw bad("body", null, "the request has no body");
        }
        Frame f = DataReader.read("the CSV body", body, ReadOptions.defaults().format(Format.CSV), Format.CSV);
        for (String required : List.of("id", PREDICTION)) {
            if (!f.has(required)) {
                throw bad(required, null, "the CSV has no '" + required + "' column; its columns are " + f.columnNames());
            }
        }
        for (String a : model.protectedAttributes()) {
            if (!f.has(a)) {
                throw bad(a, null, "the CSV has no column for the protected attribute '" + a + "'");
            }
        }
        if (f.rowCount() > MAX_BATCH) {
            throw bad("body", String.valueOf(f.rowCount()), "a batch holds at most " + MAX_BATCH + " records; send " + f.rowCount() + " in several");
        }
        List<String> inputs = new ArrayList<>();
        for (String c : f.columnNames()) {
            if (!List.of("id", "timestamp", PREDICTION, SCORE, LABEL).contains(c)) {
                inputs.add(c);
            }
        }
        dev.probity.core.frame.Column id = f.column("id");
        dev.probity.core.frame.Column pred = f.column(PREDICTION);
        dev.probity.core.frame.Column ts = f.has("timestamp") ? f.column("timestamp") : null;
        dev.probity.core.frame.Column score = f.has(SCORE) ? f.column(SCORE) : null;
        dev.probity.core.frame.Column label = f.has(LABEL) ? f.column(LABEL) : null;
        List<Record> out = new ArrayList<>(f.rowCount());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < f.rowCount(); i++) {
            String at = "line " + (i + 2);
            if (id.isMissing(i) || !ids.add(id.format(i))) {
                throw bad(at + ".id", id.isMissing(i) ? null : id.format(i), id.isMissing(i) ? "'id' is empty" : "the id appears twice in this batch");
            }
            if (pred.isMissing(i)) {
                throw bad(at + ".prediction", null, "'prediction' is empty");
            }
            Instant t = now;
            if (ts != null && !ts.isMissing(i)) {
                try {
                    t = Instant.parse(ts.format(i));
                } catch (DateTimeParseException e) {
                    throw bad(at + ".timestamp", ts.format(i), "a timestamp is ISO-8601 with a zone, like 2026-11-30T10:15:00Z");
                }
                checkRange(t, at + ".timestamp", ts.format(i));
            }
            Double s = null;
            if (score != null && !score.isMissing(i)) {
                try {
                    s = Double.parseDouble(score.format(i));
                } catch (NumberFormatException e) {
                    throw bad(at + ".score", score.format(i), "a score is a number");
                }
            }
            Map<String, Object> in = new LinkedHashMap<>();
            for (String c : inputs) {
                dev.probity.core.frame.Column col = f.column(c);
                in.put(c, col.isMissing(i) ? null : switch (col) {
                    case dev.probity.core.frame.LongColumn l -> (Object) l.getLong(i);
                    case DoubleColumn d -> (Object) d.getDouble(i);
                    case dev.probity.core.frame.BooleanColumn b -> (Object) b.getBoolean(i);
                    default -> col.format(i);
                });
            }
            out.add(new Record(id.format(i), t, in, pred.format(i), s, label == null || label.isMissing(i) ? null : label.format(i)));
        }
        return out;
    }

    /** The times the service keeps windows for: from 1900 to 9000 (beyond, a window's end would not fit the databases' dates). */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

    public static void checkRange(Instant t, String field, String value) {
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw bad(field, value, "a timestamp lies between 1900 and 9000");
        }
    }

    /** Reads labels: {@code {"labels": [{"id": "…", "label": "1"}, …]}} or the array alone. */
    public static List<Label> parseLabels(byte[] body) {
        JsonNode root = tree(body);
        JsonNode list = root.isArray() ? root : root.get("labels");
        if (list == null || !list.isArray()) {
            throw bad("labels", null, "labels are {\"labels\": [{\"id\": …, \"label\": …}, …]} or an array of them");
        }
        if (list.size() > MAX_BATCH) {
            throw bad("labels", String.valueOf(list.size()), "a batch holds at most " + MAX_BATCH + " labels");
        }
        List<Label> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "labels[" + i + "]";
            if (!r.isObject()) {
                throw bad(at, r.toString(), "a label is a JSON object");
            }
            String id = text(r, "id", at, true);
            if (!ids.add(id)) {
                throw bad(at + ".id", id, "the id appears twice in this batch");
            }
            out.add(new Label(id, scalar(r, LABEL, at, true)));
        }
        return out;
    }

    /**
     * The frame of some records, for the library's statistics: one column per input (types inferred as the JSON-lines
     * reader does for a file), then prediction and label as text and score as a number. The prediction's and label's
     * dictionaries always hold the model's positive values, so that a batch without a single positive decision is
     * counted, not refused as a typo in the positive value.
     */
    public static Frame frame(String source, List<Record> records, ModelDefinition model) {
        List<dev.probity.core.frame.Column> cols = new ArrayList<>();
        for (String name : model.inputs()) {
            cols.add(column(name, records));
        }
        Frame f = new Frame(source, cols);
        f = f.withColumn(text(PREDICTION, records, Record::prediction, model.positivePrediction()));
        if (records.stream().anyMatch(r -> r.label() != null)) {
            f = f.withColumn(text(LABEL, records, Record::label, model.positiveLabel()));
        }
        if (records.stream().anyMatch(r -> r.score() != null)) {
            double[] v = new double[records.size()];
            for (int i = 0; i < v.length; i++) {
                Double x = records.get(i).score();
                v[i] = x == null ? Double.NaN : x;
            }
            f = f.withColumn(DoubleColumn.of(SCORE, v));
        }
        return f;
    }

    /**
     * A frame of the named inputs of some logged records (each a map of input to value, as stored), typed together as
     * {@link #frame} types a batch: what a model file reads to explain one of them.
     */
    public static Frame inputFrame(String source, List<Map<String, Object>> inputs, List<String> names) {
        List<Record> records = new ArrayList<>(inputs.size());
        for (Map<String, Object> in : inputs) {
            records.add(new Record("", Instant.EPOCH, in, "", null, null));
        }
        List<dev.probity.core.frame.Column> cols = new ArrayList<>();
        for (String name : names) {
            cols.add(column(name, records));
        }
        return new Frame(source, cols);
    }

    /**
     * One input as a column, typed as the JSON-lines reader types a file's: whole numbers → long, numbers with
     * fractions → double, true/false → boolean, anything else (or a mixture) → text.
     */
    static dev.probity.core.frame.Column column(String name, List<Record> records) {
        int n = records.size();
        boolean integral = true;
        boolean numeric = true;
        boolean bool = true;
        boolean any = false;
        java.util.BitSet missing = new java.util.BitSet(n);
        for (int i = 0; i < n; i++) {
            Object v = records.get(i).inputs().get(name);
            if (v == null) {
                missing.set(i);
                continue;
            }
            any = true;
            boolean isInt = v instanceof Integer || v instanceof Long || v instanceof Short
                    || v instanceof java.math.BigInteger b && b.bitLength() < 64;
            integral &= isInt;
            numeric &= v instanceof Number;
            bool &= v instanceof Boolean;
        }
        dev.probity.core.frame.Missing m = missing.isEmpty() ? dev.probity.core.frame.Missing.NONE : dev.probity.core.frame.Missing.of(missing);
        if (any && integral) {
            long[] x = new long[n];
            for (int i = 0; i < n; i++) {
                Object v = records.get(i).inputs().get(name);
                x[i] = v == null ? 0 : ((Number) v).longValue();
            }
            return new dev.probity.core.frame.LongColumn(name, x, m);
        }
        if (any && numeric) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                Object v = records.get(i).inputs().get(name);
                x[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
            }
            return new DoubleColumn(name, x, m);
        }
        if (any && bool) {
            boolean[] x = new boolean[n];
            for (int i = 0; i < n; i++) {
                Object v = records.get(i).inputs().get(name);
                x[i] = v != null && (Boolean) v;
            }
            return new dev.probity.core.frame.BooleanColumn(name, x, m);
        }
        Map<String, Integer> codes = new LinkedHashMap<>();
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = records.get(i).inputs().get(name);
            c[i] = v == null ? StringColumn.MISSING : codes.computeIfAbsent(v.toString(), k -> codes.size());
        }
        return new StringColumn(name, c, codes.keySet().toArray(String[]::new));
    }

    private static StringColumn text(String name, List<Record> records, java.util.function.Function<Record, String> value, String positive) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put(positive, 0);
        int[] c = new int[records.size()];
        for (int i = 0; i < c.length; i++) {
            String v = value.apply(records.get(i));
            c[i] = v == null ? StringColumn.MISSING : codes.computeIfAbsent(v, k -> codes.size());
        }
        return new StringColumn(name, c, codes.keySet().toArray(String[]::new));
    }

    /** A request body as JSON, or an error naming the line and column where it stops being JSON. */
    public static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw bad("body", null, "the request has no body");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // some refusals (nesting deeper than 1,000, say) carry no location
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            int column = at == null ? 0 : Math.max(0, at.getColumnNr());
            throw new InputException("the body is not JSON Probity reads: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + line + ", column " + column + ")"),
                    new InputException.Location("request body", line, column, null, null));
        } catch (java.io.IOException e) {
            throw new InputException("the body could not be read: " + e.getMessage());
        }
    }

    private static String text(JsonNode r, String field, String at, boolean required) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(at + "." + field, null, "'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw bad(at + "." + field, v.toString(), "'" + field + "' is text or a number");
        }
        String s = v.asText();
        if (s.isEmpty()) {
            throw bad(at + "." + field, s, "'" + field + "' is empty");
        }
        return s;
    }

    private static String scalar(JsonNode r, String field, String at, boolean required) {
        JsonNode v = r.get(field);
        if (v != null && v.isBoolean()) {
            return v.asBoolean() ? "true" : "false";
        }
        String s = text(r, field, at, required);
        if (s != null && s.length() > 200) {
            throw bad(at + "." + field, s, "'" + field + "' has at most 200 characters");
        }
        return s;
    }

    static InputException bad(String field, String value, String message) {
        return new InputException(field + ": " + message, new InputException.Location("request body", 0, 0, field, value));
    }
}
