package dev.probity.privacy.pii;

import java.util.Locale;
import java.util.Set;

/**
 * Words near a hit, which raise or lower a recognizer's confidence (as Presidio's context enhancers do): "phone"
 * before a number makes a phone number likelier, "order" or "#" makes it an order number, "version" before
 * {@code 1.2.3.4} makes it a version. Only whole words within a window of characters count.
 */
final class Context {
    /** Characters looked at before a hit (about six words). */
    static final int BEFORE = 40;
    /** Characters looked at after a hit. */
    static final int AFTER = 20;

    private Context() {
    }

    /** Whether one of the words is within {@code before} characters before or {@code after} after the span. */
    static boolean near(String text, int start, int end, Words words, int before, int after) {
        return anyWord(text, Math.max(0, start - before), start, words) || anyWord(text, end, Math.min(text.length(), end + after), words);
    }

    static boolean near(String text, int start, int end, Words words) {
        return near(text, start, end, words, BEFORE, AFTER);
    }

    /** Whether one of the words appears before the span, within {@code before} characters. */
    static boolean before(String text, int start, Words words, int before) {
        return anyWord(text, Math.max(0, start - before), start, words);
    }

    private static boolean anyWord(String text, int from, int to, Words words) {
        int i = from;
        // a word cut by the window's left edge is not a word
        if (i > 0 && isLetter(text.charAt(i - 1))) {
            while (i < to && isLetter(text.charAt(i))) {
                i++;
            }
        }
        int n = text.length();
        while (i < to) {
            char c = text.charAt(i);
            if (!isLetter(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && isLetter(text.charAt(i))) {
                i++;
            }
            if (i > to) {
                return false; // cut by the window's right edge
            }
            if (i - s <= 24 && words.contains(text, s, i)) {
                return true;
            }
        }
        return false;
    }

    private static final boolean[] ASCII_LETTER = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LETTER[c] = Character.isLetter(c);
        }
    }

    static boolean isLetter(char c) {
        return c < 128 ? ASCII_LETTER[c] : Character.isLetter(c);
    }

    /** A set of context words, looked up in lower case straight from the text, without copying it. */
    static Words words(String... words) {
        return new Words(words);
    }

    /**
     * Context words (lower case). A word of the text is looked up case-insensitively in place: ASCII letters are
     * lowered and hashed as they are read; a word with other characters goes through {@link String#toLowerCase} as
     * before.
     */
    static final class Words {
        private final Set<String> set;
        private final String[] table;
        private final int mask;
        /** The shortest and longest word. */
        private final int minLength;
        private final int maxLength;
        /** Whether some word starts with this ASCII letter (lower case); non-ASCII first letters are always looked up. */
        private final boolean[] firstLetters = new boolean[128];

        private Words(String... words) {
            this.set = Set.of(words);
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (String w : words) {
                min = Math.min(min, w.length());
                max = Math.max(max, w.length());
                if (w.charAt(0) < 128) {
                    firstLetters[w.charAt(0)] = true;
                }
            }
            this.minLength = min;
            this.maxLength = max;
            int size = Integer.highestOneBit(Math.max(4, words.length * 4) - 1) << 1;
            this.table = new String[size];
            this.mask = size - 1;
            for (String w : words) {
                if (!w.equals(w.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("context words are lower case: " + w);
                }
                int k = slot(w.hashCode());
                while (table[k] != null) {
                    k = (k + 1) & mask;
                }
                table[k] = w;
            }
        }

        Set<String> asSet() {
            return set;
        }

        private int slot(int h) {
            return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 8 & mask;
        }

        /** Whether {@code text[s, e)}, in lower case, is one of the words. */
        boolean contains(String text, int s, int e) {
            char first = text.charAt(s);
            if (first < 128 && !firstLetters[first >= 'A' && first <= 'Z' ? first + 32 : first]) {
                return false; // no word starts so (an ASCII letter lowers to one ASCII letter)
            }
            if (e - s < minLength || first < 128 && e - s > maxLength) {
                // lower-casing keeps the length of a word of ASCII letters and never shortens a word; it lengthens one
                // only by a combining dot (U+0130), which no context word has
                return false;
            }
            int h = 0;
            for (int k = s; k < e; k++) {
                char c = text.charAt(k);
                if (c >= 128) {
                    return set.contains(text.substring(s, e).toLowerCase(Locale.ROOT));
                }
                h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            int len = e - s;
            for (int k = slot(h); table[k] != null; k = (k + 1) & mask) {
                String w = table[k];
                if (w.length() == len && w.regionMatches(true, 0, text, s, len)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The first non-space character before {@code at}, or 0 when none. */
    static char previousNonSpace(String text, int at) {
        for (int i = at - 1; i >= 0 && i >= at - 3; i--) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return c;
            }
        }
        return 0;
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c) || c == '_';
        }
    }

    static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    /** Whether no letter or digit touches position {@code i} from the left. */
    static boolean boundaryBefore(String text, int i) {
        return i == 0 || !isWordChar(text.charAt(i - 1));
    }

    /** Whether no letter or digit touches position {@code i} from the right. */
    static boolean boundaryAfter(String text, int i) {
        return i >= text.length() || !isWordChar(text.charAt(i));
    }
}
