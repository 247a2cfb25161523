package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rows into windows. A time column holds ISO-8601 dates ({@code 2013-08-14}), date-times with or without an offset
 * ({@code 2013-08-14T06:03:42}, {@code 2013-08-14 06:03:42}, {@code 2013-08-14T06:03:42+02:00}, {@code …Z}; without an
 * offset a time is read as UTC), the basic date form {@code 20130814}, or numbers of seconds since 1970-01-01 UTC (as
 * numbers, or as text of nine digits or more). A row without a time, or a time outside the years 1800 to 2200
 * (milliseconds taken for seconds), is refused, naming it.
 */
public final class Windowing {
    private Windowing() {
    }

    /** A window: its name, bounds (null for row windows) and rows, in the data's order. */
    public record Window(String label, Instant start, Instant end, int[] rows) {
    }

    /** The rows of each window, windows in time order (or in row order); empty windows between are not listed. */
    public static List<Window> split(Frame data, String timeColumn, Period period) {
        int n = data.rowCount();
        if (period.byRows()) {
            if (timeColumn != null) {
                // ordered by time, then cut every N rows
                long[] t = seconds(data, timeColumn);
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
                return byCount(order, period.n(), i -> Instant.ofEpochSecond(t[i]));
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return byCount(order, period.n(), null);
        }
        if (timeColumn == null) {
            throw new InputException("a window of " + period + " needs a time column; without one, cut windows by rows (e.g. 1000-rows)");
        }
        long[] t = seconds(data, timeColumn);
        TreeMap<Instant, List<Integer>> by = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            by.computeIfAbsent(period.start(Instant.ofEpochSecond(t[i])), k -> new ArrayList<>()).add(i);
        }
        List<Window> out = new ArrayList<>();
        by.forEach((start, rows) -> out.add(new Window(period.label(start), start, period.end(start),
                rows.stream().mapToInt(Integer::intValue).toArray())));
        return out;
    }

    private static List<Window> byCount(Integer[] order, int size, java.util.function.IntFunction<Instant> time) {
        List<Window> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            int to = Math.min(order.length, from + size);
            int[] rows = new int[to - from];
            for (int i = from; i < to; i++) {
                rows[i - from] = order[i];
            }
            String label = String.format(java.util.Locale.ROOT, "rows %,d–%,d", from + 1, to);
            out.add(new Window(label, time == null ? null : time.apply(rows[0]), time == null ? null : time.apply(rows[rows.length - 1]), rows));
        }
        return out;
    }

    /** Each row's time in seconds since 1970-01-01 UTC. */
    public static long[] seconds(Frame data, String timeColumn) {
        if (!data.has(timeColumn)) {
            throw new InputException(data.source() + ": " + data.unknownColumnMessage(timeColumn));
        }
        Column c = data.column(timeColumn);
        long[] t = new long[data.rowCount()];
        for (int i = 0; i < t.length; i++) {
            if (c.isMissing(i)) {
                throw new InputException(data.source() + ": the time column '" + timeColumn + "' is empty on " + data.origin().describe(i)
                        + "; every row needs a time to fall in a window");
            }
            if (c instanceof LongColumn l) {
                t[i] = l.getLong(i);
            } else if (c instanceof DoubleColumn d) {
                double v = d.getDouble(i);
                if (!Double.isFinite(v)) {
                    throw new InputException(data.source() + ": the time column '" + timeColumn + "' holds " + v + " on " + data.origin().describe(i));
                }
                t[i] = (long) Math.floor(v);
            } else {
                String s = c.format(i).strip();
                try {
                    t[i] = parse(s).getEpochSecond();
                } catch (DateTimeParseException e) {
                    throw new InputException(data.source() + ": the time column '" + timeColumn + "' holds '" + InputException.shown(s) + "' on "
                            + data.origin().describe(i) + ", which is not an ISO-8601 date or date-time (2013-08-14, 20130814, "
                            + "2013-08-14T06:03:42Z) nor a count of seconds since 1970 (nine digits or more)");
                }
            }
        }
        plausible(data, timeColumn, t);
        return t;
    }

    /** Times outside the years 1800 to 2200 are refused: milliseconds read as seconds land in the year 50,000. */
    private static void plausible(Frame data, String timeColumn, long[] t) {
        long lo = -5_364_662_400L; // 1800-01-01
        long hi = 7_258_118_400L;  // 2200-01-01
        for (int i = 0; i < t.length; i++) {
            if (t[i] < lo || t[i] >= hi) {
                throw new InputException(data.source() + ": the time column '" + timeColumn + "' holds " + data.column(timeColumn).format(i) + " on "
                        + data.origin().describe(i) + ", which is " + Instant.ofEpochSecond(Math.max(-31557014167219200L, Math.min(31556889864403199L, t[i])))
                        .atZone(ZoneOffset.UTC).getYear() + " as seconds since 1970; if these are milliseconds, divide them by 1,000");
            }
        }
    }

    /**
     * A time as text: an ISO-8601 date ({@code 2013-08-14}, or the basic form {@code 20130814}), a date-time with or
     * without an offset (UTC without), or — nine digits or more, optionally signed — seconds since 1970.
     */
    static Instant parse(String s) {
        if (s.matches("-?\\d{9,}")) {
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        if (s.matches("\\d{8}")) {
            return LocalDate.parse(s, java.time.format.DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        }
    }
}
