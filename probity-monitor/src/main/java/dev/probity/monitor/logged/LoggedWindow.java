package dev.probity.monitor.logged;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.Period;
import dev.probity.monitor.window.Profile;
import dev.probity.monitor.window.WindowState;
import dev.probity.monitor.window.Windowing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One time window's statistics of a watched model's logged predictions, all mergeable: computed from any part of the
 * window's rows ({@link #of}), and merged with another part's ({@link #merge}) into what the whole window's rows give.
 * This is what the service keeps per model and window, and what a Spark job computes per partition.
 *
 * <pre>{@code
 * WatchDefinition def = new WatchDefinition(List.of("sex"), List.of("income"), "approve", null, Map.of(), "1d", null, null);
 * SortedMap<Instant, LoggedWindow> days = LoggedWindow.windows(logged, def, profile);
 * }</pre>
 *
 * @param start       the window's start
 * @param end         its end (exclusive)
 * @param predictions the predictions counted
 * @param labelled    those of them with a label
 * @param sketches    the drift columns' sketches on the model's profile (bins and levels)
 * @param selection   the group statistics of the decisions ({@link WatchDefinition#selectionStatistics()})
 * @param outcomes    the group statistics of the labelled predictions ({@link WatchDefinition#outcomeAudit()}), or null
 *                    when none has a label
 * @param scores      the score sketches ({@link ScoreSketches}), or null when no prediction has a score
 */
public record LoggedWindow(Instant start, Instant end, long predictions, long labelled, WindowState sketches, StatsTable selection,
                           StatsTable outcomes, ScoreSketches scores) {
    /**
     * The statistics of some rows that all fall in the window starting at {@code start}; the rows have the columns
     * {@link WatchDefinition} names (the timestamp is not read).
     */
    public static LoggedWindow of(Frame rows, Instant start, WatchDefinition def, Profile profile) {
        Period period = def.window();
        Instant end = period.end(start);
        String label = period.label(start);
        Frame f = normalized(rows, def);
        int n = f.rowCount();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        WindowState sketches = Monitor.state(profile, f, all, label, start, end, null);
        StatsTable selection = Audit.statistics(f, def.selectionStatistics());
        StatsTable outcomes = null;
        long labelled = 0;
        if (f.has(WatchDefinition.LABEL)) {
            Column l = f.column(WatchDefinition.LABEL);
            int[] with = new int[n];
            for (int i = 0; i < n; i++) {
                if (!l.isMissing(i)) {
                    with[(int) labelled++] = i;
                }
            }
            if (labelled > 0) {
                outcomes = Audit.statistics(compacted(f.select(java.util.Arrays.copyOf(with, (int) labelled))), def.outcomeAudit());
            }
        }
        ScoreSketches scores = f.has(WatchDefinition.SCORE) ? ScoreSketches.of(f, def) : null;
        return new LoggedWindow(start, end, n, labelled, sketches, selection, outcomes, scores);
    }

    /**
     * The windows of a chunk of logged predictions, by start: the rows are split by their {@link WatchDefinition#TIMESTAMP}
     * into the definition's windows, and each window's rows are counted by {@link #of}. An empty chunk has none.
     */
    public static SortedMap<Instant, LoggedWindow> windows(Frame chunk, WatchDefinition def, Profile profile) {
        SortedMap<Instant, LoggedWindow> out = new TreeMap<>();
        if (chunk.rowCount() == 0) {
            return out;
        }
        if (!chunk.has(WatchDefinition.TIMESTAMP)) {
            throw new InputException(chunk.source() + ": " + chunk.unknownColumnMessage(WatchDefinition.TIMESTAMP));
        }
        for (Windowing.Window w : Windowing.split(chunk, WatchDefinition.TIMESTAMP, def.window())) {
            out.put(w.start(), of(chunk.select(w.rows()), w.start(), def, profile));
        }
        return out;
    }

    /**
     * This window's statistics and another part's of the same window: counts added, sketches and statistics merged,
     * an absent part (outcomes, scores) taken from the side that has it.
     */
    public LoggedWindow merge(LoggedWindow other) {
        if (!start.equals(other.start)) {
            throw new IllegalArgumentException("windows starting at " + start + " and " + other.start + " do not merge");
        }
        WindowState sk = sketches.merge(other.sketches, sketches.label(), sketches.start(), sketches.end());
        StatsTable se = selection.merge(other.selection);
        StatsTable ou = outcomes == null ? other.outcomes : other.outcomes == null ? outcomes : outcomes.merge(other.outcomes);
        ScoreSketches sc = scores == null ? other.scores : other.scores == null ? scores : scores.merge(other.scores);
        return new LoggedWindow(start, end, predictions + other.predictions, labelled + other.labelled, sk, se, ou, sc);
    }

    /** Merges windows by start: those that share a start merge ({@link #merge}), the others are kept. */
    public static SortedMap<Instant, LoggedWindow> mergeAll(SortedMap<Instant, LoggedWindow> a, SortedMap<Instant, LoggedWindow> b) {
        SortedMap<Instant, LoggedWindow> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, LoggedWindow::merge));
        return out;
    }

    /**
     * The window as bytes, to carry between processes (a Spark task and the driver): its bounds and counts, then each
     * state's own bytes ({@link WindowState#toBytes()}, {@link StatsTable#toBytes()}, {@link ScoreSketches#toBytes()}).
     */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            out.writeInt(MAGIC);
            out.writeLong(start.getEpochSecond());
            out.writeLong(end.getEpochSecond());
            out.writeLong(predictions);
            out.writeLong(labelled);
            for (byte[] part : new byte[][] {sketches.toBytes(), selection.toBytes(), outcomes == null ? null : outcomes.toBytes(),
                    scores == null ? null : scores.toBytes()}) {
                out.writeInt(part == null ? -1 : part.length);
                if (part != null) {
                    out.write(part);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** The window of {@link #toBytes()}. */
    public static LoggedWindow fromBytes(byte[] bytes) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not the bytes of a logged window");
            }
            Instant start = Instant.ofEpochSecond(in.readLong());
            Instant end = Instant.ofEpochSecond(in.readLong());
            long predictions = in.readLong();
            long labelled = in.readLong();
            byte[][] parts = new byte[4][];
            for (int i = 0; i < 4; i++) {
                int n = in.readInt();
                if (n >= 0) {
                    parts[i] = new byte[n];
                    in.readFully(parts[i]);
                }
            }
            return new LoggedWindow(start, end, predictions, labelled, WindowState.fromBytes(parts[0]), StatsTable.fromBytes(parts[1]),
                    parts[2] == null ? null : StatsTable.fromBytes(parts[2]), parts[3] == null ? null : ScoreSketches.fromBytes(parts[3]));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the bytes of a logged window are cut short", e);
        }
    }

    private static final int MAGIC = 0x504c5731; // "PLW1"

    /**
     * The drift profile (bins of numerical columns, levels of the others) that a model without a reference takes from
     * its first logged rows: the definition's drift columns of {@code first}, read as {@link #of} reads them.
     */
    public static Profile profile(Frame first, WatchDefinition def) {
        return Profile.of(normalized(first, def), def.driftColumns());
    }

    /**
     * The first difference from another window's statistics, or null when they are the same: bounds and counts exactly,
     * column sketches and score sketches count for count, group statistics with counts exact and sums to a relative
     * 1e-12 (sums added in another order differ in the last bits).
     */
    public String differenceFrom(LoggedWindow o) {
        if (!start.equals(o.start) || !end.equals(o.end)) {
            return "bounds: [" + start + ", " + end + ") vs [" + o.start + ", " + o.end + ")";
        }
        if (predictions != o.predictions || labelled != o.labelled) {
            return start + ": counts " + predictions + "/" + labelled + " vs " + o.predictions + "/" + o.labelled;
        }
        if (sketches.rows() != o.sketches.rows() || !sketches.columns().equals(o.sketches.columns())) {
            return start + ": column sketches differ";
        }
        String d = selection.differenceFrom(o.selection, 1e-12);
        if (d != null) {
            return start + ": selection: " + d;
        }
        if ((outcomes == null) != (o.outcomes == null)) {
            return start + ": outcomes in one only";
        }
        d = outcomes == null ? null : outcomes.differenceFrom(o.outcomes, 1e-12);
        if (d != null) {
            return start + ": outcomes: " + d;
        }
        if ((scores == null) != (o.scores == null)
                || scores != null && !java.util.Arrays.equals(scores.toBytes(), o.scores.toBytes())) {
            return start + ": score sketches differ";
        }
        return null;
    }

    /**
     * The frame as the statistics read it: the prediction and the label as text whose dictionaries start with the
     * model's positive values (so that rows without a single positive decision are counted, not refused as a typo in
     * the positive value), a score as a number, a label column that holds no label dropped, and a score column that
     * holds no score dropped.
     */
    static Frame normalized(Frame rows, WatchDefinition def) {
        if (!rows.has(WatchDefinition.PREDICTION)) {
            throw new InputException(rows.source() + ": " + rows.unknownColumnMessage(WatchDefinition.PREDICTION));
        }
        List<Column> cols = new ArrayList<>();
        for (Column c : rows.columns()) {
            String name = c.name();
            if (name.equals(WatchDefinition.PREDICTION)) {
                cols.add(text(c, def.positivePrediction()));
            } else if (name.equals(WatchDefinition.LABEL)) {
                if (!allMissing(c)) {
                    cols.add(text(c, def.positiveLabel()));
                }
            } else if (name.equals(WatchDefinition.SCORE)) {
                if (!allMissing(c)) {
                    cols.add(number(c));
                }
            } else {
                cols.add(c);
            }
        }
        return new Frame(rows.source(), cols);
    }

    private static boolean allMissing(Column c) {
        for (int i = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                return false;
            }
        }
        return true;
    }

    private static StringColumn text(Column c, String positive) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put(positive, 0);
        int[] out = new int[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.isMissing(i) ? StringColumn.MISSING : codes.computeIfAbsent(c.format(i), k -> codes.size());
        }
        return new StringColumn(c.name(), out, codes.keySet().toArray(String[]::new));
    }

    private static DoubleColumn number(Column c) {
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            if (c.isMissing(i)) {
                v[i] = Double.NaN;
                continue;
            }
            v[i] = switch (c) {
                case DoubleColumn d -> d.getDouble(i);
                case LongColumn l -> l.getLong(i);
                default -> {
                    try {
                        yield Double.parseDouble(c.format(i));
                    } catch (NumberFormatException e) {
                        throw new InputException(WatchDefinition.SCORE + " is a number; got '" + InputException.shown(c.format(i)) + "'");
                    }
                }
            };
        }
        return DoubleColumn.of(c.name(), v);
    }

    /**
     * Text inputs with only the values their rows hold (a selection shares its dictionary with all rows); the
     * prediction and the label keep their positive values first.
     */
    private static Frame compacted(Frame f) {
        List<Column> cols = new ArrayList<>();
        for (Column c : f.columns()) {
            boolean own = c.name().equals(WatchDefinition.PREDICTION) || c.name().equals(WatchDefinition.LABEL);
            cols.add(c instanceof StringColumn s && !own ? s.compact() : c);
        }
        return new Frame(f.source(), cols);
    }
}
