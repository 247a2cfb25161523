package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;

import java.util.Arrays;

/**
 * Parses the records of one byte range of a CSV file straight into primitive column storage. The range
 * starts at a record boundary; records never cross into the next chunk. A chunk does not throw: it records
 * the first input error, the first value that does not fit its column's inferred type (a "conflict"), and
 * whether it met a quote character inside an unquoted field (which makes the parallel split unreliable).
 * The reader decides what to do with each, in chunk order, so results never depend on thread timing.
 */
final class CsvChunk {
    /** Unwinds the field loop when a value does not fit; carries no stack trace. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static final Stop STOP = new Stop();

    private final CsvLayout layout;
    private final byte[] d;
    private final int start;
    private final int end;
    /** Where the data end: a value is never read past it (the buffer may hold more, the next chunk's first bytes). */
    private final int dataEnd;
    private final int firstLine;
    private final ByteNumbers num = new ByteNumbers();
    private byte[] scratch = new byte[256];

    static final int K_LONG = 0;
    static final int K_STRING = 3;

    final CsvColumnSink[] sinks;
    /** Per output column: K_LONG, K_STRING, or another small number for the general path. */
    private final int[] kinds;
    int rows;
    int blankLines;
    int[] anchorRows = new int[8];
    int[] anchorLines = new int[8];
    int anchors;

    boolean strayQuote;
    int strayQuoteLine;
    InputException error;
    int conflictSink = -1;
    ColumnType conflictType;
    int conflictLine;

    /**
     * @param storage one shared array per output column (see {@link CsvColumnSink#storage})
     * @param base this chunk's first row in those arrays
     * @param maxRows an upper bound on this chunk's records (its line breaks, plus one for an unterminated last line)
     * @param dataEnd the end of the data this chunk belongs to ({@code data.length} for a whole file)
     */
    CsvChunk(CsvLayout layout, byte[] data, int start, int end, int dataEnd, int firstLine, Object[] storage, int base,
             int maxRows) {
        this.layout = layout;
        this.d = data;
        this.start = start;
        this.end = end;
        this.dataEnd = dataEnd;
        this.firstLine = firstLine;
        this.sinks = new CsvColumnSink[layout.types.length];
        this.kinds = new int[layout.types.length];
        for (int s = 0; s < kinds.length; s++) {
            kinds[s] = switch (layout.types[s]) {
                case LONG -> K_LONG;
                case DOUBLE -> 1;
                case BOOLEAN -> 2;
                case STRING -> K_STRING;
            };
        }
        for (int s = 0; s < sinks.length; s++) {
            sinks[s] = CsvColumnSink.of(layout.types[s], storage[s], base, maxRows);
        }
    }

    private void anchor(int row, int line) {
        if (anchors == anchorRows.length) {
            anchorRows = Arrays.copyOf(anchorRows, anchors * 2);
            anchorLines = Arrays.copyOf(anchorLines, anchors * 2);
        }
        anchorRows[anchors] = row;
        anchorLines[anchors] = line;
        anchors++;
    }

    void parse() {
        try {
            run();
        } catch (Stop s) {
            // conflict recorded
        } catch (InputException e) {
            error = e;
        }
    }

    private void run() {
        final byte[] d = this.d;
        final int len = dataEnd;
        final byte delim = layout.delimiter;
        final byte quote = layout.quote;
        final boolean trim = layout.trim;
        final int nFields = layout.fieldCount;
        int pos = start;
        int line = firstLine;
        anchor(0, line);
        boolean needAnchor = false;
        while (pos < end) {
            byte c = d[pos];
            if (c == '\n' || (c == '\r' && pos + 1 < len && d[pos + 1] == '\n')) {
                pos += c == '\n' ? 1 : 2;
                line++;
                blankLines++;
                needAnchor = true;
                continue;
            }
            if (needAnchor) {
                anchor(rows, line);
                needAnchor = false;
            }
            final int recordLine = line;
            int field = 0;
            boolean endOfRecord = false;
            while (!endOfRecord) {
                if (trim) {
                    while (pos < len && (d[pos] == ' ' || d[pos] == '\t')) {
                        pos++;
                    }
                }
                if (pos < len && d[pos] == quote) {
                    pos = quotedField(pos, line, field, recordLine);
                    line = lineAfter;
                    endOfRecord = recordEnded;
                } else {
                    int fs = pos;
                    // The scan that finds the field's end also reads the value for the two common kinds:
                    // integers accumulate their digits, text its bytes packed into a long (enough for a value of up
                    // to 8 bytes, the common category). Anything unusual goes through store().
                    int sink = field < nFields ? layout.target[field] : -1;
                    int kind = sink < 0 ? -1 : kinds[sink];
                    long acc = 0;
                    boolean digits = true;
                    while (pos < len) {
                        byte b = d[pos];
                        if (b == delim || b == '\n') {
                            break;
                        }
                        if (kind == K_LONG) {
                            int dd = b - '0';
                            if (dd >= 0 && dd <= 9) {
                                acc = acc * 10 + dd;
                            } else {
                                digits = false;
                            }
                        } else if (kind == K_STRING) {
                            acc = acc << 8 | (b & 0xff);
                        }
                        if (b == quote && !strayQuote) {
                            strayQuote = true;
                            strayQuoteLine = line;
                        }
                        pos++;
                    }
                    int fe = pos;
                    boolean clean = true;
                    if (fe > fs && d[fe - 1] == '\r' && (pos >= len || d[pos] == '\n')) {
                        fe--;
                        clean = false;
                    }
                    if (trim) {
                        while (fe > fs && (d[fe - 1] == ' ' || d[fe - 1] == '\t')) {
                            fe--;
                            clean = false;
                        }
                    }
                    if (pos < len && d[pos] == delim) {
                        pos++;
                    } else {
                        if (pos < len) {
                            pos++;
                            line++;
                        }
                        endOfRecord = true;
                    }
                    int flen = fe - fs;
                    if (clean && kind == K_LONG && digits && flen > 0 && flen <= 18 && !layout.naTokenMayMatch(flen)) {
                        ((CsvColumnSink.Longs) sinks[sink]).add(acc);
                    } else if (clean && kind == K_STRING && flen > 0 && !layout.naTokenMayMatch(flen)) {
                        ((CsvColumnSink.Strings) sinks[sink]).add(d, fs, flen, acc);
                    } else {
                        store(field, d, fs, fe, recordLine);
                    }
                }
                field++;
            }
            if (field != nFields) {
                throw wrongFieldCount(recordLine, field);
            }
            rows++;
            if (line - recordLine != 1) {
                needAnchor = true; // the record spanned several lines: the next row needs its own anchor
            }
        }
    }

    private InputException wrongFieldCount(int recordLine, int field) {
        int nFields = layout.fieldCount;
        return new InputException(layout.source + " line " + recordLine + ": expected " + nFields
                + " fields" + (layout.fromHeader ? " (as in the header)" : "") + " but found " + field
                + (field > nFields ? "; an unquoted field may contain the delimiter "
                        + describe(layout.delimiter) : ""), where(recordLine, -1, null));
    }

    /** Set by {@link #quotedField}: the line after the field, and whether the field ended its record. */
    private int lineAfter;
    private boolean recordEnded;

    /**
     * Reads the quoted field at {@code pos} (its opening quote) and stores it; returns the position after it and its
     * delimiter or line break, with {@link #lineAfter} and {@link #recordEnded} set. Kept out of {@link #run}, whose
     * loop reads the common unquoted fields: a smaller loop compiles sooner and better.
     */
    private int quotedField(int pos, int line, int field, int recordLine) {
        final byte[] d = this.d;
        final int len = dataEnd;
        final byte delim = layout.delimiter;
        final byte quote = layout.quote;
        final boolean trim = layout.trim;
        boolean ended = false;
        int qLine = line;
        pos++;
        int fs = pos;
        boolean escaped = false;
        while (true) {
            if (pos >= len) {
                throw new InputException(layout.source + " line " + qLine + ", field " + (field + 1)
                        + ": a quoted field starts here and never ends (unbalanced "
                        + describe(quote) + ")", where(qLine, field, null));
            }
            byte b = d[pos];
            if (b == quote) {
                if (pos + 1 < len && d[pos + 1] == quote) {
                    escaped = true;
                    pos += 2;
                    continue;
                }
                break;
            }
            if (b == '\n') {
                line++;
            }
            pos++;
        }
        int fe = pos;
        pos++;
        if (trim) {
            while (pos < len && (d[pos] == ' ' || d[pos] == '\t')) {
                pos++;
            }
        }
        if (pos >= len) {
            ended = true;
        } else if (d[pos] == delim) {
            pos++;
        } else if (d[pos] == '\n') {
            pos++;
            line++;
            ended = true;
        } else if (d[pos] == '\r' && pos + 1 < len && d[pos + 1] == '\n') {
            pos += 2;
            line++;
            ended = true;
        } else {
            throw new InputException(layout.source + " line " + line + ", field " + (field + 1)
                    + ": unexpected " + describe(d[pos]) + " after the closing quote of a quoted field"
                    + " (a quote inside a quoted field must be doubled: \"\")", where(line, field, null));
        }
        if (escaped) {
            int n = unescape(fs, fe, quote);
            store(field, scratch, 0, n, recordLine);
        } else {
            store(field, d, fs, fe, recordLine);
        }
        lineAfter = line;
        recordEnded = ended;
        return pos;
    }

    static String describe(byte b) {
        return switch (b) {
            case ',' -> "comma";
            case '\t' -> "tab";
            case ';' -> "semicolon";
            case '"' -> "double quote";
            case '\'' -> "single quote";
            case '\r' -> "carriage return";
            case ' ' -> "space";
            default -> b >= 32 && b < 127 ? "character '" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
        };
    }

    private int unescape(int fs, int fe, byte quote) {
        if (scratch.length < fe - fs) {
            scratch = new byte[Math.max(fe - fs, scratch.length * 2)];
        }
        int n = 0;
        for (int i = fs; i < fe; i++) {
            byte b = d[i];
            scratch[n++] = b;
            if (b == quote) {
                i++; // skip the doubled quote
            }
        }
        return n;
    }

    private void store(int field, byte[] b, int off, int end, int line) {
        if (field >= layout.fieldCount) {
            return; // too many fields: reported once the record ends
        }
        int s = layout.target[field];
        if (s < 0) {
            return;
        }
        CsvColumnSink sink = sinks[s];
        if (layout.isMissing(b, off, end)) {
            sink.addMissing();
            return;
        }
        switch (layout.types[s]) {
            case LONG -> {
                if (num.parseLong(b, off, end)) {
                    ((CsvColumnSink.Longs) sink).add(num.longValue);
                } else {
                    conflict(s, b, off, end, line);
                }
            }
            case DOUBLE -> {
                if (num.parseDouble(b, off, end)) {
                    ((CsvColumnSink.Doubles) sink).add(num.doubleValue);
                } else {
                    conflict(s, b, off, end, line);
                }
            }
            case BOOLEAN -> {
                int v = ByteNumbers.parseBoolean(b, off, end);
                if (v >= 0) {
                    ((CsvColumnSink.Booleans) sink).add(v == 1);
                } else {
                    conflict(s, b, off, end, line);
                }
            }
            case STRING -> ((CsvColumnSink.Strings) sink).add(b, off, end - off);
        }
    }

    /** Where a problem is, for {@link InputException#location()}: the line, the field's name when known, the value. */
    private InputException.Location where(int line, int field, String value) {
        String name = field >= 0 && field < layout.names.length ? layout.names[field] : null;
        return new InputException.Location(layout.source, line, 0, name, value);
    }

    private void conflict(int s, byte[] b, int off, int end, int line) {
        String value = new String(b, off, end - off, java.nio.charset.StandardCharsets.UTF_8);
        if (layout.forced[s]) {
            throw new InputException(layout.source + " line " + line + ", column '" + layout.names[s]
                    + "': value '" + InputException.shown(value) + "' is not a " + layout.types[s].label()
                    + " (the column's type was set to " + layout.types[s].label() + ")", where(line, s, value));
        }
        conflictSink = s;
        conflictType = CsvLayout.widen(layout.types[s], b, off, end, num);
        conflictLine = line;
        throw STOP;
    }
}
