package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.audit.AuditSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MonitorTest {

    /**
     * 12 weeks of 600 rows a day-spread week from 2024-01-01 (a Monday): x ~ N(0, 1) until week 8, then N(1, 1); group
     * "b" selected at the same rate as "a" until week 10, then at a third of it.
     */
    static Frame weeks() {
        SplitMix64 r = new SplitMix64(9);
        int perWeek = 600;
        int n = 12 * perWeek;
        String[] day = new String[n];
        double[] x = new double[n];
        String[] g = new String[n];
        String[] y = new String[n];
        String[] p = new String[n];
        for (int i = 0; i < n; i++) {
            int week = i / perWeek;
            day[i] = LocalDate.of(2024, 1, 1).plusDays(7L * week + (i % 7)).toString();
            x[i] = normal(r) + (week >= 8 ? 1 : 0);
            g[i] = r.nextDouble() < 0.5 ? "a" : "b";
            boolean lab = r.nextDouble() < 0.4;
            y[i] = lab ? "1" : "0";
            double rate = g[i].equals("b") && week >= 10 ? 0.15 : 0.45;
            p[i] = r.nextDouble() < rate ? "1" : "0";
        }
        return new Frame("weeks.csv", List.of(StringColumn.of("day", day), DoubleColumn.of("x", x), StringColumn.of("g", g),
                StringColumn.of("y", y), StringColumn.of("p", p)));
    }

    static double normal(SplitMix64 r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static final AuditSpec AUDIT = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g")
            .reference("g", "a").minGroupRows(1).build();

    @Test
    void alertsWhereTheDataAndTheDecisionsMovedAndNowhereElse() {
        MonitorResult r = Monitor.run(null, weeks(), Monitor.Spec.of("day", Period.parse("1w"), List.of("x", "g"), AUDIT));
        assertThat(r.windows()).hasSize(12);
        assertThat(r.windows().get(0).label()).isEqualTo("2024-W01");
        assertThat(r.referenceIsFirstWindow()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("the first window is the reference"));
        // drift of x from week 9 (index 8) on, major (a shift of one standard deviation moves PSI well past 0.25)
        for (int w = 0; w < 12; w++) {
            int week = w;
            boolean alerted = r.alerts().stream().anyMatch(a -> a.kind().equals("drift") && a.subject().equals("x")
                    && a.window().equals(r.windows().get(week).label()));
            assertThat(alerted).as("week %d", w + 1).isEqualTo(w >= 8);
        }
        assertThat(r.windows().get(9).columns().get(0).psi()).isGreaterThan(0.25);
        // group b's selection rate falls in weeks 11 and 12: a major fairness alert there and none before
        for (int w = 0; w < 12; w++) {
            int week = w;
            List<MonitorResult.Alert> fair = r.alerts().stream().filter(a -> a.kind().equals("fairness") && a.window().equals(r.windows().get(week).label())
                    && a.subject().equals("g selection_rate")).toList();
            if (w >= 10) {
                assertThat(fair).as("week %d", w + 1).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo("major"));
            } else {
                assertThat(fair.stream().filter(a -> a.severity().equals("major"))).as("week %d", w + 1).isEmpty();
            }
        }
        // rates with intervals, per group
        MonitorResult.GroupRates b11 = r.windows().get(10).groups().stream().filter(x -> x.group().equals("b")).findFirst().orElseThrow();
        assertThat(b11.selectionRate().number()).isBetween(0.08, 0.22);
        assertThat(b11.selectionRate().interval().contains(b11.selectionRate().number())).isTrue();
        // the quantiles of x follow its shift
        assertThat(r.windows().get(11).columns().get(0).quantiles()[1]).isCloseTo(1.0, within(0.15));
    }

    @Test
    void daysMergedIntoWeeksGiveTheReportOfWeeks() {
        Frame f = weeks();
        Monitor.Spec daily = Monitor.Spec.of("day", Period.parse("1d"), List.of("x", "g"), AUDIT);
        Monitor.Spec weekly = Monitor.Spec.of("day", Period.parse("1w"), List.of("x", "g"), AUDIT);
        Frame ref = f.head(600);
        Profile profile = Profile.of(ref, List.of("x", "g"));
        WindowState refState = Monitor.state(profile, ref, rows(600), "reference", null, null, AUDIT);
        List<WindowState> days = new ArrayList<>();
        for (Windowing.Window w : Windowing.split(f, "day", daily.period())) {
            // each day's state goes through bytes, as if kept by an earlier run
            days.add(WindowState.fromBytes(Monitor.state(profile, f, w.rows(), w.label(), w.start(), w.end(), AUDIT).toBytes()));
        }
        assertThat(days).hasSize(84);
        List<WindowState> merged = Monitor.rollUp(days, daily.period(), weekly.period());
        List<WindowState> direct = new ArrayList<>();
        for (Windowing.Window w : Windowing.split(f, "day", weekly.period())) {
            direct.add(Monitor.state(profile, f, w.rows(), w.label(), w.start(), w.end(), AUDIT));
        }
        assertThat(merged).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(merged.get(i).label()).isEqualTo(direct.get(i).label());
            assertThat(merged.get(i).start()).isEqualTo(direct.get(i).start());
            assertThat(merged.get(i).columns()).isEqualTo(direct.get(i).columns());
            assertThat(merged.get(i).audit().sameAs(direct.get(i).audit(), 1e-12)).isTrue();
        }
        MonitorResult a = Monitor.report(profile, refState, merged, weekly, "weeks.csv", "ref", false);
        MonitorResult b = Monitor.report(profile, refState, direct, weekly, "weeks.csv", "ref", false);
        assertThat(a.alerts()).isEqualTo(b.alerts());
        for (int i = 0; i < 12; i++) {
            assertThat(a.windows().get(i).columns().get(0).psi()).isEqualTo(b.windows().get(i).columns().get(0).psi());
            assertThat(a.windows().get(i).outcome().selectionRate().number())
                    .isCloseTo(b.windows().get(i).outcome().selectionRate().number(), within(1e-12));
        }
        assertThatThrownBy(() -> Monitor.rollUp(days, Period.parse("7d"), Period.parse("1M"))).hasMessageContaining("do not nest");
    }

    private static int[] rows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Test
    void periodsAlignToTheCalendarInUtc() {
        Instant t = Instant.parse("2024-02-29T23:30:00Z");
        assertThat(Period.parse("1d").label(Period.parse("1d").start(t))).isEqualTo("2024-02-29");
        assertThat(Period.parse("1w").start(t)).isEqualTo(Instant.parse("2024-02-26T00:00:00Z")); // a Monday
        assertThat(Period.parse("1w").label(Period.parse("1w").start(t))).isEqualTo("2024-W09");
        assertThat(Period.parse("1M").end(Period.parse("1M").start(t))).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(Period.parse("3M").label(Period.parse("3M").start(t))).isEqualTo("2024-01");
        assertThat(Period.parse("6h").label(Period.parse("6h").start(t))).isEqualTo("2024-02-29T18:00Z");
        assertThat(Period.parse("500-rows").byRows()).isTrue();
        assertThat(Windowing.parse("2013-08-14 06:03:42")).isEqualTo(Instant.parse("2013-08-14T06:03:42Z"));
        assertThat(Windowing.parse("2013-08-14T06:03:42+02:00")).isEqualTo(Instant.parse("2013-08-14T04:03:42Z"));
        assertThatThrownBy(() -> Period.parse("1m")).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> Period.parse("weekly")).hasMessageContaining("1d, 7d, 1w, 1M");
        assertThatThrownBy(() -> Period.parse("0d")).hasMessageContaining("at least 1");
        assertThat(Period.parse("1d").nestsIn(Period.parse("1w"))).isTrue();
        assertThat(Period.parse("2d").nestsIn(Period.parse("1w"))).isFalse();
        assertThat(Period.parse("6h").nestsIn(Period.parse("1M"))).isTrue();
    }

    @Test
    void badTimesAndMissingTimesAreNamed() {
        Frame f = new Frame("bad.csv", List.of(StringColumn.of("t", "2024-01-01", "yesterday", "2024-01-02"), DoubleColumn.of("x", 1, 2, 3)));
        assertThatThrownBy(() -> Monitor.run(null, f, Monitor.Spec.of("t", Period.parse("1d"), null, null)))
                .isInstanceOf(InputException.class).hasMessageContaining("bad.csv").hasMessageContaining("'yesterday'")
                .hasMessageContaining("not an ISO-8601 date");
        Frame m = new Frame("m.csv", List.of(StringColumn.of("t", "2024-01-01", null), DoubleColumn.of("x", 1, 2)));
        assertThatThrownBy(() -> Monitor.run(null, m, Monitor.Spec.of("t", Period.parse("1d"), null, null))).hasMessageContaining("is empty on");
        assertThatThrownBy(() -> Monitor.run(null, m, Monitor.Spec.of(null, Period.parse("1d"), null, null))).hasMessageContaining("needs a time column");
        // row windows in file order need no time; a column of dates is left out of drift and said
        Frame rowsOnly = new Frame("r.csv", List.of(StringColumn.of("when", "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"),
                DoubleColumn.of("x", 1, 2, 3, 4)));
        MonitorResult r = Monitor.run(null, rowsOnly, Monitor.Spec.of(null, Period.parse("2-rows"), null, null));
        assertThat(r.windows()).extracting(MonitorResult.WindowReport::label).containsExactly("rows 1–2", "rows 3–4");
        assertThat(r.settings().columns()).containsExactly("x");
        assertThat(r.notes()).anyMatch(n -> n.contains("dates or times are not watched") && n.contains("when"));
    }

    @Test
    void damagedStatesAreRefused() {
        Frame f = weeks().head(50);
        Profile p = Profile.of(f, List.of("x", "g"));
        byte[] ok = Monitor.state(p, f, rows(50), "w", null, null, AUDIT).toBytes();
        assertThatThrownBy(() -> WindowState.fromBytes(java.util.Arrays.copyOf(ok, ok.length - 3))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> WindowState.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).hasMessageContaining("not a Probity window state");
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> WindowState.fromBytes(longer)).hasMessageContaining("after its end");
    }

    @Test
    void performanceIsEstimatedWhereLabelsHaveNotArrived() {
        // a calibrated score p = σ(2x); x drifts upwards from week 7, which raises accuracy (fewer rows near the boundary);
        // the labels of weeks 9 to 12 have not arrived
        SplitMix64 r = new SplitMix64(21);
        int perWeek = 2000;
        int n = 12 * perWeek;
        String[] day = new String[n];
        double[] x = new double[n];
        double[] score = new double[n];
        String[] y = new String[n];
        String[] hidden = new String[n];
        String[] p = new String[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            int week = i / perWeek;
            day[i] = LocalDate.of(2024, 1, 1).plusDays(7L * week + (i % 7)).toString();
            x[i] = normal(r) + (week >= 6 ? 0.25 * (week - 5) : 0);
            score[i] = 1 / (1 + Math.exp(-2 * x[i]));
            hidden[i] = r.nextDouble() < score[i] ? "1" : "0";
            y[i] = week >= 8 ? null : hidden[i];
            p[i] = score[i] >= 0.5 ? "1" : "0";
            g[i] = r.nextDouble() < 0.5 ? "a" : "b";
        }
        Frame f = new Frame("scored.csv", List.of(StringColumn.of("day", day), DoubleColumn.of("x", x), DoubleColumn.of("score", score),
                StringColumn.of("y", y), StringColumn.of("p", p), StringColumn.of("g", g)));
        AuditSpec audit = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").minGroupRows(1).dropMissing(true).build();
        MonitorResult m = Monitor.run(null, f, Monitor.Spec.of("day", Period.parse("1w"), List.of("x"), audit).withScores("score"));
        assertThat(m.notes()).anyMatch(t -> t.startsWith("Performance before labels arrive (CBPE"));
        for (int w = 0; w < 12; w++) {
            MonitorResult.WindowReport rep = m.windows().get(w);
            var est = rep.estimated().get(dev.probity.monitor.perf.Cbpe.Metric.ACCURACY);
            int correct = 0;
            for (int i = w * perWeek; i < (w + 1) * perWeek; i++) {
                correct += hidden[i].equals(p[i]) ? 1 : 0;
            }
            double truth = (double) correct / perWeek;
            assertThat(est.value()).as("week %d", w + 1).isCloseTo(truth, within(0.03));
            assertThat(truth).as("week %d", w + 1).isBetween(est.lower() - 0.01, est.upper() + 0.01);
            if (w >= 8) {
                assertThat(rep.estimated().labelled()).isZero();
                assertThat(rep.outcome()).as("no labelled row to audit in week %d", w + 1).isNull();
            } else {
                assertThat(rep.outcome().accuracy().number()).isCloseTo(truth, within(1e-12));
            }
        }
        // accuracy rose by several points as x moved away from the boundary, and the estimate followed it
        double first = m.windows().get(0).estimated().get(dev.probity.monitor.perf.Cbpe.Metric.ACCURACY).value();
        double last = m.windows().get(11).estimated().get(dev.probity.monitor.perf.Cbpe.Metric.ACCURACY).value();
        assertThat(last - first).isGreaterThan(0.05);
    }

    /** Months of 2024, rows spread over the days; column values from the supplier. */
    static Frame months(int perMonth, int months, java.util.function.IntFunction<Object[]> row) {
        int n = perMonth * months;
        String[] t = new String[n];
        double[] z = new double[n];
        String[] g = new String[n];
        String[] y = new String[n];
        String[] p = new String[n];
        for (int i = 0; i < n; i++) {
            t[i] = LocalDate.of(2024, 1 + i / perMonth, 1 + i % 28).toString();
            Object[] v = row.apply(i);
            z[i] = v[0] == null ? Double.NaN : (double) v[0];
            g[i] = (String) v[1];
            y[i] = (String) v[2];
            p[i] = (String) v[3];
        }
        dev.probity.core.frame.ColumnBuilder zc = new dev.probity.core.frame.ColumnBuilder("z", dev.probity.core.frame.ColumnType.DOUBLE);
        for (double v : z) {
            if (Double.isNaN(v)) {
                zc.addMissing();
            } else {
                zc.addDouble(v);
            }
        }
        return new Frame("months.csv", List.of(StringColumn.of("t", t), zc.build(), StringColumn.of("g", g), StringColumn.of("y", y),
                StringColumn.of("p", p)));
    }

    @Test
    void whatAHostileTesterFoundIsNowSaid() {
        AuditSpec audit = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").minGroupRows(1).build();
        // z empties in March; group a is never selected and b always is from February; April holds group a only
        Frame f = months(60, 4, i -> {
            int m = i / 60;
            String g = m == 3 ? "a" : i % 3 == 0 ? "b" : "a";
            String p = m == 0 ? (i % 2 == 0 ? "1" : "0") : g.equals("b") ? "1" : "0";
            return new Object[] {m == 2 ? null : (double) (i % 10), g, i % 2 == 0 ? "1" : "0", p};
        });
        MonitorResult r = Monitor.run(null, f, Monitor.Spec.of("t", Period.parse("1M"), List.of("z", "g"), audit));
        // the column that emptied is a major alert
        assertThat(r.alerts()).anyMatch(a -> a.window().equals("2024-03") && a.kind().equals("data") && a.severity().equals("major")
                && a.text().contains("z has no value in its 60 rows"));
        // the reference group (a, the largest in January) is kept in every window; its rate of 0 does not hide b's 100 %
        assertThat(r.alerts()).anyMatch(a -> a.window().equals("2024-02") && a.kind().equals("fairness") && a.text().contains("b 100.0% against 0%"));
        assertThat(r.windows().get(1).groups()).filteredOn(x -> x.group().equals("b")).singleElement()
                .satisfies(x -> assertThat(x.gaps().get(0).referenceGroup()).isEqualTo("a"));
        // April has one group: no audit by group, but its selection rate and accuracy are still there
        MonitorResult.WindowReport april = r.windows().get(3);
        assertThat(april.outcome().selectionRate().number()).isZero();
        assertThat(april.outcome().accuracy().number()).isCloseTo(0.5, within(1e-12));
        // decisions that are not the label's values are refused up front, not noted window by window
        Frame bad = months(30, 2, i -> new Object[] {1.0, i % 2 == 0 ? "a" : "b", i % 2 == 0 ? "1" : "0", i % 3 == 0 ? "maybe" : i % 3 == 1 ? "yes" : "no"});
        AuditSpec unsaid = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").minGroupRows(1).build();
        assertThatThrownBy(() -> Monitor.run(null, bad, Monitor.Spec.of("t", Period.parse("1M"), List.of("z"), unsaid)))
                .isInstanceOf(InputException.class);
        // drift on a handful of values is at most minor
        Frame tiny = months(3, 3, i -> new Object[] {i < 3 ? 1.0 : 50.0, "a", "1", "1"});
        MonitorResult t = Monitor.run(null, tiny, Monitor.Spec.of("t", Period.parse("1M"), List.of("z"), null));
        assertThat(t.alerts()).filteredOn(a -> a.kind().equals("drift")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.severity()).isEqualTo("minor")).allSatisfy(a -> assertThat(a.text()).contains("a weak verdict"));
    }

    @Test
    void timesThatCannotBeRightAreRefusedAndGapsAreSaid() {
        Frame millis = new Frame("ms.csv", List.of(dev.probity.core.frame.LongColumn.of("t", 1_704_067_200_000L, 1_704_153_600_000L),
                DoubleColumn.of("x", 1, 2)));
        assertThatThrownBy(() -> Monitor.run(null, millis, Monitor.Spec.of("t", Period.parse("1d"), null, null)))
                .hasMessageContaining("if these are milliseconds, divide them by 1,000");
        Frame mixed = new Frame("mixed.csv", List.of(StringColumn.of("t", "2024-01-01", "1704153600", "20240103", "2024-03-01"),
                DoubleColumn.of("x", 1, 2, 3, 4)));
        MonitorResult r = Monitor.run(null, mixed, Monitor.Spec.of("t", Period.parse("1d"), null, null));
        assertThat(r.windows()).extracting(MonitorResult.WindowReport::label).containsExactly("2024-01-01", "2024-01-02", "2024-01-03", "2024-03-01");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("57 windows between 2024-01-01 and 2024-03-01 had no rows"));
        MonitorResult one = Monitor.run(null, mixed, Monitor.Spec.of("t", Period.parse("1M"), null, null).withScores(null));
        assertThat(one.windows()).hasSize(2);
        Frame single = new Frame("one.csv", List.of(StringColumn.of("t", "2024-01-01", "2024-01-02"), DoubleColumn.of("x", 1, 2)));
        assertThat(Monitor.run(null, single, Monitor.Spec.of("t", Period.parse("1M"), null, null)).notes())
                .anyMatch(n -> n.contains("one window, which is the reference: nothing was compared"));
        Frame other = new Frame("other.csv", List.of(DoubleColumn.of("q", 1, 2)));
        assertThatThrownBy(() -> Monitor.run(other, single, Monitor.Spec.of("t", Period.parse("1M"), null, null))).hasMessageContaining("share no column");
    }
}
