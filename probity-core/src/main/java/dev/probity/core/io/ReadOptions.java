package dev.probity.core.io;

import dev.probity.core.frame.ColumnType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to read a data file. Defaults: format from the file extension, comma delimiter (tab for TSV),
 * double-quote quoting with doubled quotes as escapes (RFC 4180), a header line, UTF-8, the empty field as
 * the only missing-value token, all columns, types inferred, all available processors.
 *
 * <p>Duplicate header names are renamed the way DuckDB's CSV reader renames them — the second
 * {@code decile_score} becomes {@code decile_score_1}, the third {@code decile_score_2} — so that SQL run by
 * either engine sees the same names; each rename is reported as a warning.
 */
public final class ReadOptions {
    private Format format;
    private char delimiter;
    private char quote = '"';
    private boolean header = true;
    private List<String> columnNames;
    private Charset encoding = StandardCharsets.UTF_8;
    private Set<String> naValues = new LinkedHashSet<>(List.of(""));
    private boolean trim;
    private int skipLines;
    private Set<String> columns;
    private Map<String, ColumnType> types = new LinkedHashMap<>();
    private int threads;
    private Consumer<String> warnings = w -> { };
    private Progress progress = Progress.NONE;

    public static ReadOptions defaults() {
        return new ReadOptions();
    }

    /** An independent copy: changing either later leaves the other as it was. */
    public ReadOptions copy() {
        ReadOptions o = new ReadOptions();
        o.format = format;
        o.delimiter = delimiter;
        o.quote = quote;
        o.header = header;
        o.columnNames = columnNames;
        o.encoding = encoding;
        o.naValues = new LinkedHashSet<>(naValues);
        o.trim = trim;
        o.skipLines = skipLines;
        o.columns = columns == null ? null : new LinkedHashSet<>(columns);
        o.types = new LinkedHashMap<>(types);
        o.threads = threads;
        o.warnings = warnings;
        o.progress = progress;
        return o;
    }

    /** The format; {@code null} means "from the file extension". */
    public ReadOptions format(Format f) { this.format = f; return this; }

    /** Field delimiter; 0 means "comma, or tab for TSV". Must be a single ASCII character. */
    public ReadOptions delimiter(char d) { this.delimiter = d; return this; }

    /** Quote character (ASCII); inside a quoted field it is escaped by doubling. */
    public ReadOptions quote(char q) { this.quote = q; return this; }

    /** Whether the first (non-skipped) line holds column names. */
    public ReadOptions header(boolean h) { this.header = h; return this; }

    /** Column names to use; required when there is no header, and overrides the header when given. */
    public ReadOptions columnNames(List<String> names) { this.columnNames = names == null ? null : List.copyOf(names); return this; }

    public ReadOptions encoding(Charset c) { this.encoding = c; return this; }

    /** Field values read as missing, compared after trimming when {@link #trim} is on. Default: the empty field. */
    public ReadOptions naValues(Set<String> values) { this.naValues = new LinkedHashSet<>(values); return this; }

    /** Strip spaces and tabs around unquoted fields (e.g. UCI Adult writes ", " between fields). */
    public ReadOptions trim(boolean t) { this.trim = t; return this; }

    /** Lines to skip before the header (or before the data when there is no header). */
    public ReadOptions skipLines(int n) {
        if (n < 0) {
            throw new dev.probity.core.InputException("the lines to skip ({{skip-lines}}) cannot be negative, got " + n);
        }
        this.skipLines = n;
        return this;
    }

    /** Read only these columns (by final name); {@code null} reads all. */
    public ReadOptions columns(Set<String> names) { this.columns = names == null ? null : new LinkedHashSet<>(names); return this; }

    /** Force a column's type instead of inferring it; a value that does not fit is an error naming its line. */
    public ReadOptions type(String column, ColumnType type) { this.types.put(column, type); return this; }

    public ReadOptions types(Map<String, ColumnType> t) { this.types = new LinkedHashMap<>(t); return this; }

    /** Parser threads; 0 means all available processors. */
    public ReadOptions threads(int n) { this.threads = n; return this; }

    /** Receives warnings (renamed duplicate headers, skipped blank lines, ...). */
    public ReadOptions warnings(Consumer<String> w) { this.warnings = w == null ? x -> { } : w; return this; }

    /** Receives progress of long reads. */
    public ReadOptions progress(Progress p) { this.progress = p == null ? Progress.NONE : p; return this; }

    public Format format() { return format; }
    public char quote() { return quote; }
    public boolean header() { return header; }
    public List<String> columnNames() { return columnNames; }
    public Charset encoding() { return encoding; }
    public Set<String> naValues() { return naValues; }
    public boolean trim() { return trim; }
    public int skipLines() { return skipLines; }
    public Set<String> columns() { return columns; }
    public Map<String, ColumnType> types() { return types; }
    public Consumer<String> warnings() { return warnings; }
    public Progress progress() { return progress; }

    /** The delimiter to use for a format: the configured one, else tab for TSV and comma otherwise. */
    public char delimiterFor(Format f) {
        if (delimiter != 0) {
            return delimiter;
        }
        return f == Format.TSV ? '\t' : ',';
    }

    public int threadCount() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Receives progress of a long read, in bytes. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }
}
