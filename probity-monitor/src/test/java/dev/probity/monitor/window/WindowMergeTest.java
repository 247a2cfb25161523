package dev.probity.monitor.window;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Gen;
import dev.probity.fairness.audit.AuditSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge laws of window states: the state of rows A and B merged equals the state of A ∪ B (sketches and counts
 * exactly; the audit's statistics to 1e-12), in any grouping and order, and a state read back from bytes equals the one
 * written.
 */
class WindowMergeTest {
    record Case(long seed, int rows, int cut1, int cut2) {
        @Override
        public String toString() {
            return "seed=" + seed + " rows=" + rows + " cuts=" + cut1 + "," + cut2;
        }
    }

    static Stream<Case> cases() {
        return Cases.of(0x3E7A6EL, 60, g -> {
            int n = g.between(3, 400);
            int a = g.between(1, n - 2);
            int b = g.between(a + 1, n - 1);
            return new Case(g.seed(), n, a, b);
        });
    }

    static Frame table(long seed, int n) {
        Gen g = Gen.of(seed);
        double[] x = new double[n];
        long[] k = new long[n];
        String[] c = new String[n];
        String[] grp = new String[n];
        String[] y = new String[n];
        String[] p = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.chance(0.05) ? Double.NaN : (g.uniform() - 0.3) * 1000;
            k[i] = g.between(-3, 12);
            c[i] = g.chance(0.1) ? null : g.oneOf("a", "b", "c", "d", "new");
            grp[i] = g.oneOf("f", "m", "x");
            y[i] = g.bool() ? "1" : "0";
            p[i] = g.chance(0.6) ? y[i] : g.bool() ? "1" : "0";
        }
        return new Frame("t", List.of(DoubleColumn.of("x", x), LongColumn.of("k", k), StringColumn.of("c", c), StringColumn.of("g", grp),
                StringColumn.of("y", y), StringColumn.of("p", p)));
    }

    static final AuditSpec AUDIT = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").minGroupRows(1).build();

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergingWindowsEqualsCountingTheirRowsTogether(Case c) {
        Frame f = table(c.seed(), c.rows());
        // the profile comes from another table, as a reference would
        Profile profile = Profile.of(table(c.seed() ^ 77, 50), List.of("x", "k", "c", "g"));
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        WindowState a = Monitor.state(profile, f, range(0, c.cut1()), "a", t, t, AUDIT);
        WindowState b = Monitor.state(profile, f, range(c.cut1(), c.cut2()), "b", t, t, AUDIT);
        WindowState d = Monitor.state(profile, f, range(c.cut2(), c.rows()), "d", t, t, AUDIT);
        WindowState all = Monitor.state(profile, f, range(0, c.rows()), "all", t, t, AUDIT);
        WindowState left = a.merge(b, "ab", t, t).merge(d, "all", t, t);
        WindowState right = a.merge(b.merge(d, "bd", t, t), "all", t, t);
        WindowState swapped = d.merge(a, "da", t, t).merge(b, "all", t, t);
        for (WindowState m : List.of(left, right, swapped)) {
            assertThat(m.rows()).isEqualTo(all.rows());
            assertThat(m.columns()).isEqualTo(all.columns());
            if (all.audit() != null) {
                assertThat(m.audit().sameAs(all.audit(), 1e-12)).as(m.audit().differenceFrom(all.audit(), 1e-12)).isTrue();
            }
        }
        // a state survives bytes
        WindowState back = WindowState.fromBytes(left.toBytes());
        assertThat(back.columns()).isEqualTo(left.columns());
        assertThat(back.label()).isEqualTo("all");
        assertThat(back.rows()).isEqualTo(left.rows());
        if (left.audit() != null) {
            assertThat(back.audit().sameAs(left.audit(), 0)).isTrue();
        }
        assertThat(back.toBytes()).isEqualTo(left.toBytes());
    }
}
