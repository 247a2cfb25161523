package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.ScoreSketches;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Period;
import dev.probity.monitor.window.Profile;
import dev.probity.monitor.window.WindowState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A watched model's window statistics as a file, {@value #FORMAT}: JSON lines, the first a header, then one window per
 * line. Written by the Spark job that computes a table of logged predictions' windows, read by the service that merges
 * them into its own.
 *
 * <pre>
 * {"format":"probity.windows/v1","model":"loans","definition":{"protectedAttributes":["sex"],…},"profile":[…],"windows":2}
 * {"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","predictions":1200,"labelled":900,
 *  "sketches":"base64…","selection":"base64…","outcomes":"base64…","scores":null}
 * </pre>
 *
 * <p>The header's {@code definition} holds what decides the statistics ({@link WatchDefinition#fields()}) and
 * {@code profile} the bins and levels the drift columns were counted on; {@code windows} counts the lines that follow,
 * so a cut-off file is refused. Each binary state is the library's own bytes ({@link WindowState#toBytes()},
 * {@link StatsTable#toBytes()}, {@link ScoreSketches#toBytes()}) in base64; {@code outcomes} is null when no prediction
 * of the window has a label, {@code scores} when none has a score.
 */
public final class WindowsJson {
    /** The format's name and version. */
    public static final String FORMAT = "probity.windows/v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "windows file";

    private WindowsJson() {
    }

    /**
     * A file's content.
     *
     * @param model      the model the windows were computed for (as named where they were computed)
     * @param definition what the statistics were computed under
     * @param profile    the bins and levels of the drift columns
     * @param windows    the windows, in time order
     */
    public record WindowsFile(String model, WatchDefinition definition, Profile profile, List<LoggedWindow> windows) {
        /** Holds the file's windows as given. */
        public WindowsFile {
            windows = List.copyOf(windows);
        }
    }

    /** Writes the windows (header, then one line per window, in the order given) to {@code out}, left open. */
    public static void write(OutputStream out, String model, WatchDefinition def, Profile profile, Collection<LoggedWindow> windows)
            throws IOException {
        Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        ObjectNode header = JSON.createObjectNode();
        header.put("format", FORMAT);
        header.put("model", model);
        header.set("definition", JSON.valueToTree(def.fields()));
        header.set("profile", profileJson(profile));
        header.put("windows", windows.size());
        w.write(JSON.writeValueAsString(header));
        w.write('\n');
        Base64.Encoder b64 = Base64.getEncoder();
        for (LoggedWindow lw : windows) {
            ObjectNode o = JSON.createObjectNode();
            o.put("start", lw.start().toString());
            o.put("end", lw.end().toString());
            o.put("predictions", lw.predictions());
            o.put("labelled", lw.labelled());
            o.put("sketches", b64.encodeToString(lw.sketches().toBytes()));
            o.put("selection", b64.encodeToString(lw.selection().toBytes()));
            if (lw.outcomes() == null) {
                o.putNull("outcomes");
            } else {
                o.put("outcomes", b64.encodeToString(lw.outcomes().toBytes()));
            }
            if (lw.scores() == null) {
                o.putNull("scores");
            } else {
                o.put("scores", b64.encodeToString(lw.scores().toBytes()));
            }
            w.write(JSON.writeValueAsString(o));
            w.write('\n');
        }
        w.flush();
    }

    /** The file's text: the header, then one line per window, in the order given. */
    public static String toString(String model, WatchDefinition def, Profile profile, Collection<LoggedWindow> windows) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(out, model, def, profile, windows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a file of windows; anything malformed is refused with an {@link InputException} whose location names the
     * line (1 is the header) and the field.
     */
    public static WindowsFile read(InputStream in) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String first = r.readLine();
            if (first == null || first.isBlank()) {
                throw bad(1, "format", null, "the file is empty; it starts with a header line of format " + FORMAT);
            }
            JsonNode header = line(first, 1);
            String format = header.path("format").asText(null);
            if (!FORMAT.equals(format)) {
                throw bad(1, "format", format, "the file's format is '" + FORMAT + "'");
            }
            String model = header.path("model").asText(null);
            WatchDefinition def = definition(header.get("definition"), 1, "definition.");
            JsonNode profileNode = header.get("profile");
            if (profileNode == null || !profileNode.isArray()) {
                throw bad(1, "profile", null, "the header holds the drift columns' bins and levels in 'profile'");
            }
            Profile profile = profile(profileNode, 1);
            JsonNode count = header.get("windows");
            if (count == null || !count.canConvertToLong() || count.asLong() < 0) {
                throw bad(1, "windows", count == null ? null : count.toString(), "the header counts the window lines that follow in 'windows'");
            }
            Period period = def.window();
            List<LoggedWindow> windows = new ArrayList<>();
            Set<Instant> starts = new HashSet<>();
            String text;
            int lineNo = 1;
            while ((text = r.readLine()) != null) {
                lineNo++;
                if (text.isBlank()) {
                    throw bad(lineNo, null, null, "a blank line; each line after the header is one window");
                }
                LoggedWindow w = window(line(text, lineNo), lineNo, period);
                if (!starts.add(w.start())) {
                    throw bad(lineNo, "start", w.start().toString(), "the window starting at " + w.start() + " appears twice in the file");
                }
                windows.add(w);
            }
            if (windows.size() != count.asLong()) {
                throw bad(lineNo, "windows", String.valueOf(windows.size()), "the header announces " + count.asLong() + " windows and the file holds "
                        + windows.size() + " (a file cut off, or put together by hand?)");
            }
            return new WindowsFile(model, def, profile, windows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode line(String text, int lineNo) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw bad(lineNo, null, null, "each line is one JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InputException(SOURCE + ", line " + lineNo + ": not JSON: " + e.getOriginalMessage(),
                    new InputException.Location(SOURCE, lineNo, e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr()), null, null));
        }
    }

    private static LoggedWindow window(JsonNode o, int lineNo, Period period) {
        Instant start = instant(o, "start", lineNo);
        Instant end = instant(o, "end", lineNo);
        if (!period.start(start).equals(start)) {
            throw bad(lineNo, "start", start.toString(), "not the start of a window of " + period + " (that window starts at " + period.start(start) + ")");
        }
        if (!period.end(start).equals(end)) {
            throw bad(lineNo, "end", end.toString(), "a window of " + period + " starting at " + start + " ends at " + period.end(start));
        }
        long predictions = count(o, "predictions", lineNo);
        long labelled = count(o, "labelled", lineNo);
        if (predictions < 1) {
            throw bad(lineNo, "predictions", String.valueOf(predictions), "a window holds at least one prediction");
        }
        if (labelled > predictions) {
            throw bad(lineNo, "labelled", String.valueOf(labelled), "more labelled predictions than predictions (" + predictions + ")");
        }
        WindowState sketches = decode(o, "sketches", lineNo, true, WindowState::fromBytes);
        if (sketches.rows() != predictions) {
            throw bad(lineNo, "sketches", null, "the sketches count " + sketches.rows() + " rows and the window " + predictions + " predictions");
        }
        if (!start.equals(sketches.start())) {
            throw bad(lineNo, "sketches", null, "the sketches are of the window starting at " + sketches.start() + ", not " + start);
        }
        StatsTable selection = decode(o, "selection", lineNo, true, StatsTable::fromBytes);
        StatsTable outcomes = decode(o, "outcomes", lineNo, false, StatsTable::fromBytes);
        if ((outcomes == null) != (labelled == 0)) {
            throw bad(lineNo, "outcomes", null, labelled == 0 ? "outcomes are given for a window without labelled predictions"
                    : "the window has " + labelled + " labelled predictions and no outcomes");
        }
        ScoreSketches scores = decode(o, "scores", lineNo, false, ScoreSketches::fromBytes);
        return new LoggedWindow(start, end, predictions, labelled, sketches, selection, outcomes, scores);
    }

    private static Instant instant(JsonNode o, String field, int lineNo) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(lineNo, field, v == null ? null : v.toString(), "'" + field + "' is an ISO-8601 instant, like 2026-11-01T00:00:00Z");
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw bad(lineNo, field, v.asText(), "'" + field + "' is an ISO-8601 instant, like 2026-11-01T00:00:00Z");
        }
    }

    private static long count(JsonNode o, String field, int lineNo) {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw bad(lineNo, field, v == null ? null : v.toString(), "'" + field + "' is a count (a whole number, 0 or more)");
        }
        return v.asLong();
    }

    private static <T> T decode(JsonNode o, String field, int lineNo, boolean required, java.util.function.Function<byte[], T> from) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(lineNo, field, null, "'" + field + "' is required (base64 of the library's bytes)");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(lineNo, field, v.toString(), "'" + field + "' is base64 text");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw bad(lineNo, field, null, "'" + field + "' is not base64: " + e.getMessage());
        }
        try {
            return from.apply(bytes);
        } catch (RuntimeException e) {
            throw bad(lineNo, field, null, "'" + field + "' does not decode as the library's statistics: " + e.getMessage());
        }
    }

    /**
     * The statistics' definition from JSON: a definition's fields ({@code protectedAttributes}, {@code features},
     * {@code positivePrediction}, {@code positiveLabel}, {@code references}, {@code period}, {@code tolerance} and
     * {@code fourFifths} or {@code thresholds.fourFifths}), or what the service answers for a model
     * ({@code GET /api/v1/models/{name}}: the definition under {@code definition}).
     */
    public static WatchDefinition definition(JsonNode node) {
        if (node != null && node.has("definition") && node.get("definition").isObject()) {
            node = node.get("definition");
        }
        return definition(node, 0, "");
    }

    private static WatchDefinition definition(JsonNode d, int lineNo, String prefix) {
        if (d == null || !d.isObject()) {
            throw bad(lineNo, prefix.isEmpty() ? "definition" : prefix.substring(0, prefix.length() - 1), null,
                    "a model's definition is a JSON object (protectedAttributes, positivePrediction, period, …)");
        }
        Double fourFifths = number(d.get("fourFifths"), lineNo, prefix + "fourFifths");
        if (fourFifths == null && d.path("thresholds").isObject()) {
            fourFifths = number(d.get("thresholds").get("fourFifths"), lineNo, prefix + "thresholds.fourFifths");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        JsonNode rn = d.get("references");
        if (rn != null && !rn.isNull()) {
            if (!rn.isObject()) {
                throw bad(lineNo, prefix + "references", rn.toString(), "references are an object of attribute and group");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = rn.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                refs.put(e.getKey(), e.getValue().asText());
            }
        }
        try {
            return new WatchDefinition(strings(d.get("protectedAttributes"), lineNo, prefix + "protectedAttributes"),
                    strings(d.get("features"), lineNo, prefix + "features"), text(d.get("positivePrediction")), text(d.get("positiveLabel")),
                    refs, text(d.get("period")), number(d.get("tolerance"), lineNo, prefix + "tolerance"), fourFifths);
        } catch (InputException e) {
            InputException.Location l = e.location().orElse(null);
            String field = l == null || l.field() == null ? prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1) : prefix + l.field();
            throw bad(lineNo, field, l == null ? null : l.value(), e.getMessage());
        }
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode v, int lineNo, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad(lineNo, field, v.toString(), "'" + field + "' is a number");
        }
        return v.asDouble();
    }

    private static List<String> strings(JsonNode v, int lineNo, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw bad(lineNo, field, v.toString(), "'" + field + "' is a list of names");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** A profile (drift columns' bins and levels) as JSON: {@code [{"name", "numerical", "edges" | "levels"}, …]}. */
    public static ArrayNode profileJson(Profile p) {
        ArrayNode cols = JSON.createArrayNode();
        for (Profile.ColumnProfile c : p.columns()) {
            ObjectNode o = cols.addObject();
            o.put("name", c.name());
            o.put("numerical", c.numerical());
            if (c.numerical()) {
                ArrayNode e = o.putArray("edges");
                for (double x : c.edges()) {
                    e.add(x);
                }
            } else {
                ArrayNode l = o.putArray("levels");
                c.levels().forEach(l::add);
            }
        }
        return cols;
    }

    /** The profile of {@link #profileJson}; a malformed one is refused. */
    public static Profile profile(JsonNode cols) {
        return profile(cols, 0);
    }

    private static Profile profile(JsonNode cols, int lineNo) {
        if (cols == null || !cols.isArray()) {
            throw bad(lineNo, "profile", null, "a profile is a list of columns with their bins or levels");
        }
        List<Profile.ColumnProfile> out = new ArrayList<>();
        int i = 0;
        for (JsonNode c : cols) {
            String at = "profile[" + i++ + "]";
            if (!c.isObject() || !c.path("name").isTextual() || !c.path("numerical").isBoolean()) {
                throw bad(lineNo, at, c.toString(), "a profile's column has a name, numerical (true/false) and edges or levels");
            }
            if (c.get("numerical").asBoolean()) {
                JsonNode en = c.get("edges");
                if (en == null || !en.isArray()) {
                    throw bad(lineNo, at + ".edges", null, "a numerical column's bins are given by its edges");
                }
                double[] e = new double[en.size()];
                for (int k = 0; k < e.length; k++) {
                    e[k] = en.get(k).asDouble();
                }
                out.add(new Profile.ColumnProfile(c.get("name").asText(), true, e, List.of()));
            } else {
                JsonNode ln = c.get("levels");
                if (ln == null || !ln.isArray()) {
                    throw bad(lineNo, at + ".levels", null, "a categorical column's cells are given by its levels");
                }
                List<String> l = new ArrayList<>();
                ln.forEach(x -> l.add(x.asText()));
                out.add(new Profile.ColumnProfile(c.get("name").asText(), false, null, List.copyOf(l)));
            }
        }
        return new Profile(List.copyOf(out));
    }

    private static InputException bad(int lineNo, String field, String value, String message) {
        String where = lineNo > 0 ? SOURCE + ", line " + lineNo + (field == null ? "" : ", " + field) + ": " : field == null ? "" : field + ": ";
        return new InputException(where + message, new InputException.Location(lineNo > 0 ? SOURCE : "model definition", lineNo, 0, field, value));
    }
}
