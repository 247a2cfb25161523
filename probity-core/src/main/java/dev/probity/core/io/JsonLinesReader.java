package dev.probity.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.probity.core.InputException;
import dev.probity.core.InputException.Location;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON lines: one JSON object per line, keys as columns (in order of first appearance), a key absent
 * from a line or {@code null} as missing. Column types follow the JSON values: integers → long, integers
 * mixed with fractions → double, {@code true/false} → boolean, anything else → string (a nested object or
 * array is kept as its JSON text). Blank lines are skipped; a line that is not an object is an error naming
 * the line and column.
 */
public final class JsonLinesReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonLinesReader() {
    }

    public static Frame read(String source, byte[] bytes, ReadOptions options) {
        byte[] data = TextEncoding.toUtf8(source, bytes, options.encoding(), options.warnings());
        Chunk c = parseChunk(source, data, options, 1);
        if (c.rows == 0) {
            throw new InputException(source + " is empty; expected one JSON object per line");
        }
        if (options.columns() != null) {
            for (String want : options.columns()) {
                if (c.columns.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(want))) {
                    throw new InputException("no column '" + want + "' in " + source + "; columns are: "
                            + String.join(", ", c.columns.keySet()));
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (String k : c.columns.keySet()) {
            if (options.columns() == null || options.columns().stream().anyMatch(w -> w.equalsIgnoreCase(k))) {
                names.add(k);
            }
        }
        return c.build(names, c.observed(), options);
    }

    /** The type of two parts' values together: {@code null} (only nulls) joins as nothing; integers and fractions as fractions. */
    static ColumnType join(ColumnType a, ColumnType b) {
        if (a == null || a == b) {
            return b == null ? a : b;
        }
        if (b == null) {
            return a;
        }
        boolean numbers = (a == ColumnType.LONG || a == ColumnType.DOUBLE) && (b == ColumnType.LONG || b == ColumnType.DOUBLE);
        return numbers ? ColumnType.DOUBLE : ColumnType.STRING;
    }

    /**
     * Lines of JSON objects parsed, their columns not yet typed: the whole file ({@link #read}) or one chunk of a stream
     * ({@link ChunkedReader}), whose columns are typed from all chunks' values together.
     */
    static final class Chunk {
        final String source;
        final Map<String, ValueColumn> columns;
        final int rows;
        final int[] lineOf;

        Chunk(String source, Map<String, ValueColumn> columns, int rows, int[] lineOf) {
            this.source = source;
            this.columns = columns;
            this.rows = rows;
            this.lineOf = lineOf;
        }

        /** Each key's narrowest type in these lines, in order of first appearance; null for a key that is only ever null. */
        Map<String, ColumnType> observed() {
            Map<String, ColumnType> out = new LinkedHashMap<>();
            columns.forEach((k, c) -> out.put(k, c.observedType(rows)));
            return out;
        }

        /**
         * The frame of {@code names} (a key absent here is missing on every row) typed as {@code types} says (null or
         * absent: text), a type set in {@code options} first.
         */
        Frame build(List<String> names, Map<String, ColumnType> types, ReadOptions options) {
            Map<String, ColumnType> overrides = new LinkedHashMap<>();
            options.types().forEach((k, v) -> overrides.put(k.toLowerCase(Locale.ROOT), v));
            List<Column> out = new ArrayList<>();
            for (String name : names) {
                ColumnType forced = overrides.get(name.toLowerCase(Locale.ROOT));
                ColumnType t = forced != null ? forced : types.get(name) != null ? types.get(name) : ColumnType.STRING;
                ValueColumn c = columns.get(name);
                out.add(c != null ? c.build(rows, t, source, lineOf) : new ValueColumn(name).build(rows, t, source, lineOf));
            }
            int[] lines = lineOf;
            String src = source;
            return new Frame(source, out, row -> "line " + lines[row] + " of " + src);
        }
    }

    /** Parses UTF-8 {@code data} whose first line is line {@code firstLine} of the file (a byte-order mark is skipped on line 1). */
    static Chunk parseChunk(String source, byte[] data, ReadOptions options, int firstLine) {
        int bad = TextEncoding.firstInvalidUtf8(data, 0, data.length);
        if (bad >= 0) {
            int line = firstLine;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (data[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String b = String.format(Locale.ROOT, "0x%02X", data[bad] & 0xff);
            throw new InputException(source + " line " + line + ", byte " + (bad - lineStart + 1) + ": " + b
                    + " is not valid UTF-8 (JSON text is UTF-8); give the file's encoding ({{encoding}}), e.g. ISO-8859-1",
                    new Location(source, line, bad - lineStart + 1, null, b));
        }
        Map<String, ValueColumn> columns = new LinkedHashMap<>();
        List<Integer> lines = new ArrayList<>();
        int rows = 0;
        int pos = 0;
        int line = firstLine - 1;
        if (firstLine == 1 && data.length >= 3 && (data[0] & 0xff) == 0xEF && (data[1] & 0xff) == 0xBB && (data[2] & 0xff) == 0xBF) {
            pos = 3;
        }
        while (pos < data.length) {
            line++;
            int end = pos;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            int next = end + 1;
            int e = end;
            if (e > pos && data[e - 1] == '\r') {
                e--;
            }
            if (isBlank(data, pos, e)) {
                pos = next;
                continue;
            }
            parseLine(source, data, pos, e, line, rows, columns, options);
            lines.add(line);
            rows++;
            pos = next;
        }
        return new Chunk(source, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isBlank(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != ' ' && d[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static void parseLine(String source, byte[] data, int from, int to, int line, int row,
                                  Map<String, ValueColumn> columns, ReadOptions options) {
        try (JsonParser p = FACTORY.createParser(data, from, to - from)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new InputException(source + " line " + line + ": expected a JSON object ({...}) but found "
                        + describe(t));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                ValueColumn col = columns.get(key);
                if (col == null) {
                    col = new ValueColumn(key);
                    columns.put(key, col);
                }
                switch (v) {
                    case VALUE_NULL -> col.set(row, null, line);
                    case VALUE_TRUE -> col.set(row, Boolean.TRUE, line);
                    case VALUE_FALSE -> col.set(row, Boolean.FALSE, line);
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            col.set(row, p.getDoubleValue(), line);
                        } else {
                            col.set(row, p.getLongValue(), line);
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> col.set(row, p.getDoubleValue(), line);
                    case VALUE_STRING -> col.set(row, p.getText(), line);
                    case START_OBJECT, START_ARRAY -> {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        col.set(row, new String(data, from + start, end - start, StandardCharsets.UTF_8), line);
                    }
                    default -> throw new InputException(source + " line " + line + ": unexpected " + describe(v));
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InputException(source + " line " + line + ": the object is not closed",
                        new Location(source, line, 0, null, null));
            }
            if (p.nextToken() != null) {
                throw new InputException(source + " line " + line + ", column " + p.currentTokenLocation().getColumnNr()
                        + ": more than one JSON value on the line (JSON lines holds one object per line)",
                        new Location(source, line, p.currentTokenLocation().getColumnNr(), null, null));
            }
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl > 0) {
                msg = msg.substring(0, nl);
            }
            // Jackson's own location ("start marker at [Source: REDACTED …]") says nothing the line and column do not
            int src = msg.indexOf(" (start marker at [Source");
            if (src > 0) {
                msg = msg.substring(0, src);
            }
            if (msg.startsWith("Unexpected end-of-input")) {
                msg += " — each line of a JSON-lines file is one whole object; is this a JSON document (a model file?) rather than data?";
            }
            throw new InputException(source + " line " + line + ", column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": invalid JSON: " + msg,
                    new Location(source, line, e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), null, null));
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InputException(source + " line " + line + ": invalid JSON: " + why, e);
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of line";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    /** Values of one key, boxed, with their rows; typed when the read ends. */
    private static final class ValueColumn {
        final String name;
        Object[] values = new Object[16];
        int[] lines = new int[16];

        ValueColumn(String name) {
            this.name = name;
        }

        void set(int row, Object v, int line) {
            if (row >= values.length) {
                int n = Math.max(row + 1, values.length * 2);
                values = Arrays.copyOf(values, n);
                lines = Arrays.copyOf(lines, n);
            }
            values[row] = v;
            lines[row] = line;
        }

        Column build(int rows, ColumnType forced, String source, int[] lineOf) {
            Object[] vals = values.length >= rows ? values : Arrays.copyOf(values, rows);
            ColumnType type = forced != null ? forced : inferType(vals, rows);
            ColumnBuilder b = new ColumnBuilder(name, type);
            for (int r = 0; r < rows; r++) {
                Object v = vals[r];
                if (v == null) {
                    b.addMissing();
                    continue;
                }
                switch (type) {
                    case STRING -> b.addString(v instanceof String s ? s : String.valueOf(v));
                    case BOOLEAN -> {
                        if (v instanceof Boolean x) {
                            b.addBoolean(x);
                        } else if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                            b.addBoolean(Boolean.parseBoolean(s.toLowerCase(Locale.ROOT)));
                        } else {
                            throw misfit(source, lineOf[r], v, type);
                        }
                    }
                    case LONG -> {
                        if (v instanceof Long x) {
                            b.addLong(x);
                        } else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                            b.addLong(d.longValue());
                        } else if (v instanceof String s && s.strip().matches("[+-]?\\d{1,18}")) {
                            b.addLong(Long.parseLong(s.strip()));
                        } else {
                            throw misfit(source, lineOf[r], v, type);
                        }
                    }
                    case DOUBLE -> {
                        if (v instanceof Number n) {
                            b.addDouble(n.doubleValue());
                        } else if (v instanceof String s) {
                            try {
                                b.addDouble(Double.parseDouble(s.strip()));
                            } catch (NumberFormatException e) {
                                throw misfit(source, lineOf[r], v, type);
                            }
                        } else {
                            throw misfit(source, lineOf[r], v, type);
                        }
                    }
                }
            }
            return b.build();
        }

        private InputException misfit(String source, int line, Object v, ColumnType type) {
            return new InputException(source + " line " + line + ", field '" + name + "': value " + InputException.shown(String.valueOf(v)) + " is not a "
                    + type.label() + " (the column's type was set to " + type.label() + ")",
                    new Location(source, line, 0, name, String.valueOf(v)));
        }

        /** The narrowest type of the values, or null when every value is null. */
        ColumnType observedType(int rows) {
            for (int r = 0; r < Math.min(rows, values.length); r++) {
                if (values[r] != null) {
                    return inferType(values, Math.min(rows, values.length));
                }
            }
            return null;
        }

        private static ColumnType inferType(Object[] vals, int rows) {
            boolean any = false;
            boolean allLong = true;
            boolean allNumber = true;
            boolean allBool = true;
            for (int r = 0; r < rows; r++) {
                Object v = vals[r];
                if (v == null) {
                    continue;
                }
                any = true;
                allLong &= v instanceof Long;
                allNumber &= v instanceof Number;
                allBool &= v instanceof Boolean;
            }
            if (!any) {
                return ColumnType.STRING;
            }
            if (allBool) {
                return ColumnType.BOOLEAN;
            }
            if (allLong) {
                return ColumnType.LONG;
            }
            return allNumber ? ColumnType.DOUBLE : ColumnType.STRING;
        }
    }
}
