package dev.probity.privacy.pii;

/** Finding runs of digits joined by single separators, the raw material of most number-shaped identifiers. */
final class DigitRuns {
    private DigitRuns() {
    }

    /**
     * The end of the run that starts at the digit {@code s}: digits, and single characters of {@code seps} each
     * followed by a digit.
     */
    static int end(String t, int s, String seps) {
        int n = t.length();
        int i = s;
        while (i < n) {
            char c = t.charAt(i);
            if (Checksums.isDigit(c)) {
                i++;
            } else if (seps.indexOf(c) >= 0 && i + 1 < n && Checksums.isDigit(t.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** The digits of {@code t[from, to)} without separators. */
    static String digits(String t, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (Checksums.isDigit(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The number of digits in {@code t[from, to)}. */
    static int count(String t, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (Checksums.isDigit(t.charAt(i))) {
                k++;
            }
        }
        return k;
    }

    /** Whether every separator in {@code t[from, to)} is the same character (or there is none). */
    static boolean oneSeparator(String t, int from, int to) {
        char sep = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (!Checksums.isDigit(c)) {
                if (sep == 0) {
                    sep = c;
                } else if (c != sep) {
                    return false;
                }
            }
        }
        return true;
    }
}
