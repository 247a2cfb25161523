package dev.probity.privacy.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The RDP accountant against Opacus's and TF Privacy's published test values, and against the fixture script's own
 * implementation of the same series (accounting/make_fixtures.py).
 */
class RdpTest {
    /** Opacus, opacus/tests/accountants_test.py, test_rdp_accountant: σ = 1.5, q = 0.04, int(90/0.04) steps, δ = 1e-5. */
    @Test
    void opacusRdpAccountantTestValue() {
        Guarantee g = Rdp.sampledGaussian(0.04, 1.5).times(2250).epsilon(1e-5);
        assertThat(Fixtures.relative(g.epsilon(), 7.32911117143)).isLessThan(1e-10);
        assertThat(g.method()).isEqualTo(Guarantee.Method.RDP);
        assertThat(g.order()).isEqualTo(3.9);
    }

    /** Opacus, opacus/accountants/analysis/rdp.py module docstring: two mechanisms at orders 2..32 give (0.336, 23). */
    @Test
    void opacusDocstringExample() {
        double[] orders = IntStream.rangeClosed(2, 32).asDoubleStream().toArray();
        Rdp r = Rdp.sampledGaussian(1e-5, 1.0, orders).times(10).plus(Rdp.sampledGaussian(1e-4, 3.0, orders).times(4));
        Guarantee g = r.epsilon(1e-5);
        assertThat(g.epsilon()).isCloseTo(0.336, within(5e-4));
        assertThat(g.order()).isEqualTo(23);
        JsonNode f = Fixtures.get().get("rdp_heterogeneous");
        assertThat(Fixtures.relative(g.epsilon(), f.get("epsilon").asDouble())).isLessThan(1e-9);
    }

    /**
     * TF Privacy, tensorflow_privacy/privacy/analysis/rdp_accountant_test.py test_compute_rdp_sequence, and
     * dp_accounting's rdp_privacy_accountant_test.py test_compute_rdp_poisson_sampled_gaussian: q = 0.01, σ = 2.5,
     * 50 steps.
     */
    @Test
    void tfPrivacyComputeRdpSequence() {
        double[] orders = {1.5, 2.5, 5, 50, 100, Double.POSITIVE_INFINITY};
        double[] got = Rdp.sampledGaussian(0.01, 2.5, orders).times(50).values();
        double[] tf = {0.00065, 0.001085, 0.00218075, 0.023846, 167.416307};
        double[] dpAccounting = {6.5007e-04, 1.0854e-03, 2.1808e-03, 2.3846e-02, 1.6742e+02};
        for (int i = 0; i < tf.length; i++) {
            assertThat(got[i]).as("order %s", orders[i]).isCloseTo(tf[i], within(1e-5));
            assertThat(Fixtures.relative(got[i], dpAccounting[i])).as("order %s", orders[i]).isLessThan(1e-4);
        }
        assertThat(got[5]).isInfinite();
    }

    /** TF Privacy test_compute_rdp_scalar: compute_rdp(0.1, 2, 10, 5) = 0.07737 to 5 places; q = 0 and q = 1 closed forms. */
    @Test
    void tfPrivacyScalarAndClosedForms() {
        assertThat(Rdp.sampledGaussian(0.1, 2, new double[] {5}).times(10).values()[0]).isCloseTo(0.07737, within(5e-6));
        assertThat(Rdp.sampledGaussianAt(0, 10, 20)).isZero();
        assertThat(Rdp.sampledGaussianAt(1, 10, 20)).isEqualTo(0.1);
        assertThat(Rdp.sampledGaussianAt(0.5, 0, 20)).isInfinite();
        assertThat(Rdp.gaussian(2.0, 20.0).values()[0]).isEqualTo(1.1 / (2 * 100.0));
    }

    /** TF Privacy test_get_privacy_spent_check_target_delta / dp_accounting test_compute_epsilon_delta_pure_dp. */
    @Test
    void constantRdpPicksTheLargestOrder() {
        double[] orders = IntStream.rangeClosed(2, 32).asDoubleStream().toArray();
        double[] rdp = new double[orders.length];
        java.util.Arrays.fill(rdp, 1.1);
        Rdp r = Rdp.of(orders, rdp);
        Guarantee g = r.epsilon(1e-5);
        assertThat(g.epsilon()).isCloseTo(1.32783806176, within(1e-10));
        assertThat(g.order()).isEqualTo(32);
        assertThat(r.delta(1.32783806176)).isCloseTo(1e-5, within(1e-12));
    }

    /** TF Privacy / dp_accounting: σ = 4.530877117 without sampling, orders 1.000..99.999, is exactly (1, 1e-6) by the conversion. */
    @Test
    void gaussianCalibratedToOneAtOneInAMillion() {
        double[] orders = IntStream.range(1001, 100000).mapToDouble(i -> 0.001 * i).toArray();
        Rdp r = Rdp.sampledGaussian(1, 4.530877117, orders);
        assertThat(r.epsilon(1e-6).epsilon()).isCloseTo(1.0, within(1e-7));
        assertThat(r.delta(1.0)).isCloseTo(1e-6, within(1e-12));
    }

    /**
     * The per-step RDP at Opacus's default orders, equal to the fixture script's plain series (Opacus's method: every
     * term until both fall below e^{−30}) to 1e-6 relative, and the resulting ε and optimal order to 1e-9 relative.
     * The largest gap, 4.6e-7 at q = 1e-4, σ = 0.4, α = 1.1 (where log A_α ≈ 2e-7), is the plain series' own
     * truncation error: against 50-digit integration ours is within 4e-9 there and the plain series 4.6e-7 (see
     * {@link #seriesEqualsMultiPrecisionIntegration}).
     */
    @Test
    void equalsTheFixtureScriptOnEverySetting() {
        double[] orders = Fixtures.doubles(Fixtures.get().get("default_orders"));
        assertThat(orders).containsExactly(Rdp.defaultOrders());
        for (JsonNode c : Fixtures.get().get("rdp")) {
            double q = c.get("q").asDouble();
            double sigma = c.get("sigma").asDouble();
            double[] expected = Fixtures.doubles(c.get("rdp_per_step"));
            Rdp one = Rdp.sampledGaussian(q, sigma);
            double[] got = one.values();
            for (int i = 0; i < got.length; i++) {
                assertThat(Fixtures.relative(got[i], expected[i])).as("q=%s sigma=%s order %s: %s vs %s", q, sigma, orders[i], got[i], expected[i])
                        .isLessThan(1e-6);
            }
            Guarantee g = one.times(c.get("steps").asLong()).epsilon(c.get("delta").asDouble());
            assertThat(Fixtures.relative(g.epsilon(), c.get("epsilon").asDouble())).as("epsilon, q=%s sigma=%s", q, sigma).isLessThan(1e-9);
            assertThat(g.order()).as("order, q=%s sigma=%s", q, sigma).isEqualTo(c.get("order").asDouble());
        }
    }

    /**
     * log A_α by the series against 50-digit numerical integration (mpmath) at the settings TF Privacy's and
     * dp_accounting's test_compute_log_a_equals_mp check (they allow 1e-4 relative; this allows 1e-8), and where the
     * plain series' cut at e^{−30} errs most (the slowly falling alternating tail at small orders, which this sums by
     * acceleration).
     */
    @Test
    void seriesEqualsMultiPrecisionIntegration() {
        for (JsonNode c : Fixtures.get().get("log_a_mp")) {
            double q = c.get("q").asDouble();
            double sigma = c.get("sigma").asDouble();
            double order = c.get("order").asDouble();
            double logA = Rdp.sampledGaussianAt(q, sigma, order) * (order - 1);
            double exact = c.get("log_a").asDouble();
            // 1e-8 relative, or 1e-13 absolute where log A_α is tiny: A_α = 1 + 4e-8 at q = 1e-7 is a sum of
            // terms near 1, and its rounding (1.3e-14, in the plain series' value as in ours) is 3e-7 of log A_α.
            assertThat(Math.abs(logA - exact)).as("q=%s sigma=%s order=%s", q, sigma, order)
                    .isLessThanOrEqualTo(Math.max(1e-8 * Math.abs(exact), 1e-13));
        }
    }

    @Test
    void deltaAndEpsilonAreInverse() {
        Rdp r = Rdp.sampledGaussian(0.01, 1.1).times(5000);
        for (double delta : new double[] {1e-3, 1e-5, 1e-9}) {
            Guarantee g = r.epsilon(delta);
            assertThat(Fixtures.relative(r.delta(g.epsilon()), delta)).isLessThan(1e-9);
        }
    }

    @Test
    void nothingReleasedIsFree() {
        Rdp r = Rdp.sampledGaussian(0, 1.0).times(100);
        assertThat(r.epsilon(1e-5).epsilon()).isZero();
        assertThat(r.delta(0)).isZero();
        assertThat(Rdp.sampledGaussian(0.1, 1.0).times(0).epsilon(1e-5).epsilon()).isZero();
        assertThat(Rdp.sampledGaussian(0.1, 0.0).epsilon(1e-5).epsilon()).isInfinite();
    }

    @Test
    void wrongArgumentsNameTheParameter() {
        assertThatThrownBy(() -> Rdp.sampledGaussian(1.5, 1.0)).isInstanceOf(InputException.class).hasMessageContaining("sample rate q")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, -1.0)).isInstanceOf(InputException.class).hasMessageContaining("noise multiplier")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1.0, new double[] {0.5})).isInstanceOf(InputException.class)
                .hasMessageContaining("order must be > 1").hasMessageContaining("0.5");
        assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1.0).epsilon(0)).isInstanceOf(InputException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1.0).times(-1)).isInstanceOf(InputException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1.0).plus(Rdp.sampledGaussian(0.1, 1.0, new double[] {2, 3})))
                .isInstanceOf(InputException.class).hasMessageContaining("same orders");
        assertThatThrownBy(() -> Rdp.of(new double[] {2, 3}, new double[] {1})).isInstanceOf(InputException.class).hasMessageContaining("same length");
    }
}
