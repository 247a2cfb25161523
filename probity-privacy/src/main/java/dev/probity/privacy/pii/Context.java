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

    /** Whether one of the words (lower case) is within {@code before} characters before or {@code after} after the span. */
    static boolean near(String text, int start, int end, Set<String> words, int before, int after) {
        return anyWord(text, Math.max(0, start - before), start, words) || anyWord(text, end, Math.min(text.length(), end + after), words);
    }

    static boolean near(String text, int start, int end, Set<String> words) {
        return near(text, start, end, words, BEFORE, AFTER);
    }

    /** Whether one of the words appears before the span, within {@code before} characters. */
    static boolean before(String text, int start, Set<String> words, int before) {
        return anyWord(text, Math.max(0, start - before), start, words);
    }

    private static boolean anyWord(String text, int from, int to, Set<String> words) {
        int i = from;
        // a word cut by the window's left edge is not a word
        if (i > 0 && Character.isLetter(text.charAt(i - 1))) {
            while (i < to && Character.isLetter(text.charAt(i))) {
                i++;
            }
        }
        while (i < to) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            if (i > to) {
                return false; // cut by the window's right edge
            }
            if (i - s <= 24 && words.contains(text.substring(s, i).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
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
