package dev.probity.monitor.logged;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.perf.ScoreSketch;
import dev.probity.monitor.window.Profile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggedWindowTest {
    static final WatchDefinition DEF = new WatchDefinition(List.of("sex"), List.of("income"), "1", null, Map.of(), "1d", null, null);
    static final Instant DAY1 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-02T00:00:00Z");

    // timestamp, sex, income, prediction, score, label (null: missing)
    static final Object[][] ROWS = {
            {"2026-11-01T01:00:00Z", "A", 10.0, 1L, 0.9, "1"},
            {"2026-11-01T02:00:00Z", "B", 20.0, 0L, 0.2, "0"},
            {"2026-11-01T03:00:00Z", "A", 30.0, 1L, 0.7, null},
            {"2026-11-01T04:00:00Z", "B", null, 1L, null, "1"},
            {"2026-11-01T05:00:00Z", "A", 50.0, 0L, 0.1, null},
            {"2026-11-01T06:00:00Z", "B", 60.0, 0L, 1.5, "0"},
            {"2026-11-01T23:59:59Z", "A", 70.0, 1L, 0.8, "1"},
            {"2026-11-02T00:00:00Z", "B", 15.0, 0L, 0.3, null},
            {"2026-11-02T01:00:00Z", "A", 25.0, 1L, 0.6, null},
            {"2026-11-02T02:00:00Z", "B", 35.0, 0L, 0.4, null},
            {"2026-11-02T03:00:00Z", "A", 45.0, 0L, 0.5, null},
            {"2026-11-02T04:00:00Z", null, 55.0, 1L, 0.95, null},
    };

    /** The rows from..to-1, the prediction as a whole number or as text. */
    static Frame frame(int from, int to, boolean predictionAsText) {
        ColumnBuilder ts = new ColumnBuilder("timestamp", ColumnType.STRING);
        ColumnBuilder sex = new ColumnBuilder("sex", ColumnType.STRING);
        ColumnBuilder income = new ColumnBuilder("income", ColumnType.DOUBLE);
        ColumnBuilder pred = new ColumnBuilder("prediction", predictionAsText ? ColumnType.STRING : ColumnType.LONG);
        ColumnBuilder score = new ColumnBuilder("score", ColumnType.DOUBLE);
        ColumnBuilder label = new ColumnBuilder("label", ColumnType.STRING);
        for (int i = from; i < to; i++) {
            Object[] r = ROWS[i];
            ts.addString((String) r[0]);
            if (r[1] == null) {
                sex.addMissing();
            } else {
                sex.addString((String) r[1]);
            }
            if (r[2] == null) {
                income.addMissing();
            } else {
                income.addDouble((Double) r[2]);
            }
            if (predictionAsText) {
                pred.addString(r[3].toString());
            } else {
                pred.addLong((Long) r[3]);
            }
            if (r[4] == null) {
                score.addMissing();
            } else {
                score.addDouble((Double) r[4]);
            }
            if (r[5] == null) {
                label.addMissing();
            } else {
                label.addString((String) r[5]);
            }
        }
        return new Frame("logged", List.of(ts.build(), sex.build(), income.build(), pred.build(), score.build(), label.build()));
    }

    static Profile profile() {
        return LoggedWindow.profile(frame(0, ROWS.length, false), DEF);
    }

    @Test
    void aChunkIsCountedWindowByWindow() {
        Profile p = profile();
        SortedMap<Instant, LoggedWindow> w = LoggedWindow.windows(frame(0, ROWS.length, false), DEF, p);
        assertThat(w.keySet()).containsExactly(DAY1, DAY2);
        LoggedWindow d1 = w.get(DAY1);
        LoggedWindow d2 = w.get(DAY2);
        assertThat(d1.end()).isEqualTo(DAY2);
        assertThat(d1.predictions()).isEqualTo(7);
        assertThat(d1.labelled()).isEqualTo(5);
        assertThat(d2.predictions()).isEqualTo(5);
        assertThat(d2.labelled()).isZero();
        assertThat(d2.outcomes()).isNull();
        // decisions per group, and labelled ones per group
        assertThat(d1.selection().marginal(List.of("sex")).get(List.of("A")).rows()).isEqualTo(4);
        assertThat(d1.selection().marginal(List.of("sex")).get(List.of("B")).rows()).isEqualTo(3);
        assertThat(d1.outcomes().marginal(List.of("sex")).get(List.of("A")).rows()).isEqualTo(2);
        assertThat(d1.outcomes().marginal(List.of("sex")).get(List.of("B")).rows()).isEqualTo(3);
        // the prediction's levels: "1" four times on day 1, "0" three times; income has one missing value
        List<String> levels = p.column("prediction").levels();
        long[] counts = d1.sketches().columns().get("prediction").counts();
        assertThat(counts[levels.indexOf("1")]).isEqualTo(4);
        assertThat(counts[levels.indexOf("0")]).isEqualTo(3);
        assertThat(d1.sketches().columns().get("income").missing()).isEqualTo(1);
        // scores: one missing and one outside [0, 1] are unscored; three scored rows have labels
        ScoreSketch all = d1.scores().sketches().get(ScoreSketches.OVERALL);
        assertThat(all.unscored()).isEqualTo(2);
        assertThat(all.labelled()).isEqualTo(3);
        assertThat(d1.scores().sketches().keySet()).containsExactlyInAnyOrder("", "sex=A", "sex=B");
        assertThat(d2.scores().sketches().keySet()).containsExactlyInAnyOrder("", "sex=A", "sex=B", "sex=(missing)");
    }

    @Test
    void chunksMergedInAnyOrderEqualTheWhole() {
        Profile p = profile();
        SortedMap<Instant, LoggedWindow> whole = LoggedWindow.windows(frame(0, ROWS.length, false), DEF, p);
        SortedMap<Instant, LoggedWindow> a = LoggedWindow.windows(frame(0, 3, false), DEF, p);
        SortedMap<Instant, LoggedWindow> b = LoggedWindow.windows(frame(3, 8, false), DEF, p);
        SortedMap<Instant, LoggedWindow> c = LoggedWindow.windows(frame(8, ROWS.length, false), DEF, p);
        SortedMap<Instant, LoggedWindow> empty = LoggedWindow.windows(frame(0, 0, false), DEF, p);
        assertThat(empty).isEmpty();
        // a holds no day 2 and c no label: the absent parts come from the side that has them
        for (SortedMap<Instant, LoggedWindow> merged : List.of(
                LoggedWindow.mergeAll(LoggedWindow.mergeAll(a, b), LoggedWindow.mergeAll(c, empty)),
                LoggedWindow.mergeAll(c, LoggedWindow.mergeAll(b, a)))) {
            assertThat(merged.keySet()).isEqualTo(whole.keySet());
            for (Instant s : whole.keySet()) {
                assertThat(merged.get(s).differenceFrom(whole.get(s))).isNull();
            }
        }
        // carried as bytes, a window is the same
        for (LoggedWindow w : whole.values()) {
            assertThat(LoggedWindow.fromBytes(w.toBytes()).differenceFrom(w)).isNull();
        }
        // and a real difference is found
        assertThat(a.get(DAY1).differenceFrom(whole.get(DAY1))).contains("counts 3/2 vs 7/5");
    }

    @Test
    void aPredictionReadAsTextCountsAsTheSameNumber() {
        Profile p = profile();
        TreeMap<Instant, LoggedWindow> asText = new TreeMap<>(LoggedWindow.windows(frame(0, ROWS.length, true), DEF, p));
        SortedMap<Instant, LoggedWindow> asNumber = LoggedWindow.windows(frame(0, ROWS.length, false), DEF, p);
        for (Instant s : asNumber.keySet()) {
            assertThat(asText.get(s).differenceFrom(asNumber.get(s))).isNull();
        }
    }

    @Test
    void refusalsNameWhatIsWrong() {
        Frame noTime = frame(0, 3, false).select(new int[] {0, 1, 2});
        Frame without = new Frame("logged", noTime.columns().subList(1, noTime.columnCount()));
        assertThatThrownBy(() -> LoggedWindow.windows(without, DEF, profile())).isInstanceOf(InputException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> new WatchDefinition(List.of("sex"), List.of(), "1", null, Map.of(), "1000-rows", null, null))
                .isInstanceOf(InputException.class).hasMessageContaining("not of rows");
        LoggedWindow d1 = LoggedWindow.windows(frame(0, ROWS.length, false), DEF, profile()).get(DAY1);
        LoggedWindow d2 = LoggedWindow.windows(frame(0, ROWS.length, false), DEF, profile()).get(DAY2);
        assertThatThrownBy(() -> d1.merge(d2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not merge");
    }

    @Test
    void definitionsDifferInTheFieldThatDecidesTheStatistics() {
        WatchDefinition other = new WatchDefinition(List.of("sex"), List.of("income"), "1", "1", Map.of(), "1w", null, null);
        assertThat(DEF.firstDifference(other)).isEqualTo("period");
        // an absent positive label is the positive prediction's
        assertThat(DEF.firstDifference(new WatchDefinition(List.of("sex"), List.of("income"), "1", "1", null, null, null, null))).isNull();
    }
}
