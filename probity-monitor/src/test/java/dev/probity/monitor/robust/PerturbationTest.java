package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerturbationTest {
    @Test
    void aSwapBetweenTwoCategoriesFlipsEveryDecisionThatDependsOnIt() {
        // decision = 1 exactly when the group is "b" (shift 10 outweighs everything else)
        AffineModel m = new AffineModel(List.of("x1"), new double[] {0.0}, -5, "group", Map.of("b", 10.0), true);
        String[] g = new String[100];
        double[] x = new double[100];
        for (int i = 0; i < 100; i++) {
            g[i] = i % 3 == 0 ? "a" : "b";
            x[i] = i;
        }
        Frame d = Frame.of(new DoubleColumn("x1", x, Missing.NONE), StringColumn.of("group", g));
        Perturbation.Report r = Perturbation.run(InputSpace.of(m, d, Set.of()), d, Perturbation.Settings.defaults());
        Perturbation.Check swap = r.checks().stream().filter(c -> c.kind().equals("swap")).findFirst().orElseThrow();
        assertThat(swap.flipped()).isEqualTo(100);
        assertThat(swap.interval().high()).isEqualTo(1.0);
        // x1 has weight 0: noise and its removal flip nothing
        assertThat(r.checks().stream().filter(c -> c.feature().equals("x1")).mapToInt(Perturbation.Check::flipped).sum()).isZero();
        // a missing group loses the shift: every "b" flips
        Perturbation.Check gone = r.checks().stream().filter(c -> c.kind().equals("missing") && c.feature().equals("group")).findFirst().orElseThrow();
        assertThat(gone.flipped()).isEqualTo(66);
    }

    @Test
    void noiseFlipsOnlyRowsNearTheBoundaryAndTheCountMatchesAnIndependentReplay() {
        AffineModel m = new AffineModel(List.of("x1"), new double[] {1.0}, 0, null, Map.of(), true);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 500) / 100.0; // -5 .. 4.99, sd ≈ 2.89
        }
        Frame d = Frame.of(new DoubleColumn("x1", x, Missing.NONE));
        Perturbation.Settings s = new Perturbation.Settings(0.1, 0.95, 7);
        Perturbation.Report r = Perturbation.run(InputSpace.of(m, d, Set.of()), d, s);
        Perturbation.Check all = r.checks().get(0);
        assertThat(all.feature()).isEqualTo("*");
        // replay the noise: stream 0 of seed 7, sd 0.1 · sd(x), clipped to the range
        var rng = dev.probity.core.stats.SplitMix64.stream(7, 0);
        InputSpace space = InputSpace.of(m, d, Set.of());
        int expected = 0;
        for (double v : x) {
            double moved = Math.max(-5, Math.min(4.99, v + 0.1 * space.scale()[0] * GradientAttack.gaussian(rng)));
            if ((v >= 0) != (moved >= 0)) {
                expected++;
            }
        }
        assertThat(all.flipped()).isEqualTo(expected).isPositive().isLessThan(200);
        assertThat(all.interval().low()).isLessThan(all.share());
        assertThat(all.interval().high()).isGreaterThan(all.share());
        assertThatThrownBy(() -> new Perturbation.Settings(0, 0.95, 1)).isInstanceOf(InputException.class);
    }
}
