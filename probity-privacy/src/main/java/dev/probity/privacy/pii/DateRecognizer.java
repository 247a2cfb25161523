package dev.probity.privacy.pii;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Calendar dates with a four-digit year from 1900 to 2099: numeric ({@code 1985-03-15}, {@code 15/03/1985},
 * {@code 03/15/1985}, {@code 15.03.1985}, {@code 15-03-1985}; the day must exist in its month in at least one reading
 * of day and month) and with English month names ({@code 15 March 1985}, {@code 15th of March, 1985},
 * {@code March 15, 1985}, {@code Mar 15 1985}).
 *
 * <p>A date is {@link PiiType#DATE} with score 0.6 when numeric and 0.8 with a month name (a name of a month next to a
 * day and a year is hardly anything else; "August" alone may be a person); with "born", "birth", "birthday", "DOB" and
 * the like nearby it is {@link PiiType#DATE_OF_BIRTH}, and 0.15 is added.
 */
public final class DateRecognizer implements TextIndex.Indexed {
    static final Context.Words BIRTH = Context.words("born", "birth", "birthday", "birthdate", "dob", "geboren", "geb", "né",
            "née", "nacido", "nacida", "nato", "nata", "naissance", "geburtsdatum");
    private static final Map<String, Integer> MONTHS = months();

    @Override
    public String name() {
        return "date";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        TextIndex.Starts starts = index.starts();
        int i = starts.next(0);
        while (i >= 0) {
            int e = DigitRuns.end(text, i, "-/.");
            int found = -1;
            int start = i;
            if (Context.boundaryAfter(text, e) && numericDate(text, i, e) && !(e + 1 < text.length()
                    && "-/.".indexOf(text.charAt(e)) >= 0 && Checksums.isDigit(text.charAt(e + 1)))) {
                found = e;
            } else if (e - i <= 2) {
                int day = e - i == 1 ? text.charAt(i) - '0' : (text.charAt(i) - '0') * 10 + text.charAt(i + 1) - '0';
                int after = dayMonthYear(text, e, day);
                if (after > 0) {
                    found = after;
                } else {
                    int ms = monthBefore(text, i);
                    if (ms >= 0) {
                        int y = yearAfterDay(text, e);
                        if (y > 0 && validDay(day, month(text, ms, wordEnd(text, ms)), yearAt(text, y - 4))) {
                            start = ms;
                            found = y;
                        }
                    }
                }
            }
            if (found > 0) {
                boolean birth = Context.near(text, start, found, BIRTH, 50, 10);
                boolean named = hasLetter(text, start, found);
                double score = (named ? 0.8 : 0.6) + (birth ? 0.15 : 0);
                out.add(new Entity(birth ? PiiType.DATE_OF_BIRTH : PiiType.DATE, start, found, score, name()));
                e = found;
            }
            i = starts.next(Math.max(e, i + 1));
        }
    }

    /** Whether {@code t[s, e)} is exactly a numeric date (year-month-day or day and month in either order, then year). */
    static boolean numericDate(String t, int s, int e) {
        int len = e - s;
        if (len < 8 || len > 10) {
            return false;
        }
        int[] parts = new int[3];
        int[] widths = new int[3];
        char sep = 0;
        int p = 0;
        int v = 0;
        int w = 0;
        for (int i = s; i <= e; i++) {
            char c = i < e ? t.charAt(i) : 0;
            if (i < e && Checksums.isDigit(c)) {
                v = v * 10 + (c - '0');
                w++;
                continue;
            }
            if (p > 2 || w == 0) {
                return false;
            }
            parts[p] = v;
            widths[p++] = w;
            v = 0;
            w = 0;
            if (i < e) {
                if (sep == 0) {
                    sep = c;
                } else if (c != sep) {
                    return false;
                }
            }
        }
        if (p != 3) {
            return false;
        }
        if (widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2) {
            return year(parts[0]) && validDay(parts[2], parts[1], parts[0]);
        }
        if (widths[2] == 4 && widths[0] <= 2 && widths[1] <= 2) {
            return year(parts[2]) && (validDay(parts[0], parts[1], parts[2]) || validDay(parts[1], parts[0], parts[2]));
        }
        return false;
    }

    private static boolean year(int y) {
        return y >= 1900 && y <= 2099;
    }

    static boolean validDay(int day, Integer month, int year) {
        if (month == null || month < 1 || month > 12 || day < 1 || !year(year)) {
            return false;
        }
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    /** "15 March 1985", "15th of March, 1985" after a day ending at {@code i}: the end, or -1. */
    private static int dayMonthYear(String t, int i, int day) {
        int k = ordinal(t, i);
        if (k >= t.length() || t.charAt(k) != ' ') {
            return -1;
        }
        k++;
        if (t.startsWith("of ", k)) {
            k += 3;
        }
        int we = wordEnd(t, k);
        Integer month = month(t, k, we);
        if (month == null) {
            return -1;
        }
        k = we;
        if (k < t.length() && t.charAt(k) == '.') {
            k++;
        }
        int y = year(t, k);
        return y > 0 && validDay(day, month, yearAt(t, y - 4)) ? y : -1;
    }

    /** After the day of "March 15, 1985": the end of the year, or -1. */
    private static int yearAfterDay(String t, int i) {
        return year(t, ordinal(t, i));
    }

    /** ", 1985" or " 1985" at {@code k}: the year's end, or -1. */
    private static int year(String t, int k) {
        if (k < t.length() && t.charAt(k) == ',') {
            k++;
        }
        if (k >= t.length() || t.charAt(k) != ' ') {
            return -1;
        }
        k++;
        if (k + 4 > t.length()) {
            return -1;
        }
        for (int j = k; j < k + 4; j++) {
            if (!Checksums.isDigit(t.charAt(j))) {
                return -1;
            }
        }
        return Context.boundaryAfter(t, k + 4) && year(yearAt(t, k)) ? k + 4 : -1;
    }

    private static int ordinal(String t, int i) {
        if (i + 2 <= t.length()) {
            char a = lower(t.charAt(i));
            char b = lower(t.charAt(i + 1));
            if ((a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h') && Context.boundaryAfter(t, i + 2)) {
                return i + 2;
            }
        }
        return i;
    }

    /** The start of a month name followed by one space right before {@code i}, or -1. */
    private static int monthBefore(String t, int i) {
        int k = i - 1;
        if (k < 1 || t.charAt(k) != ' ') {
            return -1;
        }
        int end = k;
        if (t.charAt(end - 1) == '.') {
            end--;
        }
        int s = end;
        while (s > 0 && Character.isLetter(t.charAt(s - 1))) {
            s--;
        }
        if (s == end || end - s > 9 || !Context.boundaryBefore(t, s)) {
            return -1;
        }
        return month(t, s, end) != null ? s : -1;
    }

    /**
     * The month named by {@code t[s, e)} in any case, or null. Month names are ASCII: a word of other characters is
     * looked up in lower case as a string, as {@link String#toLowerCase} makes it; an ASCII word is lowered in place.
     */
    private static Integer month(String t, int s, int e) {
        int len = e - s;
        if (len < 3 || len > 9) {
            return null;
        }
        char[] w = new char[len];
        for (int k = 0; k < len; k++) {
            char c = t.charAt(s + k);
            if (c >= 128) {
                return MONTHS.get(t.substring(s, e).toLowerCase(Locale.ROOT));
            }
            w[k] = lower(c);
        }
        return MONTHS.get(new String(w));
    }

    /** ASCII upper-case letters lowered; every other character as it is (non-ASCII text takes the string path). */
    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** The four digits at {@code k} as a number (the caller has checked they are digits). */
    private static int yearAt(String t, int k) {
        return (t.charAt(k) - '0') * 1000 + (t.charAt(k + 1) - '0') * 100 + (t.charAt(k + 2) - '0') * 10 + t.charAt(k + 3) - '0';
    }

    private static boolean hasLetter(String t, int s, int e) {
        for (int k = s; k < e; k++) {
            if (Character.isLetter(t.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static int wordEnd(String t, int s) {
        int e = s;
        while (e < t.length() && Character.isLetter(t.charAt(e))) {
            e++;
        }
        return e;
    }

    private static Map<String, Integer> months() {
        String[] names = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"};
        Map<String, Integer> m = new java.util.HashMap<>();
        for (int k = 0; k < 12; k++) {
            m.put(names[k], k + 1);
            m.put(names[k].substring(0, 3), k + 1);
        }
        m.put("sept", 9);
        return Map.copyOf(m);
    }
}
