package dev.probity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * What the command line prints for people: data from the input (a group name, a cell echoed in a message) cannot
 * drive the terminal. Control characters become visible escapes ({@code \x1B} instead of an escape sequence that
 * clears the screen), as do bidirectional overrides that make text read differently from what it is; a line
 * longer than {@value #MAX_LINE} characters is cut, saying how much was left out (a 10 MB cell is not echoed
 * whole). Data sent to standard output on request ({@code --json -}) bypasses this through {@link Safe#raw()}.
 */
final class TerminalWriter extends Writer {
    static final int MAX_LINE = 4000;

    private final Writer out;
    private int line;
    private long dropped;

    TerminalWriter(Writer out) {
        this.out = out;
    }

    /** A print writer for people, which keeps the raw writer for data. */
    static final class Safe extends PrintWriter {
        private final PrintWriter raw;

        Safe(PrintWriter raw) {
            super(new TerminalWriter(raw), true);
            this.raw = raw;
        }

        PrintWriter raw() {
            flush();
            return raw;
        }
    }

    /** The writer to send data to: the raw one behind a {@link Safe} writer, else {@code w} itself. */
    static PrintWriter raw(PrintWriter w) {
        return w instanceof Safe s ? s.raw() : w;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                if (dropped > 0) {
                    out.write("… (" + dropped + " more characters)");
                    dropped = 0;
                }
                line = 0;
                out.write('\n');
                continue;
            }
            String s = escape(c);
            if (line + (s == null ? 1 : s.length()) > MAX_LINE) {
                dropped++;
                continue;
            }
            if (s == null) {
                out.write(c);
                line++;
            } else {
                out.write(s);
                line += s.length();
            }
        }
    }

    /** The visible form of a character that must not reach the terminal as it is, or null for one that may. */
    static String escape(char c) {
        if (c == '\t') {
            return null;
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
            return String.format("\\x%02X", (int) c);
        }
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C) {
            return String.format("\\u%04X", (int) c);
        }
        return null;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
