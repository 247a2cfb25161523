package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a data file as a sequence of chunks, each a {@link Frame} of whole records, so that a caller who folds each
 * chunk into statistics (an audit's {@code AuditPart}, say) holds one chunk at a time whatever the file's size: memory
 * is bounded by the chunk, not the file, and files over 2 GB need no other engine.
 *
 * <p>The chunks hold exactly the rows, values and types that {@link DataReader#read} gives for the whole file, in file
 * order, with the file's own line numbers in every message. Column types are inferred from the start of the file as the
 * whole-file reader infers them; when a later chunk holds a value its column's type cannot (a fraction in a column of
 * integers), the type widens as it would have for the whole file and the stream starts again from the first record with
 * the wider types — the sink is told to forget what it has ({@link Sink#restart}). Dictionary codes are per chunk:
 * merge chunks by value.
 *
 * <p>CSV and TSV (gzip-compressed or not) are read in chunks of about {@code chunkBytes}; so is text in any encoding
 * that writes line feeds, delimiters and quotes as single ASCII bytes (UTF-8, the ISO-8859 and Windows code pages, ...),
 * which is decoded piece by piece; so are JSON lines, cut at line feeds, and Parquet, in chunks of rows from DuckDB's
 * streamed result when probity-sql is on the class path. UTF-16 and UTF-32 text is read whole and handed over as one
 * chunk ({@link Summary#streamed()} says which).
 */
public final class ChunkedReader {
    /** The default chunk: 4 MiB of text, from tens of thousands of rows of a wide table to 700,000 of a narrow one. */
    public static final int DEFAULT_CHUNK_BYTES = 4 << 20;

    private ChunkedReader() {
    }

    /** Receives the chunks of a stream in file order. */
    public interface Sink {
        /** One chunk of whole records, in file order. */
        void accept(Frame chunk);

        /**
         * Forget every chunk accepted so far: a later chunk widened a column's type, and the stream starts again from
         * the first record with the wider types.
         */
        void restart();

        /**
         * Whether the sink keeps a chunk, or any of its columns' arrays, after {@link #accept} returns. A sink that folds
         * each chunk into statistics and lets it go says no: the reader then writes the next chunk into the same arrays
         * when they fit, so that reading allocates nothing per chunk.
         */
        default boolean keepsChunks() {
            return true;
        }
    }

    /**
     * How a stream went.
     *
     * @param rows      data rows handed over
     * @param chunks    chunks handed over in the final pass
     * @param restarts  passes started again because a column's type widened
     * @param streamed  whether the file was read in chunks (false: read whole and handed over as one chunk)
     */
    public record Summary(long rows, int chunks, int restarts, boolean streamed) {
    }

    /**
     * Reads {@code path} in chunks of about {@code chunkBytes} (a record longer than that makes its chunk longer), with
     * {@code options} as {@link DataReader#read} applies them; warnings (blank lines skipped, a stray quote) are given
     * once for the whole file, as the whole-file reader gives them.
     *
     * @throws InputException for what the whole-file reader refuses, naming the file's line
     */
    public static Summary read(Path path, ReadOptions options, int chunkBytes, Sink sink) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk of " + chunkBytes + " bytes");
        }
        Format format = options.format() != null ? options.format() : Format.fromFileName(path);
        DataReader.checkReadable(path);
        if (format == Format.CSV || format == Format.TSV) {
            byte[] head = head(path);
            if (TextEncoding.cutAtLineFeeds(head, options.encoding())) {
                return csv(path, options, format, chunkBytes, sink);
            }
        }
        if (format == Format.JSONL) {
            byte[] head = head(path);
            if (TextEncoding.cutAtLineFeeds(head, options.encoding())) {
                return jsonLines(path, options, chunkBytes, sink);
            }
        }
        if (format == Format.PARQUET) {
            for (PathReader r : java.util.ServiceLoader.load(PathReader.class, ChunkedReader.class.getClassLoader())) {
                if (r.reads(format)) {
                    long[] counts = new long[2];
                    boolean streamed = r.stream(path, options, chunkBytes, f -> {
                        counts[0] += f.rowCount();
                        counts[1]++;
                        sink.accept(f);
                    });
                    return new Summary(counts[0], (int) counts[1], 0, streamed);
                }
            }
        }
        Frame whole = DataReader.read(path, options);
        sink.accept(whole);
        return new Summary(whole.rowCount(), 1, 0, false);
    }

    private static Summary csv(Path path, ReadOptions options, Format format, int chunkBytes, Sink sink) {
        ColumnType[] types = null;
        int restarts = 0;
        while (true) {
            Pass pass = new Pass(path, options, format, chunkBytes, sink, types, restarts == 0);
            pass.run();
            if (pass.widened == null) {
                return new Summary(pass.rows, pass.chunks, restarts, true);
            }
            types = pass.widened;
            restarts++;
            sink.restart();
        }
    }

    /**
     * JSON lines in chunks cut at line feeds (a JSON line holds none). A key's type is that of all its values in the
     * file; a chunk that shows a new key, or a value its key's type cannot hold, starts the stream again with the types
     * known so far, so every chunk has the file's columns and types.
     */
    private static Summary jsonLines(Path path, ReadOptions options, int chunkBytes, Sink sink) {
        String source = path.getFileName().toString();
        java.util.LinkedHashMap<String, ColumnType> known = new java.util.LinkedHashMap<>();
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        int restarts = 0;
        ReadOptions quiet = options.copy().progress(ReadOptions.Progress.NONE);
        long fileSize = size(path);
        pass:
        while (true) {
            long rows = 0;
            int chunks = 0;
            Counting counted = new Counting();
            try (InputStream raw = open(path, counted); InputStream in = utf8(raw, source, restarts == 0 ? options : quiet.copy().warnings(w -> { }))) {
                byte[] buf = new byte[chunkBytes];
                int len = 0;
                long line = 1;
                while (true) {
                    int n = in.readNBytes(buf, len, buf.length - len);
                    len += n;
                    boolean eof = len < buf.length;
                    int cut = len;
                    if (!eof) {
                        cut = 0;
                        for (int i = len - 1; i >= 0; i--) {
                            if (buf[i] == '\n') {
                                cut = i + 1;
                                break;
                            }
                        }
                        if (cut == 0) {
                            if (buf.length > Integer.MAX_VALUE / 2 - 16) {
                                throw new InputException(source + ": a line longer than 1 GB");
                            }
                            buf = Arrays.copyOf(buf, buf.length * 2);
                            continue;
                        }
                    }
                    byte[] piece = Arrays.copyOf(buf, cut);
                    if (line > Integer.MAX_VALUE) {
                        throw new InputException(source + " has more than 2³¹ lines; the reader numbers lines in 31 bits");
                    }
                    JsonLinesReader.Chunk c = JsonLinesReader.parseChunk(source, piece, quiet, (int) line);
                    boolean changed = false;
                    for (java.util.Map.Entry<String, ColumnType> e : c.observed().entrySet()) {
                        keys.add(e.getKey());
                        if (!wanted(options, e.getKey())) {
                            continue;
                        }
                        if (!known.containsKey(e.getKey())) {
                            known.put(e.getKey(), e.getValue());
                            changed = true;
                        } else {
                            ColumnType j = JsonLinesReader.join(known.get(e.getKey()), e.getValue());
                            if (j != known.get(e.getKey())) {
                                known.put(e.getKey(), j);
                                changed = true;
                            }
                        }
                    }
                    if (changed && chunks > 0) {
                        restarts++;
                        sink.restart();
                        continue pass;
                    }
                    if (c.rows > 0 || (eof && chunks == 0)) {
                        sink.accept(c.build(new java.util.ArrayList<>(known.keySet()), known, options));
                        rows += c.rows;
                        chunks++;
                    }
                    line += CsvReader.newlines(piece, 0, piece.length);
                    options.progress().update(Math.min(counted.count, fileSize), fileSize);
                    if (eof) {
                        break;
                    }
                    System.arraycopy(buf, cut, buf, 0, len - cut);
                    len -= cut;
                }
            } catch (java.util.zip.ZipException e) {
                throw new InputException(path + ": not a valid gzip file (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
            }
            if (rows == 0) {
                throw new InputException(source + " is empty; expected one JSON object per line");
            }
            if (options.columns() != null) {
                for (String want : options.columns()) {
                    if (known.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(want))) {
                        throw new InputException("no column '" + want + "' in " + source + "; columns are: "
                                + String.join(", ", keys));
                    }
                }
            }
            return new Summary(rows, chunks, restarts, true);
        }
    }

    private static boolean wanted(ReadOptions options, String key) {
        return options.columns() == null || options.columns().stream().anyMatch(w -> w.equalsIgnoreCase(key));
    }

    /** The file's text as UTF-8: as it is, or decoded piece by piece from another encoding. */
    private static InputStream utf8(InputStream raw, String source, ReadOptions options) throws IOException {
        byte[] head = raw.readNBytes(4);
        InputStream all = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), raw);
        Charset cs = TextEncoding.effective(head, options.encoding());
        return TextEncoding.needsTranscoding(cs) ? new Transcoding(all, source, options, cs) : all;
    }

    /** One pass over the file, from the header to the end or to a chunk that widened a type. */
    private static final class Pass {
        final Path path;
        final String source;
        final ReadOptions options;
        final ReadOptions chunkOptions;
        final Format format;
        final Sink sink;
        final long fileSize;
        ColumnType[] types;
        ColumnType[] widened;
        long rows;
        int chunks;
        long blankLines;
        int trailingBlankLines;
        int strayQuoteLine;
        byte[] buf;
        int len;
        boolean eof;
        private final ReadOptions firstChunkOptions;

        Pass(Path path, ReadOptions options, Format format, int chunkBytes, Sink sink, ColumnType[] types, boolean firstPass) {
            this.path = path;
            this.source = path.getFileName().toString();
            this.options = options;
            this.format = format;
            this.sink = sink;
            this.types = types;
            this.buf = new byte[chunkBytes];
            this.fileSize = size(path);
            // each chunk parses with the caller's settings, without its progress (the file's is reported here) and
            // without the warnings a whole file gives once (collected here and given at the end)
            // (the header's warnings, a renamed column say, are given by the first pass only)
            this.chunkOptions = options.copy().progress(ReadOptions.Progress.NONE);
            if (!firstPass) {
                chunkOptions.warnings(w -> { });
            }
            // The first chunk is parsed by one thread fewer than the rest. While it is parsed the JIT compiles the
            // parser, and the parser runs slowly until it has; a core left to the compiler brings the compiled code
            // sooner. The 10M-row audit on 2 cores: 582 ms against 625 ms (medians of 15, interleaved). The rows
            // are the same whatever the number of threads.
            int threads = chunkOptions.threadCount();
            this.firstChunkOptions = threads > 1 ? chunkOptions.copy().threads(threads - 1) : chunkOptions;
        }

        void run() {
            Counting bytesRead = new Counting();
            try (InputStream raw = open(path, bytesRead); InputStream in = utf8(raw, source, chunkOptions)) {
                fill(in);
                while (!eof && !CsvReader.hasNewlines(buf, len, options.skipLines() + 2)) {
                    grow();
                    fill(in);
                }
                // the header reads to the end of the array it is given: the buffer itself when full (it only reads it;
                // a copy cost 4 MiB of fresh memory), else a copy of what was read
                CsvReader.Header h = CsvReader.header(source, len == buf.length ? buf : Arrays.copyOf(buf, len), len, chunkOptions, format);
                int start = h.pos();
                long line = h.line();
                boolean exact = false;
                int[] feeds = new int[1];
                // Every chunk after the first is cut after a fixed number of line feeds, 15/16 of those the first held
                // (lines vary in length: the slack lets the buffer hold them), so that the chunks of a file of one record
                // per line have the same number of rows and a sink that keeps no chunk gets the next one in the same
                // arrays.
                int feedsPerChunk = 0;
                Object[] reuse = null;
                while (true) {
                    boolean counted = !eof && !exact;
                    int cut = eof ? len : exact ? lastRecordEndExact(buf, start, len, h.delim(), h.quote(), options.trim())
                            : lastRecordEndByParity(buf, start, len, h.quote(), feeds, feedsPerChunk);
                    if (cut > start || (eof && chunks == 0)) {
                        CsvReader.ChunkReport report = new CsvReader.ChunkReport();
                        report.reuse = reuse;
                        if (line > Integer.MAX_VALUE) {
                            throw new InputException(source + " has more than 2³¹ lines; the reader numbers lines in 31 bits");
                        }
                        Frame f;
                        try {
                            f = CsvReader.parseChunk(source, buf, start, cut, (int) line, h, chunks == 0 ? firstChunkOptions : chunkOptions,
                                    types, report);
                        } catch (InputException e) {
                            // a stray quote may have misled quote parity into cutting inside a quoted field
                            if (!exact && !eof && lastRecordEndExact(buf, start, len, h.delim(), h.quote(), options.trim()) != cut) {
                                exact = true;
                                continue;
                            }
                            throw e;
                        }
                        if (report.strayQuoteLine > 0 && !exact && !eof) {
                            // a quote inside an unquoted field: quote parity may have cut inside a record; cut again exactly
                            exact = true;
                            continue;
                        }
                        if (types != null && !Arrays.equals(types, report.types)) {
                            widened = report.types;
                            return;
                        }
                        types = report.types;
                        blankLines += report.blankLines;
                        trailingBlankLines = f.rowCount() == 0 && eof ? report.blankLines : report.trailingBlankLines;
                        if (strayQuoteLine == 0) {
                            strayQuoteLine = report.strayQuoteLine;
                        }
                        rows += f.rowCount();
                        chunks++;
                        if (chunks == 1 && counted) {
                            feedsPerChunk = feeds[0] - feeds[0] / 16;
                        }
                        sink.accept(f);
                        reuse = sink.keepsChunks() ? null : report.storage;
                        line += counted ? feeds[0] : CsvReader.newlines(buf, start, cut);
                        options.progress().update(Math.min(bytesRead.count, fileSize), fileSize);
                    } else if (start == 0 && !eof) {
                        // one record longer than the buffer
                        grow();
                    }
                    if (eof) {
                        break;
                    }
                    System.arraycopy(buf, cut, buf, 0, len - cut);
                    len -= cut;
                    start = 0;
                    fill(in);
                }
            } catch (NoSuchFileException e) {
                throw new InputException("file not found: " + path, e);
            } catch (AccessDeniedException e) {
                throw new InputException("cannot read " + path + ": permission denied", e);
            } catch (java.util.zip.ZipException e) {
                throw new InputException(path + ": not a valid gzip file (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
            }
            if (strayQuoteLine > 0) {
                options.warnings().accept(source + " line " + strayQuoteLine + ": a quote character inside an "
                        + "unquoted field was read as a literal character");
            }
            long inner = blankLines - trailingBlankLines;
            if (inner > 0) {
                options.warnings().accept(source + ": skipped " + inner + " blank line" + (inner == 1 ? "" : "s"));
            }
        }

        private void fill(InputStream in) throws IOException {
            // in reads of at most 1 MiB, as FileBytes does and for its reason: the first 4 MiB read took 20 ms here, against
            // 6.5 ms in 1 MiB reads
            while (len < buf.length) {
                int n = in.read(buf, len, Math.min(FileBytes.PIECE, buf.length - len));
                if (n < 0) {
                    eof = true;
                    return;
                }
                len += n;
            }
            eof = false;
        }

        private void grow() {
            if (buf.length > Integer.MAX_VALUE / 2 - 16) {
                throw new InputException(source + ": a record longer than 1 GB; is the quote character right ({{quote}})?");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
            eof = false;
        }
    }

    /**
     * The end of the last whole record in {@code d[from, to)}, {@code from} being a record's start, by the parity of
     * the quotes before each line feed (a line feed after an even number of quotes ends a record); {@code from} when no
     * record ends there. With {@code maxFeeds} > 0 it ends instead at the first record end after at least that many line
     * feeds, when there is one. {@code lines[0]} receives the line feeds before the end.
     */
    static int lastRecordEndByParity(byte[] d, int from, int to, byte quote, int[] lines, int maxFeeds) {
        return ByteScan.recordEnd(d, from, to, quote, lines, maxFeeds <= 0 ? Integer.MAX_VALUE : maxFeeds);
    }

    /**
     * The end of the last whole record in {@code d[from, to)}, following the parser's rules exactly (a quote opens a
     * quoted field only at a field's start, after spaces when trimming); slower than {@link #lastRecordEndByParity},
     * and right where a quote stands inside an unquoted field.
     */
    static int lastRecordEndExact(byte[] d, int from, int to, byte delim, byte quote, boolean trim) {
        int pos = from;
        int last = from;
        while (pos < to) {
            boolean fieldStart = true;
            while (true) {
                if (fieldStart && trim) {
                    while (pos < to && (d[pos] == ' ' || d[pos] == '\t')) {
                        pos++;
                    }
                }
                if (pos >= to) {
                    return last;
                }
                if (fieldStart && d[pos] == quote) {
                    pos++;
                    while (true) {
                        if (pos >= to) {
                            return last;
                        }
                        if (d[pos] == quote) {
                            if (pos + 1 >= to) {
                                return last;
                            }
                            if (d[pos + 1] == quote) {
                                pos += 2;
                                continue;
                            }
                            pos++;
                            break;
                        }
                        pos++;
                    }
                    fieldStart = false;
                    continue;
                }
                byte b = d[pos];
                if (b == '\n') {
                    pos++;
                    last = pos;
                    break;
                }
                pos++;
                fieldStart = b == delim;
            }
        }
        return last;
    }

    private static byte[] head(Path path) {
        try (InputStream in = open(path, new Counting())) {
            return in.readNBytes(4096);
        } catch (java.util.zip.ZipException e) {
            throw new InputException(path + ": not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file's text, gunzipped when its name ends in .gz; {@code counted} counts the file's bytes read. */
    private static InputStream open(Path path, Counting counted) throws IOException {
        InputStream in = counted.wrap(Files.newInputStream(path));
        if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        }
        return in;
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Counts the bytes read from the file itself (compressed bytes, for gzip), for progress. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting() {
            super(null);
        }

        Counting wrap(InputStream file) {
            this.in = file;
            return this;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            int r = super.read(b, off, n);
            if (r > 0) {
                count += r;
            }
            return r;
        }
    }

    /** Text in another encoding, decoded into UTF-8 piece by piece, each piece cut at a line feed. */
    private static final class Transcoding extends InputStream {
        private final InputStream raw;
        private final String source;
        private final ReadOptions options;
        private final Charset cs;
        private byte[] pending = new byte[1 << 22];
        private int pendingLen;
        private boolean rawEnd;
        private boolean first = true;
        private long line = 1;
        private byte[] out = new byte[0];
        private int outPos;

        Transcoding(InputStream raw, String source, ReadOptions options, Charset cs) {
            this.raw = raw;
            this.source = source;
            this.options = options;
            this.cs = cs;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            while (outPos >= out.length) {
                if (!refill()) {
                    return -1;
                }
            }
            int k = Math.min(n, out.length - outPos);
            System.arraycopy(out, outPos, b, off, k);
            outPos += k;
            return k;
        }

        private boolean refill() throws IOException {
            while (true) {
                if (rawEnd && pendingLen == 0) {
                    return false;
                }
                if (!rawEnd) {
                    int r = raw.readNBytes(pending, pendingLen, pending.length - pendingLen);
                    pendingLen += r;
                    rawEnd = pendingLen < pending.length;
                }
                int cut = pendingLen;
                if (!rawEnd) {
                    cut = 0;
                    for (int i = pendingLen - 1; i >= 0; i--) {
                        if (pending[i] == '\n') {
                            cut = i + 1;
                            break;
                        }
                    }
                    if (cut == 0) {
                        pending = Arrays.copyOf(pending, pending.length * 2);
                        continue;
                    }
                }
                byte[] piece = Arrays.copyOf(pending, cut);
                out = first ? TextEncoding.toUtf8(source, piece, options.encoding(), options.warnings())
                        : TextEncoding.transcodePiece(source, piece, cs, line);
                first = false;
                outPos = 0;
                line += CsvReader.newlines(piece, 0, piece.length);
                System.arraycopy(pending, cut, pending, 0, pendingLen - cut);
                pendingLen -= cut;
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
