package dev.probity.privacy.mechanism;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each mechanism passes a StatDP-style test of its stated (ε, δ) on neighbouring inputs ({@link Distinguisher}), and
 * the same test, on the same number of samples, catches the mechanism when its noise is too small: a Laplace or
 * geometric scale of 1/2 or 3/4 of the right one, a Gaussian σ halved, randomized response or a selection mechanism
 * run at twice the ε it claims. All randomness is seeded, so each verdict is fixed.
 */
class DistinguisherTest {
    static final int SELECT = 100_000;
    static final int TEST = 200_000;

    static Distinguisher.Verdict laplace(double unitScaleFactor) {
        LaplaceMechanism right = LaplaceMechanism.of(1, 1);
        Grid grid = Grid.forSensitivity(1);
        Rational scale = LaplaceMechanism.unitScale(4096, 1).multiply(Rational.exact(unitScaleFactor));
        LaplaceMechanism m = new LaplaceMechanism(1, 1, grid, scale);
        assertThat(m.scale()).isEqualTo(right.scale() * unitScaleFactor);
        Randomness r = Randomness.seeded(101);
        return Distinguisher.test(() -> m.release(0.0, r).value(), () -> m.release(1.0, r).value(), 1, 0, SELECT, TEST);
    }

    @Test
    void laplacePassesAndAWrongScaleIsCaught() {
        Distinguisher.Verdict right = laplace(1);
        assertThat(right.violated()).as("%s", right).isFalse();
        Distinguisher.Verdict half = laplace(0.5);
        assertThat(half.violated()).as("%s", half).isTrue();
        Distinguisher.Verdict threeQuarters = laplace(0.75);
        assertThat(threeQuarters.violated()).as("%s", threeQuarters).isTrue();
    }

    static Distinguisher.Verdict gaussian(double sigmaFactor) {
        GaussianMechanism right = GaussianMechanism.analytic(1, 1e-5, 1);
        Rational s2 = right.varianceInGridUnits().multiply(Rational.exact(sigmaFactor * sigmaFactor));
        GaussianMechanism m = new GaussianMechanism("test", 1, 1e-5, 1, Grid.forSensitivity(1), s2);
        Randomness r = Randomness.seeded(202);
        // the Gaussian's privacy loss is unbounded; the telling events are far in the tails, so more samples
        return Distinguisher.test(() -> m.release(0.0, r).value(), () -> m.release(1.0, r).value(), 1, 1e-5, 2 * SELECT,
                5 * TEST);
    }

    @Test
    void gaussianPassesAndAHalvedSigmaIsCaught() {
        Distinguisher.Verdict right = gaussian(1);
        assertThat(right.violated()).as("%s", right).isFalse();
        Distinguisher.Verdict half = gaussian(0.5);
        assertThat(half.violated()).as("%s", half).isTrue();
    }

    static Distinguisher.Verdict geometric(double scaleFactor) {
        GeometricMechanism m = new GeometricMechanism(0.5, 1,
                LaplaceMechanism.unitScale(1, 0.5).multiply(Rational.exact(scaleFactor)));
        Randomness r = Randomness.seeded(303);
        return Distinguisher.test(() -> m.release(0, r).value(), () -> m.release(1, r).value(), 0.5, 0, SELECT, TEST);
    }

    @Test
    void geometricPassesAndAHalvedScaleIsCaught() {
        Distinguisher.Verdict right = geometric(1);
        assertThat(right.violated()).as("%s", right).isFalse();
        Distinguisher.Verdict half = geometric(0.5);
        assertThat(half.violated()).as("%s", half).isTrue();
    }

    @Test
    void discreteGaussianPasses() {
        DiscreteGaussianMechanism m = DiscreteGaussianMechanism.of(1, 1e-5, 1);
        Randomness r = Randomness.seeded(404);
        Distinguisher.Verdict v = Distinguisher.test(() -> m.release(0, r).value(), () -> m.release(1, r).value(), 1, 1e-5,
                SELECT, TEST);
        assertThat(v.violated()).as("%s", v).isFalse();
        DiscreteGaussianMechanism small = new DiscreteGaussianMechanism("test", 1, 1e-5, 1, Rational.of(1, 4));
        Distinguisher.Verdict w = Distinguisher.test(() -> small.release(0, r).value(), () -> small.release(1, r).value(), 1,
                1e-5, SELECT, TEST);
        assertThat(w.violated()).as("%s", w).isTrue();
    }

    @Test
    void randomizedResponsePassesAndTwiceTheEpsilonIsCaught() {
        Randomness r = Randomness.seeded(505);
        RandomizedResponse right = RandomizedResponse.kAry(1, 4);
        Distinguisher.Verdict v = Distinguisher.test(() -> right.respond(0, r).value(), () -> right.respond(1, r).value(),
                1, 0, SELECT, TEST);
        assertThat(v.violated()).as("%s", v).isFalse();
        RandomizedResponse wrong = RandomizedResponse.kAry(2, 4);
        Distinguisher.Verdict w = Distinguisher.test(() -> wrong.respond(0, r).value(), () -> wrong.respond(1, r).value(),
                1, 0, SELECT, TEST);
        assertThat(w.violated()).as("%s", w).isTrue();
    }

    @Test
    void selectionPassesAndTwiceTheEpsilonIsCaught() {
        // neighbouring utilities: each moves by at most 1
        double[] d1 = {0, 1, 1, 0.5};
        double[] d2 = {1, 0, 1, 1.5};
        Randomness r = Randomness.seeded(606);
        for (double claimed : new double[] {1}) {
            PermuteAndFlip pf = PermuteAndFlip.of(claimed, 1);
            ExponentialMechanism em = ExponentialMechanism.of(claimed, 1);
            Distinguisher.Verdict v = Distinguisher.test(() -> pf.select(d1, r).value(), () -> pf.select(d2, r).value(),
                    claimed, 0, SELECT, TEST);
            assertThat(v.violated()).as("permute-and-flip %s", v).isFalse();
            Distinguisher.Verdict w = Distinguisher.test(() -> em.select(d1, r).value(), () -> em.select(d2, r).value(),
                    claimed, 0, SELECT, TEST);
            assertThat(w.violated()).as("exponential %s", w).isFalse();
        }
        // run at ε = 3 but claimed as 1
        PermuteAndFlip pf = PermuteAndFlip.of(3, 1);
        Distinguisher.Verdict v = Distinguisher.test(() -> pf.select(d1, r).value(), () -> pf.select(d2, r).value(), 1, 0,
                SELECT, TEST);
        assertThat(v.violated()).as("%s", v).isTrue();
    }

    @Test
    void aboveThresholdPasses() {
        AboveThreshold svt = AboveThreshold.of(1, 1, 2);
        double[] d1 = {0, 1, 2, 3, 2};
        double[] d2 = {1, 2, 1, 2, 3};
        Randomness r = Randomness.seeded(707);
        Distinguisher.Verdict v = Distinguisher.test(() -> svt.firstAbove(d1, r).value(), () -> svt.firstAbove(d2, r).value(),
                1, 0, SELECT / 2, TEST / 2);
        assertThat(v.violated()).as("%s", v).isFalse();
    }
}
