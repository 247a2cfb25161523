package dev.probity.privacy.pii;

import java.util.Arrays;
import java.util.List;

/**
 * The places in a text where number-shaped personal data can start, found in one pass and shared by the recognizers
 * of a scan: every run of digits (a digit whose previous character is not a digit), and among them those at the
 * start of a word (the previous character is not a letter, digit or underscore). Most recognizers look only there,
 * instead of each passing over the whole text.
 */
final class TextIndex {
    final String text;
    /** Positions of the first digit of each run of digits, ascending. */
    private final int[] runs;
    private final int runCount;
    /** The runs that start a word, ascending. */
    private final int[] starts;
    private final int startCount;

    private TextIndex(String text) {
        this.text = text;
        int n = text.length();
        int[] r = new int[Math.max(16, n / 16)];
        int[] s = new int[r.length];
        int rc = 0;
        int sc = 0;
        boolean prevDigit = false;
        char[] chunk = new char[Math.min(n, 8192)];
        for (int from = 0; from < n; from += chunk.length) {
            int to = Math.min(n, from + chunk.length);
            text.getChars(from, to, chunk, 0); // a copy read without the string's checks on every character
            for (int i = from; i < to; i++) {
                char c = chunk[i - from];
                boolean digit = c >= '0' && c <= '9';
                if (digit && !prevDigit) {
                    if (rc == r.length) {
                        r = Arrays.copyOf(r, rc * 2);
                    }
                    r[rc++] = i;
                    if (i == 0 || !Context.isWordChar(i > from ? chunk[i - from - 1] : text.charAt(i - 1))) {
                        if (sc == s.length) {
                            s = Arrays.copyOf(s, sc * 2);
                        }
                        s[sc++] = i;
                    }
                }
                prevDigit = digit;
            }
        }
        this.runs = r;
        this.runCount = rc;
        this.starts = s;
        this.startCount = sc;
    }

    static TextIndex of(String text) {
        return new TextIndex(text);
    }

    /** A walk through the digits at word starts, for a recognizer asking with positions that mostly grow. */
    Starts starts() {
        return new Starts();
    }

    /** One recognizer's pass over the digits at word starts: forward steps from the last answer. */
    final class Starts {
        private int k;

        /**
         * The first digit at a word start (the previous character is not a letter, digit or underscore) at or after
         * {@code from}, or -1; asked for an earlier place than the last, it starts again from the beginning.
         */
        int next(int from) {
            if (k > 0 && starts[k - 1] >= from) {
                k = 0;
            }
            while (k < startCount && starts[k] < from) {
                k++;
            }
            return k < startCount ? starts[k] : -1;
        }
    }

    int runCount() {
        return runCount;
    }

    /** The position of the {@code k}-th run of digits. */
    int run(int k) {
        return runs[k];
    }

    /** A recognizer that finds its candidates through the shared index. */
    interface Indexed extends Recognizer {
        void find(TextIndex index, List<Entity> out);
    }
}
