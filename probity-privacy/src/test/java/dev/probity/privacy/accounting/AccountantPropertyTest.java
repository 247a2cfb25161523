package dev.probity.privacy.accounting;

import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monotonicity and composition laws of the accountants, over seeded random settings: ε grows with the number of
 * steps and the sample rate, shrinks with the noise and with δ; composing T₁ steps then T₂ is composing T₁ + T₂; the
 * tighter conversions are never looser than the ones they improve on.
 */
class AccountantPropertyTest {
    /** A DP-SGD-like setting: sample rate, noise multiplier, steps, δ. */
    record Setting(long seed, double q, double sigma, long steps, double delta) {
        @Override
        public String toString() {
            return "seed " + seed + ": q=" + q + ", sigma=" + sigma + ", steps=" + steps + ", delta=" + delta;
        }
    }

    static Setting draw(Gen g) {
        double q = g.chance(0.1) ? 1.0 : Math.pow(10, -3 + 3 * g.uniform()); // no sampling, or 1e-3 .. 1
        double sigma = 0.5 + 4.5 * g.uniform();
        long steps = g.between(1, 20_000);
        double delta = Math.pow(10, -g.between(3, 10));
        return new Setting(g.seed(), q, sigma, steps, delta);
    }

    static Stream<Setting> settings() {
        return Cases.of(0xACC0L, 120, AccountantPropertyTest::draw);
    }

    static Stream<Setting> fewSettings() {
        // The numerical accountant costs up to a second a case: fewer, smaller compositions.
        return Cases.of(0x5EC0L, 12, g -> {
            Setting s = draw(g);
            return new Setting(s.seed(), Math.min(s.q(), 0.05), Math.max(s.sigma(), 0.9), Math.min(s.steps(), 3000), Math.max(s.delta(), 1e-8));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void rdpMonotone(Setting s) {
        double eps = rdp(s.q, s.sigma, s.steps, s.delta);
        assertThat(rdp(s.q, s.sigma, s.steps + 1 + s.steps / 3, s.delta)).as("more steps").isGreaterThanOrEqualTo(eps);
        assertThat(rdp(Math.min(1.0, s.q * 1.5), s.sigma, s.steps, s.delta)).as("larger q").isGreaterThanOrEqualTo(eps);
        assertThat(rdp(s.q, s.sigma * 1.2, s.steps, s.delta)).as("more noise").isLessThanOrEqualTo(eps);
        assertThat(rdp(s.q, s.sigma, s.steps, s.delta * 10)).as("larger delta").isLessThanOrEqualTo(eps);
    }

    private static double rdp(double q, double sigma, long steps, double delta) {
        return Rdp.sampledGaussian(q, sigma).times(steps).epsilon(delta).epsilon();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void rdpCompositionLaw(Setting s) {
        Rdp one = Rdp.sampledGaussian(s.q, s.sigma);
        long t1 = s.steps / 3;
        long t2 = s.steps - t1;
        double[] split = one.times(t1).plus(one.times(t2)).values();
        double[] whole = one.times(s.steps).values();
        for (int i = 0; i < whole.length; i++) {
            assertThat(Fixtures.relative(split[i], whole[i])).isLessThan(1e-13);
        }
        // δ at the ε found for δ gives back δ (the two conversions are one bound).
        Guarantee g = one.times(s.steps).epsilon(s.delta);
        if (g.epsilon() > 0) {
            assertThat(Fixtures.relative(one.times(s.steps).delta(g.epsilon()), s.delta)).isLessThan(1e-8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void zcdpConversionsOrderedAndMonotone(Setting s) {
        Zcdp z = Zcdp.gaussian(1.0, s.sigma).times(s.steps);
        Guarantee cks = z.epsilon(s.delta);
        assertThat(cks.epsilon()).isLessThanOrEqualTo(z.epsilonBunSteinke(s.delta).epsilon());
        assertThat(z.delta(cks.epsilon() + 0.1)).isLessThanOrEqualTo(z.deltaBunSteinke(cks.epsilon() + 0.1));
        assertThat(Zcdp.gaussian(1.0, s.sigma).times(s.steps + 5).epsilon(s.delta).epsilon()).isGreaterThanOrEqualTo(cks.epsilon());
        assertThat(z.epsilon(s.delta * 10).epsilon()).isLessThanOrEqualTo(cks.epsilon());
        long t1 = s.steps / 2;
        assertThat(Fixtures.relative(Zcdp.gaussian(1.0, s.sigma).times(t1).plus(Zcdp.gaussian(1.0, s.sigma).times(s.steps - t1)).rho(), z.rho()))
                .isLessThan(1e-13);
        // Without sampling, RDP at Opacus's orders is the same bound on a grid of orders: never below CKS.
        assertThat(Rdp.gaussian(1.0, s.sigma).times(s.steps).epsilon(s.delta).epsilon()).isGreaterThanOrEqualTo(cks.epsilon() - 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void pureCompositionsOrdered(Setting s) {
        double eps = 0.01 + s.sigma / 20; // 0.035 .. 0.26 per release
        int k = (int) Math.min(s.steps, 2000);
        Guarantee opt = PureDp.optimal(eps, 0, k, s.delta);
        Guarantee adv = PureDp.advanced(eps, 0, k, s.delta);
        assertThat(opt.epsilon()).isLessThanOrEqualTo(adv.epsilon() + 1e-12).isLessThanOrEqualTo(k * eps + 1e-12);
        assertThat(PureDp.optimalDelta(eps, 0, k, opt.epsilon())).isLessThanOrEqualTo(s.delta);
        assertThat(PureDp.optimalDelta(eps, 0, k, opt.epsilon() * 1.1 + 0.01)).isLessThanOrEqualTo(PureDp.optimalDelta(eps, 0, k, opt.epsilon()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fewSettings")
    void prvBelowRdpAndMonotone(Setting s) {
        Guarantee prv = Prv.sampledGaussian(s.q, s.sigma, s.steps).epsilon(s.delta);
        assertThat(prv.lower()).isLessThanOrEqualTo(prv.estimate());
        assertThat(prv.estimate()).isLessThanOrEqualTo(prv.epsilon());
        assertThat(rdp(s.q, s.sigma, s.steps, s.delta)).as("RDP is an upper bound").isGreaterThanOrEqualTo(prv.estimate());
        Guarantee more = Prv.sampledGaussian(s.q, s.sigma, 2 * s.steps).epsilon(s.delta);
        assertThat(more.estimate()).as("twice the steps").isGreaterThanOrEqualTo(prv.estimate());
        Guarantee noisier = Prv.sampledGaussian(s.q, s.sigma * 1.5, s.steps).epsilon(s.delta);
        assertThat(noisier.estimate()).as("more noise").isLessThanOrEqualTo(prv.estimate());
    }
}
