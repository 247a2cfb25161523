package dev.probity.monitor.window;

import dev.probity.core.InputException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How rows are cut into windows: by time — N hours, N days, N ISO weeks (Monday to Sunday), N calendar months,
 * all in UTC and aligned to the calendar (days at midnight, weeks on Monday, months on the 1st; N days, weeks or months
 * counted from 1970-01-01, 1970-01-05 (a Monday) or January 1970) — or by count, N rows in order.
 *
 * <p>Written {@code 6h}, {@code 1d}, {@code 7d}, {@code 1w}, {@code 1M} (capital M: months; {@code 1m} is refused as
 * ambiguous), {@code 3M}, or {@code 1000-rows}.
 */
public record Period(Unit unit, int n) implements java.io.Serializable {
    public enum Unit { HOURS, DAYS, WEEKS, MONTHS, ROWS }

    private static final Pattern P = Pattern.compile("\\s*(\\d+)\\s*(h|d|w|M|m|-?rows?)\\s*");

    public Period {
        if (n < 1) {
            throw new InputException("a window is at least 1 " + unit.name().toLowerCase(Locale.ROOT) + "; got " + n);
        }
    }

    public static Period parse(String s) {
        Matcher m = P.matcher(s == null ? "" : s);
        if (s != null && s.strip().matches("\\d+\\s*[yYDW]")) {
            String t = s.strip();
            int n = Integer.parseInt(t.substring(0, t.length() - 1).strip());
            char u = t.charAt(t.length() - 1);
            String hint = u == 'y' || u == 'Y' ? (12L * n) + "M" : u == 'D' ? n + "d" : n + "w";
            throw new InputException("a window of '" + t + "' is written " + hint + " here (h, d, w, M and rows)");
        }
        if (!m.matches()) {
            throw new InputException("a window is written like 1d, 7d, 1w, 1M, 6h or 1000-rows; got '" + InputException.shown(String.valueOf(s)) + "'");
        }
        int n;
        try {
            n = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new InputException("a window's count is too large: '" + InputException.shown(s) + "'");
        }
        return switch (m.group(2)) {
            case "h" -> new Period(Unit.HOURS, n);
            case "d" -> new Period(Unit.DAYS, n);
            case "w" -> new Period(Unit.WEEKS, n);
            case "M" -> new Period(Unit.MONTHS, n);
            case "m" -> throw new InputException("'" + s.strip() + "': m is ambiguous; write " + n + "M for months (minutes are not offered)");
            default -> new Period(Unit.ROWS, n);
        };
    }

    public boolean byRows() {
        return unit == Unit.ROWS;
    }

    /** The window's start (inclusive) for an instant. */
    public Instant start(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (unit) {
            case HOURS -> {
                long h = Math.floorDiv(t.getEpochSecond(), 3600L);
                yield Instant.ofEpochSecond(Math.floorDiv(h, n) * n * 3600L);
            }
            case DAYS -> {
                long d = z.toLocalDate().toEpochDay();
                yield LocalDate.ofEpochDay(Math.floorDiv(d, n) * n).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case WEEKS -> {
                LocalDate monday = z.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                long w = ChronoUnit.WEEKS.between(LocalDate.of(1970, 1, 5), monday);
                yield LocalDate.of(1970, 1, 5).plusWeeks(Math.floorDiv(w, n) * n).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case MONTHS -> {
                long months = (z.getYear() - 1970L) * 12 + z.getMonthValue() - 1;
                long k = Math.floorDiv(months, n) * n;
                yield LocalDate.of(1970, 1, 1).plusMonths(k).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case ROWS -> throw new IllegalStateException("row windows have no start time");
        };
    }

    /** The window's end (exclusive) given its start. */
    public Instant end(Instant start) {
        ZonedDateTime z = start.atZone(ZoneOffset.UTC);
        return switch (unit) {
            case HOURS -> start.plusSeconds(3600L * n);
            case DAYS -> z.plusDays(n).toInstant();
            case WEEKS -> z.plusWeeks(n).toInstant();
            case MONTHS -> z.plusMonths(n).toInstant();
            case ROWS -> throw new IllegalStateException("row windows have no end time");
        };
    }

    /** A short name for the window that starts at {@code start}: 2013-08-14, 2013-W33, 2013-08, 2013-08-14T06:00Z. */
    public String label(Instant start) {
        ZonedDateTime z = start.atZone(ZoneOffset.UTC);
        return switch (unit) {
            case HOURS -> String.format(Locale.ROOT, "%sT%02d:00Z", z.toLocalDate(), z.getHour());
            case DAYS -> z.toLocalDate().toString();
            case WEEKS -> String.format(Locale.ROOT, "%d-W%02d", z.get(IsoFields.WEEK_BASED_YEAR), z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHS -> String.format(Locale.ROOT, "%d-%02d", z.getYear(), z.getMonthValue());
            case ROWS -> throw new IllegalStateException("row windows are named by their rows");
        };
    }

    /** Whether every window of {@code this} lies inside one window of {@code coarser}, so that windows can be merged up. */
    public boolean nestsIn(Period coarser) {
        if (byRows() || coarser.byRows()) {
            return byRows() && coarser.byRows() && coarser.n % n == 0;
        }
        return switch (coarser.unit) {
            case HOURS -> unit == Unit.HOURS && coarser.n % n == 0;
            case DAYS -> (unit == Unit.HOURS && (24L * coarser.n) % n == 0 && 24 % n == 0) || (unit == Unit.DAYS && coarser.n % n == 0);
            case WEEKS -> (unit == Unit.HOURS && 24 % n == 0) || (unit == Unit.DAYS && n == 1) || (unit == Unit.WEEKS && coarser.n % n == 0);
            case MONTHS -> (unit == Unit.HOURS && 24 % n == 0) || (unit == Unit.DAYS && n == 1) || (unit == Unit.MONTHS && coarser.n % n == 0);
            case ROWS -> false;
        };
    }

    @Override
    public String toString() {
        return switch (unit) {
            case HOURS -> n + "h";
            case DAYS -> n + "d";
            case WEEKS -> n + "w";
            case MONTHS -> n + "M";
            case ROWS -> n + "-rows";
        };
    }
}
