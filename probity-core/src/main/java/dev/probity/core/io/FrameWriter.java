package dev.probity.core.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Writes a {@link Frame} as rows, the format chosen by the file's extension as {@link DataReader} reads them: CSV
 * (RFC 4180: a header, fields quoted when they hold a comma, quote or line break, inner quotes doubled, a missing
 * value as an empty field and the empty text as {@code ""} — which other tools read as empty text, and Probity's
 * reader, like pandas, as missing), TSV, JSON lines (one object per row, missing values
 * {@code null}), and Parquet through a {@link PathWriter} found on the class path (probity-sql). Files are written
 * atomically ({@link AtomicFiles}); numbers in their shortest exact form, so what is written reads back to the same
 * values.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    /** Writes {@code frame} to {@code file} in the format its name implies. */
    public static void write(Frame frame, Path file) {
        try (Outputs out = Outputs.protecting(java.util.Map.of())) {
            Path target = out.add(null, file);
            stage(frame, Format.fromFileName(file), out, target);
            out.commit();
        }
    }

    /**
     * Stages {@code frame} in {@code format} as the output {@code target} declared in {@code outputs}; it appears
     * when they are committed.
     */
    public static void stage(Frame frame, Format format, Outputs outputs, Path target) {
        if (format == Format.PARQUET) {
            for (PathWriter w : ServiceLoader.load(PathWriter.class, FrameWriter.class.getClassLoader())) {
                if (w.writes(format)) {
                    outputs.stage(target, staged -> w.write(frame, staged));
                    return;
                }
            }
            throw new InputException(target + ": Parquet is written by the probity-sql module (DuckDB), which is not on the class path; "
                    + "write CSV instead");
        }
        if (target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            // a name ending in .gz is read as gzip, so it is written as gzip
            outputs.write(target, out -> {
                java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 1 << 16);
                write(frame, format, gz);
                gz.finish();
            });
            return;
        }
        outputs.write(target, out -> write(frame, format, out));
    }

    /** Writes {@code frame} as CSV, TSV or JSON lines to {@code out} (left open). */
    public static void write(Frame frame, Format format, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> delimited(frame, ',', out);
            case TSV -> delimited(frame, '\t', out);
            case JSONL -> jsonLines(frame, out);
            case PARQUET -> throw new IllegalArgumentException("Parquet is written to a file (FrameWriter.write(frame, path))");
        }
    }

    private static void delimited(Frame frame, char delimiter, OutputStream os) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        int cols = frame.columnCount();
        for (int j = 0; j < cols; j++) {
            if (j > 0) {
                w.write(delimiter);
            }
            w.write(field(frame.columns().get(j).name(), delimiter));
        }
        w.write('\n');
        for (int i = 0; i < frame.rowCount(); i++) {
            for (int j = 0; j < cols; j++) {
                if (j > 0) {
                    w.write(delimiter);
                }
                Column c = frame.columns().get(j);
                if (!c.isMissing(i)) {
                    w.write(switch (c) {
                        case LongColumn l -> Long.toString(l.values()[i]);
                        case DoubleColumn d -> Double.toString(d.values()[i]);
                        case BooleanColumn b -> Boolean.toString(b.getBoolean(i));
                        case StringColumn s -> field(s.getString(i), delimiter);
                    });
                }
            }
            w.write('\n');
        }
        w.flush();
    }

    /** A text field, quoted when it must be: it holds the delimiter, a quote or a line break, or is empty. */
    static String field(String s, char delimiter) {
        if (s.isEmpty()) {
            return "\"\"";
        }
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == delimiter || ch == '"' || ch == '\n' || ch == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    private static void jsonLines(Frame frame, OutputStream out) throws IOException {
        JsonFactory f = JsonFactory.builder().build();
        try (JsonGenerator g = f.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (int i = 0; i < frame.rowCount(); i++) {
                g.writeStartObject();
                for (Column c : frame.columns()) {
                    g.writeFieldName(c.name());
                    if (c.isMissing(i)) {
                        g.writeNull();
                        continue;
                    }
                    switch (c) {
                        case LongColumn l -> g.writeNumber(l.values()[i]);
                        case DoubleColumn d -> g.writeNumber(d.values()[i]);
                        case BooleanColumn b -> g.writeBoolean(b.getBoolean(i));
                        case StringColumn s -> g.writeString(s.getString(i));
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
