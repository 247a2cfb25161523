package dev.probity.core.io;

import dev.probity.core.InputException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Text input is decoded exactly or not at all: a byte that is not valid in the file's encoding is an error naming
 * the line, the field and the byte — never a U+FFFD that silently merges "José" and "Josè" into one group.
 *
 * <p>A byte-order mark decides the encoding (UTF-8, UTF-16 and UTF-32, either byte order); without one the
 * requested encoding applies (UTF-8 by default). A UTF-16 file without a mark is recognised by its NUL bytes and
 * refused with the encoding to ask for, rather than read as text full of NULs.
 */
@dev.probity.core.Internal("the readers decode; SqlAudit locates bad bytes with it")
public final class TextEncoding {
    private TextEncoding() {
    }

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    /** The bytes as UTF-8 without a byte-order mark (the input itself when it already is). */
    static byte[] toUtf8(String source, byte[] bytes, Charset requested, Consumer<String> warnings) {
        Bom bom = Bom.of(bytes);
        Charset cs = requested;
        int from = 0;
        if (bom != null) {
            from = bom.length;
            if (!sameFamily(bom.charset, requested) && !requested.equals(StandardCharsets.UTF_8)) {
                warnings.accept(source + " starts with a " + bom.charset.name() + " byte-order mark; it is read as "
                        + bom.charset.name() + ", not as the requested " + requested.name());
            }
            cs = bom.charset;
        }
        if (bom == null && cs.equals(StandardCharsets.UTF_16)) {
            // "UTF-16" without a mark means big-endian to Java; most such files are little-endian (Windows): look
            cs = littleEndianNuls(bytes) ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        }
        if (cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.US_ASCII)) {
            if (bom == null) {
                utf16WithoutMark(source, bytes);
                return bytes;
            }
            return java.util.Arrays.copyOfRange(bytes, from, bytes.length);
        }
        return transcode(source, bytes, from, cs);
    }

    /**
     * Text decoded strictly, never with a U+FFFD in place of a bad byte (a UTF-8 byte-order mark is skipped). The error
     * names {@code source}, the line and the byte offset of the first bad byte, and says what to do: name the encoding
     * ({@code {{encoding}}}) when the caller has that setting, else save the file as UTF-8.
     */
    public static String decodeStrict(String source, byte[] bytes, Charset charset, boolean encodingSetting) {
        int from = 0;
        if (charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF) {
            from = 3;
        }
        CharsetDecoder dec = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) ((bytes.length - from) * (double) dec.maxCharsPerByte()) + 16));
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            long line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException(source + " is not valid " + charset.name() + " text: line " + line + ", byte offset " + at
                    + " (0x" + String.format("%02X", bytes[at] & 0xff) + "); "
                    + (encodingSetting ? "if the file is in another encoding (e.g. ISO-8859-1), name it ({{encoding}})"
                    : "it looks like another encoding (e.g. ISO-8859-1): save it as UTF-8"),
                    new InputException.Location(source, line, 0, null, String.format("0x%02X", bytes[at] & 0xff)));
        }
        out.flip();
        return out.toString();
    }

    private static boolean sameFamily(Charset a, Charset b) {
        String x = a.name().toUpperCase(Locale.ROOT);
        String y = b.name().toUpperCase(Locale.ROOT);
        return x.startsWith(y) || y.startsWith(x);
    }

    /** Strict decoding into UTF-8, with the line and byte of the first invalid sequence. */
    private static byte[] transcode(String source, byte[] bytes, int from, Charset cs) {
        return transcode(source, bytes, from, cs, 1);
    }

    /**
     * Whether text in {@code cs} (or in the charset of the byte-order mark that {@code head} starts with) can be cut
     * into pieces at line feeds and each piece decoded alone: true for UTF-8 and for every charset that writes line
     * feeds, commas, tabs and quotes as their ASCII bytes and never uses those bytes inside another character (the
     * ISO-8859 and Windows code pages, Shift_JIS, GB18030, ...); false for UTF-16 and UTF-32, and for a head with NUL
     * bytes (UTF-16 without a byte-order mark, or not text).
     */
    static boolean cutAtLineFeeds(byte[] head, Charset cs) {
        Bom bom = Bom.of(head);
        Charset c = bom != null ? bom.charset : cs;
        String name = c.name().toUpperCase(Locale.ROOT);
        if (name.startsWith("UTF-16") || name.startsWith("UTF-32") || name.startsWith("X-UTF-16") || name.startsWith("X-UTF-32")) {
            return false;
        }
        int nul = 0;
        for (byte b : head) {
            nul += b == 0 ? 1 : 0;
        }
        if (nul > 0) {
            // UTF-16 without a byte-order mark, or binary: the whole-file reader says which
            return false;
        }
        return c.canEncode() && java.util.Arrays.equals("\n\r,;|\t\"'".getBytes(c), "\n\r,;|\t\"'".getBytes(StandardCharsets.US_ASCII));
    }

    /** The charset {@link #toUtf8} reads text starting with {@code head} in: a byte-order mark's, else {@code requested}. */
    static Charset effective(byte[] head, Charset requested) {
        Bom bom = Bom.of(head);
        return bom != null ? bom.charset : requested;
    }

    /** Whether {@code cs} needs transcoding to UTF-8 (everything but UTF-8 and ASCII). */
    static boolean needsTranscoding(Charset cs) {
        return !cs.equals(StandardCharsets.UTF_8) && !cs.equals(StandardCharsets.US_ASCII);
    }

    /**
     * A later piece of a file cut at line feeds, strictly decoded into UTF-8; {@code firstLine} is the file's line the
     * piece starts on, for messages. (The first piece goes through {@link #toUtf8}, which reads a byte-order mark.)
     */
    static byte[] transcodePiece(String source, byte[] bytes, Charset cs, long firstLine) {
        return transcode(source, bytes, 0, cs, firstLine);
    }

    private static byte[] transcode(String source, byte[] bytes, int from, Charset cs, long firstLine) {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) ((bytes.length - from) * (double) dec.maxCharsPerByte()) + 16));
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            long line = firstLine;
            for (int i = from; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException(source + " line " + line + ": byte " + hex(bytes, at, r.length()) + " is not valid "
                    + cs.name() + "; give the file's encoding ({{encoding}})",
                    new InputException.Location(source, line, 0, null, hex(bytes, at, r.length())));
        }
        out.flip();
        return utf8(out);
    }

    private static byte[] utf8(CharBuffer chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(chars);
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    /** Whether NUL bytes sit at odd offsets (the high bytes of little-endian UTF-16 ASCII text) more than at even ones. */
    private static boolean littleEndianNuls(byte[] bytes) {
        int odd = 0;
        int even = 0;
        for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
            if (bytes[i] == 0) {
                if ((i & 1) == 1) {
                    odd++;
                } else {
                    even++;
                }
            }
        }
        return odd > even;
    }

    /** Refuses UTF-16 text without a byte-order mark: ASCII in UTF-16 has a NUL in every other byte. */
    private static void utf16WithoutMark(String source, byte[] bytes) {
        int n = Math.min(bytes.length, 4096);
        if (n < 4) {
            return;
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                if ((i & 1) == 0) {
                    evenNul++;
                } else {
                    oddNul++;
                }
            }
        }
        if (evenNul + oddNul > n / 4) {
            String guess = oddNul > evenNul ? "UTF-16LE" : "UTF-16BE";
            throw new InputException(source + " looks like " + guess + " text without a byte-order mark (every other byte "
                    + "is NUL); read it with the encoding " + guess + " ({{encoding}})",
                    new InputException.Location(source, 1, 0, null, null));
        }
    }

    /** Offset of the first byte that does not start or continue a valid UTF-8 sequence in {@code [from, to)}, or -1. */
    static int firstInvalidUtf8(byte[] d, int from, int to) {
        int i = from;
        while (i < to) {
            int b = d[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int len;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                len = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                len = 3;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                len = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + len > to) {
                return i;
            }
            int cp = b & (0xFF >> (len + 1));
            for (int k = 1; k < len; k++) {
                int c = d[i + k] & 0xff;
                if ((c & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += len;
        }
        return -1;
    }

    /**
     * The error for the first invalid UTF-8 byte of a delimited file: its physical line, the field it is in (counted
     * from the line's start, quotes respected within the line), the byte, and the text around it.
     */
    static InputException notUtf8(String source, byte[] d, int from, byte delim, byte quote, java.util.List<String> names) {
        return notUtf8(source, d, from, delim, quote, names, 1);
    }

    /** As {@link #notUtf8(String, byte[], int, byte, byte, java.util.List)}, for bytes whose first line is {@code firstLine}. */
    static InputException notUtf8(String source, byte[] d, int from, byte delim, byte quote, java.util.List<String> names,
                                  long firstLine) {
        return notUtf8(source, d, 0, from, d.length, delim, quote, names, firstLine);
    }

    /**
     * As {@link #notUtf8(String, byte[], int, byte, byte, java.util.List, long)} for the bytes {@code d[base, end)}, whose
     * first line, starting at {@code base}, is {@code firstLine}; the search starts at {@code from}.
     */
    static InputException notUtf8(String source, byte[] d, int base, int from, int end, byte delim, byte quote,
                                  java.util.List<String> names, long firstLine) {
        int at = firstInvalidUtf8(d, from, end);
        if (at < 0) {
            return new InputException(source + ": some text is not valid UTF-8; give the file's encoding ({{encoding}})");
        }
        long line = firstLine;
        int lineStart = base;
        for (int i = base; i < at; i++) {
            if (d[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int field = 0;
        boolean inQuote = false;
        for (int i = lineStart; i < at; i++) {
            if (d[i] == quote) {
                inQuote = !inQuote;
            } else if (d[i] == delim && !inQuote) {
                field++;
            }
        }
        String name = names != null && field < names.size() ? names.get(field) : null;
        int lineEnd = at;
        while (lineEnd < end && d[lineEnd] != '\n' && lineEnd - lineStart < 400) {
            lineEnd++;
        }
        int fieldStart = at;
        while (fieldStart > lineStart && d[fieldStart - 1] != delim) {
            fieldStart--;
        }
        int fieldEnd = at;
        while (fieldEnd < lineEnd && d[fieldEnd] != delim && d[fieldEnd] != '\r') {
            fieldEnd++;
        }
        String shown = escaped(d, fieldStart, Math.min(fieldEnd, fieldStart + 60));
        boolean latin = looksLatin1(d, at);
        String b = String.format(Locale.ROOT, "0x%02X", d[at] & 0xff);
        return new InputException(source + " line " + line + ", field " + (field + 1) + (name == null ? "" : " ('" + name + "')")
                + ": byte " + b + " in \"" + shown + "\" is not valid UTF-8. "
                + (latin ? "The file looks like Latin-1 or Windows-1252: read it with the encoding ISO-8859-1 or windows-1252 ({{encoding}})"
                        : "Give the file's encoding ({{encoding}})"),
                new InputException.Location(source, line, field + 1, name, shown));
    }

    /**
     * The error for the first invalid UTF-8 byte of a delimited file too large to hold (the SQL engine's input),
     * found by streaming it; null when the file is valid UTF-8.
     */
    public static InputException notUtf8(String source, java.nio.file.Path file, byte delim, byte quote, java.util.List<String> names)
            throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 22);
            long base = 0;
            long line = 1;
            long lineStart = 0;
            while (true) {
                int n = ch.read(buf);
                if (n < 0 && buf.position() == 0) {
                    return null;
                }
                byte[] a = buf.array();
                int len = buf.position();
                boolean last = n < 0;
                int end = len;
                int bad = firstInvalidUtf8(a, 0, len);
                if (bad >= 0 && !last && bad > len - 4) {
                    // a sequence cut by the buffer's end: look again with the next bytes
                    end = bad;
                    bad = -1;
                }
                int scanTo = bad >= 0 ? bad : end;
                for (int i = 0; i < scanTo; i++) {
                    if (a[i] == '\n') {
                        line++;
                        lineStart = base + i + 1;
                    }
                }
                if (bad >= 0) {
                    byte[] piece = new byte[(int) Math.min(65536, ch.size() - lineStart)];
                    ch.read(ByteBuffer.wrap(piece), lineStart);
                    return notUtf8(source, piece, 0, delim, quote, names, line);
                }
                if (last) {
                    return null;
                }
                // move the unscanned tail to the front
                int carry = len - end;
                System.arraycopy(a, end, a, 0, carry);
                base += end;
                buf.position(carry);
            }
        }
    }

    /** A byte in 0xA0–0xFF (or 0x80–0x9F) not followed by continuation bytes: typical of Latin-1 and Windows-1252. */
    private static boolean looksLatin1(byte[] d, int at) {
        int b = d[at] & 0xff;
        return b >= 0x80 && (at + 1 >= d.length || (d[at + 1] & 0xC0) != 0x80);
    }

    private static String escaped(byte[] d, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = d[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02X", b));
            }
        }
        return sb.toString();
    }

    private static String hex(byte[] d, int at, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = at; i < Math.min(d.length, at + Math.max(1, len)); i++) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", d[i] & 0xff));
        }
        return sb.toString();
    }

    private record Bom(Charset charset, int length) {
        static Bom of(byte[] b) {
            if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE && b[2] == 0 && b[3] == 0) {
                return new Bom(UTF_32LE, 4);
            }
            if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF) {
                return new Bom(UTF_32BE, 4);
            }
            if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
                return new Bom(StandardCharsets.UTF_8, 3);
            }
            if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
                return new Bom(StandardCharsets.UTF_16LE, 2);
            }
            if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
                return new Bom(StandardCharsets.UTF_16BE, 2);
            }
            return null;
        }
    }
}
