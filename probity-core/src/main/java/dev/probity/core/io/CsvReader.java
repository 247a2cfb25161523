package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads delimited text (CSV, TSV, any single-byte delimiter) into a {@link Frame}.
 *
 * <p>The parser works on the raw bytes and writes values straight into primitive arrays and byte-level
 * dictionaries, in parallel chunks. Chunks are cut at record boundaries found from the parity of the quote
 * characters before each cut, so quoted fields may hold delimiters and line breaks. A quote character inside
 * an unquoted field is kept literally; since such a stray quote makes the parity unreliable, a file that has
 * one is parsed again in a single pass. Column types are inferred from a sample and widened (long → double
 * → string) when a later value does not fit, by parsing again; the result never depends on the number of
 * threads.
 *
 * <p>Rules worth knowing: blank lines are skipped (as pandas does); the empty field, quoted or not, is
 * missing; numbers may have surrounding spaces; {@code true}/{@code false} in any case make a boolean
 * column; a header name that repeats is renamed as DuckDB renames it ({@code decile_score},
 * {@code decile_score_1}, …; names compare ignoring case) and an empty header name becomes
 * {@code columnNN}, each with a warning.
 */
public final class CsvReader {
    private static final int SAMPLE_BYTES = 1 << 18;
    /** Smallest chunk worth a thread; tests lower it to cut small files in many places. */
    static volatile int minChunkBytes = 1 << 18;

    private CsvReader() {
    }

    /** Reads UTF-8 (or {@link ReadOptions#encoding()}) bytes named {@code source} for messages. */
    public static Frame read(String source, byte[] bytes, ReadOptions options, Format format) {
        byte[] data = TextEncoding.toUtf8(source, bytes, options.encoding(), options.warnings());
        Header h = header(source, data, bytes.length, options, format);
        try {
            return parseBody(source, data, h.pos, data.length, h.line, h.names, h.fromHeader, h.delim, h.quote, options, null, null);
        } catch (NotUtf8 e) {
            throw TextEncoding.notUtf8(source, data, h.pos, h.delim, h.quote, h.names);
        }
    }

    /**
     * What precedes the data: the column names, where the data start ({@code pos}, on line {@code line}), whether the
     * names came from a header line, and the delimiter and quote as bytes.
     */
    record Header(List<String> names, int pos, int line, boolean fromHeader, byte delim, byte quote) {
    }

    /**
     * Reads the header of UTF-8 {@code data} (the file's first bytes, {@code originalLength} of them before
     * transcoding): skipped lines, leading blank lines, the byte-order mark and the header line itself.
     */
    static Header header(String source, byte[] data, int originalLength, ReadOptions options, Format format) {
        char delimChar = options.delimiterFor(format == null ? Format.CSV : format);
        if (delimChar > 127 || options.quote() > 127) {
            throw new InputException("the delimiter and quote must be ASCII characters");
        }
        byte delim = (byte) delimChar;
        byte quote = (byte) options.quote();
        if (delim == quote) {
            throw new InputException("the delimiter and the quote character are the same (" + delimChar + ")");
        }
        int pos = 0;
        if (data.length >= 3 && (data[0] & 0xff) == 0xEF && (data[1] & 0xff) == 0xBB && (data[2] & 0xff) == 0xBF) {
            pos = 3;
        }
        int line = 1;
        for (int k = 0; k < options.skipLines() && pos < data.length; k++) {
            while (pos < data.length && data[pos] != '\n') {
                pos++;
            }
            if (pos < data.length) {
                pos++;
            }
            line++;
        }
        // Leading blank lines are not a header.
        while (pos < data.length && (data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < data.length && data[pos + 1] == '\n'))) {
            pos += data[pos] == '\n' ? 1 : 2;
            line++;
        }
        if (pos >= data.length) {
            if (options.skipLines() > 0 && line - 1 > 0) {
                throw new InputException(source + " has " + countLines(data) + " lines; skipping " + options.skipLines()
                        + " ({{skip-lines}}) leaves no header and no data");
            }
            throw new InputException(source + " is empty" + (originalLength > 0 ? " (it holds only blank lines)" : "")
                    + "; expected a header line and data rows");
        }
        List<String> fields = new ArrayList<>();
        int[] cursor = {pos, line};
        tokenize(source, data, cursor, delim, quote, options.trim(), fields);
        if (fields.stream().anyMatch(f -> f.indexOf('\uFFFD') >= 0) && TextEncoding.firstInvalidUtf8(data, pos, cursor[0]) >= 0) {
            throw TextEncoding.notUtf8(source, data, 0, delim, quote, null);
        }
        List<String> names;
        boolean fromHeader = options.header();
        if (options.header()) {
            pos = cursor[0];
            line = cursor[1];
            names = options.columnNames() != null ? checkNames(source, options.columnNames(), fields.size())
                    : fields;
        } else {
            names = options.columnNames() != null ? checkNames(source, options.columnNames(), fields.size())
                    : defaultNames(fields.size());
        }
        names = dedupe(names, options.warnings(), source);
        return new Header(names, pos, line, fromHeader, delim, quote);
    }

    /**
     * What parsing one chunk of a stream found, instead of the warnings {@link #read} gives for a whole file: the
     * types the chunk's columns ended with (widened where a value did not fit the starting types), its blank lines and
     * the first stray quote's line (0: none).
     */
    static final class ChunkReport {
        ColumnType[] types;
        /**
         * Column arrays the chunk may write into instead of allocating (one per output column, null: allocate), when
         * the caller no longer needs the previous chunk's; an array is used only when its type and length are exactly
         * those the chunk needs, and {@link #storage} receives the arrays the chunk's columns hold.
         */
        Object[] reuse;
        Object[] storage;
        int blankLines;
        int trailingBlankLines;
        int strayQuoteLine;
    }

    /**
     * Parses {@code data[from, to)}, whole records only, that begin on line {@code firstLine} of the file, with the header's
     * names, as one chunk of a stream: the columns start from {@code startTypes} (null: inferred from the chunk, as
     * {@link #read} infers them) and widen where a value does not fit; what the whole-file reader would warn of goes
     * into {@code report}.
     */
    static Frame parseChunk(String source, byte[] data, int from, int to, int firstLine, Header h, ReadOptions options,
                            ColumnType[] startTypes, ChunkReport report) {
        try {
            return parseBody(source, data, from, to, firstLine, h.names, h.fromHeader, h.delim, h.quote, options, startTypes, report);
        } catch (NotUtf8 e) {
            throw TextEncoding.notUtf8(source, data, from, from, to, h.delim, h.quote, h.names, firstLine);
        }
    }

    private static List<String> checkNames(String source, List<String> given, int fieldCount) {
        if (given.size() != fieldCount) {
            throw new InputException(source + ": " + given.size() + " column names were given but the first line has "
                    + fieldCount + " fields");
        }
        return given;
    }

    private static List<String> defaultNames(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(columnName(i, n));
        }
        return out;
    }

    /** DuckDB's name for an unnamed column: {@code column} and the 0-based index, zero-padded. */
    static String columnName(int index, int count) {
        int width = Integer.toString(Math.max(count - 1, 0)).length();
        return "column" + String.format(Locale.ROOT, "%0" + width + "d", index);
    }

    /** Renames empty and repeated names the way DuckDB's read_csv does, warning about each. */
    static List<String> dedupe(List<String> names, java.util.function.Consumer<String> warnings, String source) {
        List<String> out = new ArrayList<>(names.size());
        Set<String> used = new HashSet<>();
        Map<String, Integer> counters = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isEmpty()) {
                name = columnName(i, names.size());
                warnings.accept(source + ": column " + (i + 1) + " has no name in the header; it is called '" + name + "'");
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (used.contains(key)) {
                int k = counters.getOrDefault(key, 1);
                String candidate;
                do {
                    candidate = name + "_" + k;
                    k++;
                } while (used.contains(candidate.toLowerCase(Locale.ROOT)));
                counters.put(key, k);
                warnings.accept(source + ": the header repeats the name '" + name + "' (column " + (i + 1)
                        + "); that column is called '" + candidate + "'");
                name = candidate;
            }
            used.add(name.toLowerCase(Locale.ROOT));
            out.add(name);
        }
        return out;
    }

    private static long countLines(byte[] d) {
        long n = 0;
        for (byte b : d) {
            if (b == '\n') {
                n++;
            }
        }
        return d.length > 0 && d[d.length - 1] != '\n' ? n + 1 : n;
    }

    /** Splits one record into text fields (for the header); advances {@code cursor = {pos, line}}. */
    private static void tokenize(String source, byte[] d, int[] cursor, byte delim, byte quote, boolean trim,
                                 List<String> out) {
        int pos = cursor[0];
        int line = cursor[1];
        int len = d.length;
        java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
        while (true) {
            field.reset();
            if (trim) {
                while (pos < len && (d[pos] == ' ' || d[pos] == '\t')) {
                    pos++;
                }
            }
            boolean quoted = pos < len && d[pos] == quote;
            if (quoted) {
                int startLine = line;
                pos++;
                while (true) {
                    if (pos >= len) {
                        throw new InputException(source + " line " + startLine
                                + ": a quoted header field starts here and never ends",
                                new InputException.Location(source, startLine, 0, null, null));
                    }
                    if (d[pos] == quote) {
                        if (pos + 1 < len && d[pos + 1] == quote) {
                            field.write(quote);
                            pos += 2;
                            continue;
                        }
                        pos++;
                        break;
                    }
                    if (d[pos] == '\n') {
                        line++;
                    }
                    field.write(d[pos++]);
                }
                if (trim) {
                    while (pos < len && (d[pos] == ' ' || d[pos] == '\t')) {
                        pos++;
                    }
                }
            } else {
                while (pos < len && d[pos] != delim && d[pos] != '\n') {
                    field.write(d[pos++]);
                }
            }
            String value = field.toString(StandardCharsets.UTF_8);
            if (!quoted) {
                if (value.endsWith("\r") && (pos >= len || d[pos] == '\n')) {
                    value = value.substring(0, value.length() - 1);
                }
                if (trim) {
                    value = value.strip();
                }
            }
            out.add(value);
            if (pos < len && d[pos] == delim) {
                pos++;
                continue;
            }
            if (pos < len && d[pos] == '\r') {
                pos++;
            }
            if (pos < len && d[pos] == '\n') {
                pos++;
                line++;
            } else if (pos < len) {
                throw new InputException(source + " line " + line + ": unexpected " + CsvChunk.describe(d[pos])
                        + " after the closing quote of a header field",
                        new InputException.Location(source, line, 0, null, null));
            }
            break;
        }
        cursor[0] = pos;
        cursor[1] = line;
    }

    /** The start of the first record in {@code d[from, end)}, given whether {@code from} lies inside quotes; {@code end} if none. */
    private static int nextRecordStart(byte[] d, int from, int end, boolean inQuote, byte quote, int[] linesSeen) {
        int lines = 0;
        for (int p = from; p < end; p++) {
            byte b = d[p];
            if (b == quote) {
                inQuote = !inQuote;
            } else if (b == '\n') {
                lines++;
                if (!inQuote) {
                    linesSeen[0] = lines;
                    return p + 1;
                }
            }
        }
        linesSeen[0] = lines;
        return end;
    }

    private static Frame parseBody(String source, byte[] data, int dataStart, int dataEnd, int dataLine, List<String> names,
                                   boolean fromHeader, byte delim, byte quote, ReadOptions options, ColumnType[] startTypes,
                                   ChunkReport report) {
        int nFields = names.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < nFields; i++) {
            index.put(names.get(i), i);
        }
        List<Integer> kept = new ArrayList<>();
        if (options.columns() == null) {
            for (int i = 0; i < nFields; i++) {
                kept.add(i);
            }
        } else {
            for (String want : options.columns()) {
                Integer i = index.get(want);
                if (i == null) {
                    for (Map.Entry<String, Integer> e : index.entrySet()) {
                        if (e.getKey().equalsIgnoreCase(want)) {
                            i = e.getValue();
                        }
                    }
                }
                if (i == null) {
                    throw new InputException("no column '" + want + "' in " + source + "; columns are: "
                            + String.join(", ", names) + (options.skipLines() > 0 ? " (the header was read from line "
                            + (dataLine - 1) + ", after skipping " + options.skipLines() + " lines, {{skip-lines}})" : ""));
                }
                if (!kept.contains(i)) {
                    kept.add(i);
                }
            }
            kept.sort(null);
        }
        int[] target = new int[nFields];
        Arrays.fill(target, -1);
        String[] outNames = new String[kept.size()];
        boolean[] forced = new boolean[kept.size()];
        ColumnType[] types = new ColumnType[kept.size()];
        Map<String, ColumnType> overrides = new HashMap<>();
        options.types().forEach((k, v) -> overrides.put(k.toLowerCase(Locale.ROOT), v));
        Set<String> usedOverrides = new HashSet<>();
        for (int s = 0; s < kept.size(); s++) {
            int f = kept.get(s);
            target[f] = s;
            outNames[s] = names.get(f);
            ColumnType t = overrides.get(outNames[s].toLowerCase(Locale.ROOT));
            if (t != null) {
                forced[s] = true;
                types[s] = t;
                usedOverrides.add(outNames[s].toLowerCase(Locale.ROOT));
            }
        }
        for (String k : options.types().keySet()) {
            if (!usedOverrides.contains(k.toLowerCase(Locale.ROOT)) && !index.containsKey(k)) {
                boolean known = names.stream().anyMatch(n -> n.equalsIgnoreCase(k));
                if (!known) {
                    throw new InputException("a type was given for column '" + k + "', which " + source
                            + " does not have; columns are: " + String.join(", ", names));
                }
            }
        }

        if (startTypes != null) {
            for (int s = 0; s < types.length; s++) {
                if (types[s] == null) {
                    types[s] = startTypes[s];
                }
            }
        } else {
            inferFromSample(source, data, dataStart, dataEnd, dataLine, delim, quote, options, nFields, fromHeader, target, outNames, types);
        }
        CsvLayout layout = new CsvLayout(source, delim, quote, options.trim(), nFields, fromHeader, target,
                outNames, types, forced, options.naValues());

        int threads = options.threadCount();
        long bodyBytes = dataEnd - dataStart;
        int nChunks = (int) Math.max(1, Math.min((long) threads * 4, bodyBytes / minChunkBytes));
        if (threads == 1) {
            nChunks = 1;
        }
        ChunkPlan plan = plan(data, dataStart, dataEnd, dataLine, nChunks, quote, threads);
        boolean sequential = plan.starts.length == 2;
        while (true) {
            final CsvLayout current = layout;
            final ChunkPlan p = plan;
            int k = p.starts.length - 1;
            CsvChunk[] chunks = new CsvChunk[k];
            int[] base = new int[k + 1];
            for (int i = 0; i < k; i++) {
                long next = (long) base[i] + p.maxRows(i, data, dataEnd);
                if (next > Integer.MAX_VALUE - 16) {
                    throw new InputException(source + " has more than 2³¹ rows; audit it with the SQL engine (set {{engine}} to duckdb)");
                }
                base[i + 1] = (int) next;
            }
            Object[] storage = new Object[layout.types.length];
            for (int s = 0; s < storage.length; s++) {
                Object old = report != null && report.reuse != null && s < report.reuse.length ? report.reuse[s] : null;
                storage[s] = CsvColumnSink.fits(old, layout.types[s], base[k]) ? old : CsvColumnSink.storage(layout.types[s], base[k]);
            }
            long[] done = new long[1];
            long total = dataEnd - dataStart;
            Parallel.forEach(k, threads, i -> {
                CsvChunk c = new CsvChunk(current, data, p.starts[i], p.starts[i + 1], dataEnd, p.lines[i], storage, base[i],
                        base[i + 1] - base[i]);
                c.parse();
                chunks[i] = c;
                synchronized (done) {
                    done[0] += p.starts[i + 1] - p.starts[i];
                    options.progress().update(done[0], total);
                }
            });
            if (!sequential && Arrays.stream(chunks).anyMatch(c -> c.strayQuote)) {
                plan = new ChunkPlan(new int[] {dataStart, dataEnd}, new int[] {dataLine}, plan.lineEnd);
                sequential = true;
                continue;
            }
            ColumnType[] widened = layout.types.clone();
            boolean conflict = false;
            for (CsvChunk c : chunks) {
                if (c.conflictSink >= 0) {
                    widened[c.conflictSink] = CsvLayout.join(widened[c.conflictSink], c.conflictType);
                    conflict = true;
                }
            }
            if (conflict) {
                layout = layout.withTypes(widened);
                continue;
            }
            for (CsvChunk c : chunks) {
                if (c.error != null) {
                    throw c.error;
                }
            }
            if (report != null) {
                report.types = layout.types.clone();
                for (CsvChunk c : chunks) {
                    report.blankLines += c.blankLines;
                    if (c.strayQuote && report.strayQuoteLine == 0) {
                        report.strayQuoteLine = c.strayQuoteLine;
                    }
                }
                report.trailingBlankLines = trailingBlankLines(data, dataStart, dataEnd);
                Frame f = merge(source, layout, chunks, storage, base, options);
                report.storage = storage;
                return f;
            }
            for (CsvChunk c : chunks) {
                if (c.strayQuote) {
                    options.warnings().accept(source + " line " + c.strayQuoteLine + ": a quote character inside an "
                            + "unquoted field was read as a literal character");
                    break;
                }
            }
            int inner = 0;
            for (CsvChunk c : chunks) {
                inner += c.blankLines;
            }
            inner -= trailingBlankLines(data, dataStart, dataEnd);
            if (inner > 0) {
                options.warnings().accept(source + ": skipped " + inner + " blank line" + (inner == 1 ? "" : "s"));
            }
            return merge(source, layout, chunks, storage, base, options);
        }
    }

    /** Infers the types not forced from a sample of the data parsed as text (the first 256 KiB). */
    private static void inferFromSample(String source, byte[] data, int dataStart, int dataEnd, int dataLine, byte delim, byte quote,
                                        ReadOptions options, int nFields, boolean fromHeader, int[] target, String[] outNames,
                                        ColumnType[] types) {
        // Infer types from a sample parsed as text.
        ColumnType[] sampleTypes = new ColumnType[types.length];
        Arrays.fill(sampleTypes, ColumnType.STRING);
        CsvLayout textLayout = new CsvLayout(source, delim, quote, options.trim(), nFields, fromHeader, target,
                outNames, sampleTypes, new boolean[types.length], options.naValues());
        int[] seen = new int[1];
        int sampleEnd = dataStart + SAMPLE_BYTES >= dataEnd ? dataEnd
                : nextRecordStart(data, dataStart + SAMPLE_BYTES, dataEnd,
                        quoteParity(data, dataStart, dataStart + SAMPLE_BYTES, quote), quote, seen);
        int sampleRows = newlines(data, dataStart, sampleEnd) + 1;
        Object[] sampleStorage = new Object[types.length];
        for (int s = 0; s < types.length; s++) {
            sampleStorage[s] = CsvColumnSink.storage(ColumnType.STRING, sampleRows);
        }
        CsvChunk sample = new CsvChunk(textLayout, data, dataStart, sampleEnd, dataEnd, dataLine, sampleStorage, 0, sampleRows);
        sample.parse();
        for (int s = 0; s < types.length; s++) {
            if (types[s] == null) {
                CsvColumnSink.Strings col = (CsvColumnSink.Strings) sample.sinks[s];
                types[s] = CsvLayout.infer(Arrays.asList(col.dictionary.values()));
            }
        }
    }

    /** Line breaks in {@code d[from, to)}. */
    static int newlines(byte[] d, int from, int to) {
        return ByteScan.newlines(d, from, to);
    }

    /**
     * Whether {@code d[0, to)} holds at least {@code k} line feeds. It stops at the k-th: the buffer may hold megabytes,
     * and counting them all ran a scan of the whole first buffer, before any scanning loop is compiled, only to learn
     * that it holds a header and a record.
     */
    static boolean hasNewlines(byte[] d, int to, int k) {
        int found = 0;
        for (int i = 0; i < to && found < k; i++) {
            if (d[i] == '\n') {
                found++;
            }
        }
        return found >= k;
    }

    private static int trailingBlankLines(byte[] d, int from, int end) {
        int p = end;
        int count = 0;
        // The final line break ends the last record; further ones are blank lines.
        if (p > from && d[p - 1] == '\n') {
            p--;
            if (p > from && d[p - 1] == '\r') {
                p--;
            }
        }
        while (p > from && d[p - 1] == '\n') {
            count++;
            p--;
            if (p > from && d[p - 1] == '\r') {
                p--;
            }
        }
        return count;
    }

    private static boolean quoteParity(byte[] d, int from, int to, byte quote) {
        boolean odd = false;
        for (int p = from; p < to; p++) {
            if (d[p] == quote) {
                odd = !odd;
            }
        }
        return odd;
    }

    /**
     * Where chunks start, the line each starts on, and the line after the data's last line break. A chunk
     * holds at most as many records as line breaks (plus one unterminated last line).
     */
    private record ChunkPlan(int[] starts, int[] lines, int lineEnd) {
        int maxRows(int k, byte[] d, int end) {
            int next = k + 1 < lines.length ? lines[k + 1] : lineEnd;
            boolean last = k + 1 == lines.length;
            return next - lines[k] + (last && end > starts[0] && d[end - 1] != '\n' ? 1 : 0);
        }
    }

    private static ChunkPlan plan(byte[] data, int dataStart, int dataEnd, int dataLine, int nChunks, byte quote, int threads) {
        if (nChunks <= 1) {
            return new ChunkPlan(new int[] {dataStart, dataEnd}, new int[] {dataLine},
                    dataLine + newlines(data, dataStart, dataEnd));
        }
        long body = dataEnd - dataStart;
        int[] nominal = new int[nChunks + 1];
        for (int k = 0; k <= nChunks; k++) {
            nominal[k] = (int) (dataStart + body * k / nChunks);
        }
        int[] quotes = new int[nChunks];
        int[] newlines = new int[nChunks];
        Parallel.forEach(nChunks, threads, k -> {
            long counts = ByteScan.quotesAndFeeds(data, nominal[k], nominal[k + 1], quote);
            quotes[k] = (int) (counts >>> 32);
            newlines[k] = (int) counts;
        });
        int[] starts = new int[nChunks + 1];
        int[] lines = new int[nChunks];
        starts[0] = dataStart;
        lines[0] = dataLine;
        long quotesBefore = 0;
        long linesBefore = 0;
        int[] seen = new int[1];
        for (int k = 1; k < nChunks; k++) {
            quotesBefore += quotes[k - 1];
            linesBefore += newlines[k - 1];
            int s = nextRecordStart(data, nominal[k], dataEnd, (quotesBefore & 1) == 1, quote, seen);
            if (s < starts[k - 1]) {
                s = starts[k - 1];
            }
            starts[k] = s;
            lines[k] = (int) (dataLine + linesBefore + seen[0]);
        }
        starts[nChunks] = dataEnd;
        // Drop empty chunks (several cuts may find the same record start).
        int m = 0;
        int[] s2 = new int[nChunks + 1];
        int[] l2 = new int[nChunks];
        for (int k = 0; k < nChunks; k++) {
            if (starts[k + 1] > starts[k] || k == 0) {
                s2[m] = starts[k];
                l2[m] = lines[k];
                m++;
            }
        }
        s2[m] = dataEnd;
        long allLines = 0;
        for (int n : newlines) {
            allLines += n;
        }
        return new ChunkPlan(Arrays.copyOf(s2, m + 1), Arrays.copyOf(l2, m), (int) (dataLine + allLines));
    }

    /**
     * Turns the shared arrays into columns: closes the gaps between chunks that held fewer records than their
     * bound (blank lines, multi-line records), maps each chunk's text codes to the column's dictionary, and
     * marks missing values.
     */
    private static Frame merge(String source, CsvLayout layout, CsvChunk[] chunks, Object[] storage, int[] base,
                               ReadOptions options) {
        int total = 0;
        int[] offsets = new int[chunks.length];
        boolean gaps = false;
        for (int i = 0; i < chunks.length; i++) {
            offsets[i] = total;
            total += chunks[i].rows;
            gaps |= offsets[i] != base[i] || chunks[i].rows != base[i + 1] - base[i];
        }
        if (gaps) {
            for (int s = 0; s < storage.length; s++) {
                for (int i = 0; i < chunks.length; i++) {
                    if (offsets[i] != base[i]) {
                        System.arraycopy(storage[s], base[i], storage[s], offsets[i], chunks[i].rows);
                    }
                }
                storage[s] = trim(storage[s], total);
            }
        }
        int nCols = layout.types.length;
        Column[] columns = new Column[nCols];
        final int rows = total;
        Parallel.forEach(nCols, options.threadCount(),
                s -> columns[s] = mergeColumn(source, layout, chunks, offsets, storage[s], rows, s, options));
        int anchors = 0;
        for (CsvChunk c : chunks) {
            anchors += c.anchors;
        }
        int[] aRows = new int[anchors];
        int[] aLines = new int[anchors];
        int a = 0;
        for (int i = 0; i < chunks.length; i++) {
            for (int j = 0; j < chunks[i].anchors; j++) {
                aRows[a] = offsets[i] + chunks[i].anchorRows[j];
                aLines[a] = chunks[i].anchorLines[j];
                a++;
            }
        }
        return new Frame(source, Arrays.asList(columns), new LineOrigin(source, aRows, aLines));
    }

    private static Object trim(Object array, int n) {
        return switch (array) {
            case long[] v -> v.length == n ? v : Arrays.copyOf(v, n);
            case double[] v -> v.length == n ? v : Arrays.copyOf(v, n);
            case boolean[] v -> v.length == n ? v : Arrays.copyOf(v, n);
            case int[] v -> v.length == n ? v : Arrays.copyOf(v, n);
            default -> throw new IllegalStateException();
        };
    }

    private static Column mergeColumn(String source, CsvLayout layout, CsvChunk[] chunks, int[] offsets, Object values,
                                      int rows, int s, ReadOptions options) {
        String name = layout.names[s];
        BitSet missing = new BitSet(0);
        for (int i = 0; i < chunks.length; i++) {
            BitSet m = chunks[i].sinks[s].missing;
            if (m != null) {
                for (int b = m.nextSetBit(0); b >= 0; b = m.nextSetBit(b + 1)) {
                    missing.set(offsets[i] + b);
                }
            }
        }
        Missing mask = Missing.of(missing);
        switch (layout.types[s]) {
            case LONG -> {
                return new LongColumn(name, (long[]) values, mask);
            }
            case DOUBLE -> {
                return new DoubleColumn(name, (double[]) values, mask);
            }
            case BOOLEAN -> {
                return new BooleanColumn(name, (boolean[]) values, mask);
            }
            case STRING -> {
                int[] codes = (int[]) values;
                Map<String, Integer> global = new LinkedHashMap<>();
                for (int i = 0; i < chunks.length; i++) {
                    CsvColumnSink.Strings sink = (CsvColumnSink.Strings) chunks[i].sinks[s];
                    String[] local = decode(sink.dictionary);
                    if (local == null) {
                        throw new NotUtf8();
                    }
                    int[] remap = new int[local.length];
                    boolean identity = true;
                    for (int c = 0; c < local.length; c++) {
                        Integer g = global.get(local[c]);
                        if (g == null) {
                            g = global.size();
                            global.put(local[c], g);
                        }
                        remap[c] = g;
                        identity &= g == c;
                    }
                    if (!identity) {
                        remap(codes, offsets[i], offsets[i] + chunks[i].rows, remap);
                    }
                }
                return StringColumn.of(name, codes, global.keySet().toArray(new String[0]), mask);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Maps a slice's dictionary codes to the column's ({@code -1}, missing, stays). A method of its own: the JIT compiles
     * this loop in a fraction of the time it takes for all of {@link #mergeColumn}.
     */
    private static void remap(int[] codes, int from, int to, int[] remap) {
        for (int r = from; r < to; r++) {
            int c = codes[r];
            codes[r] = c < 0 ? -1 : remap[c];
        }
    }

    /** Text that is not valid UTF-8 was found; {@link #read} locates the first bad byte and says so. */
    private static final class NotUtf8 extends RuntimeException {
        NotUtf8() {
            super(null, null, false, false);
        }
    }

    /** The dictionary's values; null when some entry is not valid UTF-8. */
    private static String[] decode(ByteDictionary dict) {
        String[] out = dict.values();
        for (int c = 0; c < out.length; c++) {
            // Only a value that decoded to U+FFFD can hide bad bytes; check those strictly.
            if (out[c].indexOf('\uFFFD') >= 0 && !dict.isValidUtf8(c)) {
                return null;
            }
        }
        return out;
    }

    /** Maps rows to physical line numbers from anchors: row {@code r} is on line {@code line[a] + (r - row[a])}. */
    record LineOrigin(String source, int[] rows, int[] lines) implements dev.probity.core.frame.RowOrigin {
        @Override
        public String describe(int row) {
            int i = Arrays.binarySearch(rows, row);
            if (i < 0) {
                i = -i - 2;
            } else {
                while (i + 1 < rows.length && rows[i + 1] == row) {
                    i++;
                }
            }
            int line = i < 0 ? row + 2 : lines[i] + (row - rows[i]);
            return "line " + line + " of " + source;
        }
    }
}
