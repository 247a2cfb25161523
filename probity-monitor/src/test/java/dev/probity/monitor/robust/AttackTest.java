package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AttackTest {
    static final List<String> X = List.of("x1", "x2", "x3");
    static final double[] W = {1.5, -2.0, 0.5};

    /** n rows of three standard-normal-ish features (different spreads) and a two-valued category. */
    static Frame data(int n, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        double[][] x = new double[3][n];
        String[] c = new String[n];
        double[] spread = {1, 3, 0.5};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[j][i] = spread[j] * GradientAttack.gaussian(r);
            }
            c[i] = r.nextDouble() < 0.5 ? "a" : "b";
        }
        return new Frame("test", List.of(new DoubleColumn("x1", x[0], Missing.NONE), new DoubleColumn("x2", x[1], Missing.NONE),
                new DoubleColumn("x3", x[2], Missing.NONE), StringColumn.of("group", c)));
    }

    static AffineModel model(boolean gradient) {
        return new AffineModel(X, W, 0.3, "group", Map.of("a", 0.0, "b", 0.8), gradient);
    }

    static int[] rows(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** The unbounded exact distances in closed form: |z| / ‖a‖ in the dual norm, a_j = w_j · sd_j. */
    static double closedForm(InputSpace space, double z, Norm norm) {
        double l1 = 0;
        double l2 = 0;
        double max = 0;
        for (int j = 0; j < 3; j++) {
            double a = Math.abs(W[j] * space.scale()[j]);
            l1 += a;
            l2 += a * a;
            max = Math.max(max, a);
        }
        return switch (norm) {
            case LINF -> Math.abs(z) / l1;
            case L2 -> Math.abs(z) / Math.sqrt(l2);
            case L1 -> Math.abs(z) / max;
        };
    }

    @Test
    void theExactDistanceOfAnUnboundedLinearModelIsTheDualNormFormula() {
        Frame d = data(200, 1);
        InputSpace space = InputSpace.of(model(true), d, Set.of("group")).unbounded();
        double[] z = model(true).logOdds(d);
        for (Norm norm : Norm.values()) {
            AttackResult r = GradientAttack.linearExact(space, d, rows(200), norm);
            for (int i = 0; i < 200; i++) {
                assertThat(r.distance()[i]).as("row %d %s", i, norm).isCloseTo(closedForm(space, z[i], norm), within(1e-12));
            }
            // the point returned lies on the boundary
            Frame at = space.with(d, rows(200), r.adversarial());
            double[] zAt = model(true).logOdds(at);
            for (int i = 0; i < 200; i++) {
                assertThat(zAt[i]).isCloseTo(0, within(1e-9));
            }
        }
    }

    @Test
    void withRangesTheExactDistanceIsNoLongerThanAnyFeasibleBoundaryPoint() {
        Frame d = data(60, 2);
        InputSpace space = InputSpace.of(model(true), d, Set.of("group"));
        double[] z = model(true).logOdds(d);
        SplitMix64 r = new SplitMix64(9);
        int checked = 0;
        for (Norm norm : Norm.values()) {
            AttackResult exact = GradientAttack.linearExact(space, d, rows(60), norm);
            double[] x0 = space.values(d, rows(60));
            for (int i = 0; i < 60; i++) {
                double dist = exact.distance()[i];
                // the box is honoured
                for (int j = 0; j < 3; j++) {
                    assertThat(exact.adversarial()[i * 3 + j]).isBetween(space.low()[j] - 1e-9, space.high()[j] + 1e-9);
                }
                // random feasible points pushed onto the boundary along a random direction are never closer
                for (int t = 0; t < 200 && Double.isFinite(dist); t++) {
                    double[] step = new double[3];
                    double slope = 0;
                    for (int j = 0; j < 3; j++) {
                        step[j] = GradientAttack.gaussian(r);
                        slope += W[j] * space.scale()[j] * step[j];
                    }
                    double s = -z[i] / slope;
                    boolean inside = true;
                    for (int j = 0; j < 3; j++) {
                        step[j] *= s;
                        double x = x0[i * 3 + j] + step[j] * space.scale()[j];
                        inside &= x >= space.low()[j] && x <= space.high()[j];
                    }
                    if (inside) {
                        checked++;
                        assertThat(norm.of(step, 0, 3)).isGreaterThanOrEqualTo(dist - 1e-9);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void pgdFindsTheExactMinimalDistanceOfALinearModelToOneMillionth() {
        Frame d = data(40, 3);
        InputSpace space = InputSpace.of(model(true), d, Set.of("group")).unbounded();
        for (Norm norm : List.of(Norm.LINF, Norm.L2)) {
            AttackResult exact = GradientAttack.linearExact(space, d, rows(40), norm);
            AttackResult pgd = GradientAttack.minimal(space, d, rows(40), 20, 1e-9, GradientAttack.Settings.pgd(norm));
            for (int i = 0; i < 40; i++) {
                assertThat(pgd.distance()[i]).as("row %d %s", i, norm).isCloseTo(exact.distance()[i], within(1e-6));
                assertThat(pgd.distance()[i]).isGreaterThanOrEqualTo(exact.distance()[i] - 1e-12);
            }
        }
    }

    @Test
    void fgsmFlipsJustAboveTheExactLinfDistanceAndNotJustBelow() {
        Frame d = data(30, 4);
        InputSpace space = InputSpace.of(model(true), d, Set.of("group")).unbounded();
        AttackResult exact = GradientAttack.linearExact(space, d, rows(30), Norm.LINF);
        for (int i = 0; i < 30; i++) {
            double e = exact.distance()[i];
            AttackResult above = GradientAttack.fgsm(space, d, new int[] {i}, e * (1 + 1e-6));
            AttackResult below = GradientAttack.fgsm(space, d, new int[] {i}, e * (1 - 1e-6));
            assertThat(above.flipped()).isEqualTo(1);
            assertThat(below.flipped()).isZero();
        }
    }

    @Test
    void decisionAttacksNeedNoGradientAndComeCloseToTheExactDistance() {
        Frame d = data(25, 5);
        InputSpace withGradient = InputSpace.of(model(true), d, Set.of("group")).unbounded();
        InputSpace blind = InputSpace.of(model(false), d, Set.of("group"));
        for (int j = 0; j < 3; j++) {
            blind = blind.withRange(X.get(j), -50, 50);
            withGradient = withGradient.withRange(X.get(j), -50, 50);
        }
        AttackResult exact = GradientAttack.linearExact(withGradient, d, rows(25), Norm.L2);
        AttackResult hsj = DecisionAttack.hopSkipJump(blind, d, rows(25), DecisionAttack.Settings.hopSkipJump());
        AttackResult boundary = DecisionAttack.boundary(blind, d, rows(25), DecisionAttack.Settings.boundary());
        for (int i = 0; i < 25; i++) {
            double e = exact.distance()[i];
            assertThat(hsj.distance()[i]).as("hsj row %d", i).isGreaterThanOrEqualTo(e - 1e-9).isLessThanOrEqualTo(e * 1.01 + 1e-6);
            assertThat(boundary.distance()[i]).as("boundary row %d", i).isGreaterThanOrEqualTo(e - 1e-9).isLessThanOrEqualTo(e * 1.05 + 1e-6);
        }
        // every change they report flips the decision
        int[] before = blind.decide(d);
        int[] after = blind.decide(blind.with(d, rows(25), hsj.adversarial()));
        for (int i = 0; i < 25; i++) {
            assertThat(after[i]).isNotEqualTo(before[i]);
        }
        assertThatThrownBy(() -> GradientAttack.fgsm(InputSpace.of(model(false), d, Set.of()), d, rows(3), 0.1))
                .isInstanceOf(InputException.class).hasMessageContaining("hop-skip-jump");
    }

    @Test
    void immutableFeaturesAndRangesAreNeverCrossed() {
        Frame d = data(30, 6);
        InputSpace space = InputSpace.of(model(true), d, Set.of("x2", "group"));
        assertThat(space.numeric()).containsExactly("x1", "x3");
        double[] x0 = space.values(d, rows(30));
        AttackResult hsj = DecisionAttack.hopSkipJump(InputSpace.of(model(false), d, Set.of("x2", "group")), d, rows(30),
                new DecisionAttack.Settings(15, 50, 500, 100, 7));
        AttackResult pgd = GradientAttack.pgd(space, d, rows(30), 1.0, new GradientAttack.Settings(Norm.L2, 20, true, 3));
        for (AttackResult r : List.of(hsj, pgd)) {
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 2; j++) {
                    double v = r.adversarial()[i * 2 + j];
                    assertThat(v).isBetween(space.low()[j], space.high()[j]);
                }
                if (!Double.isFinite(r.distance()[i])) {
                    assertThat(r.adversarial()[i * 2]).isEqualTo(x0[i * 2]);
                }
            }
        }
        // x2 cannot move: the changed frame keeps the original x2
        Frame moved = space.with(d, rows(30), pgd.adversarial());
        assertThat(((DoubleColumn) moved.column("x2")).values()).containsExactly(((DoubleColumn) d.column("x2")).values());
        assertThatThrownBy(() -> InputSpace.of(model(true), d, Set.of("nope"))).isInstanceOf(InputException.class).hasMessageContaining("nope");
    }

    @Test
    void attacksAreDeterministicForASeed() {
        Frame d = data(10, 8);
        InputSpace blind = InputSpace.of(model(false), d, Set.of("group"));
        AttackResult a = DecisionAttack.hopSkipJump(blind, d, rows(10), new DecisionAttack.Settings(10, 30, 300, 50, 11));
        AttackResult b = DecisionAttack.hopSkipJump(blind, d, rows(10), new DecisionAttack.Settings(10, 30, 300, 50, 11));
        assertThat(a.distance()).containsExactly(b.distance());
        assertThat(a.modelCalls()).isEqualTo(b.modelCalls());
    }
}
