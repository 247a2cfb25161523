package dev.probity.privacy.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PureDpTest {
    @Test
    void basicAddsUp() {
        assertThat(PureDp.sum(0.1, 0.2, 0.3)).isCloseTo(0.6, within(1e-15));
        Guarantee g = PureDp.basic(0.5, 1e-6, 10);
        assertThat(g.epsilon()).isEqualTo(5.0);
        assertThat(g.delta()).isCloseTo(1e-5, within(1e-20));
        assertThat(g.method()).isEqualTo(Guarantee.Method.BASIC_COMPOSITION);
    }

    /** Dwork, Rothblum &amp; Vadhan 2010, Thm III.3, by hand: k = 100, ε = 0.1, δ' = 1e-5. */
    @Test
    void advancedComposition() {
        Guarantee g = PureDp.advanced(0.1, 0, 100, 1e-5);
        double expected = Math.sqrt(200 * Math.log(1e5)) * 0.1 + 100 * 0.1 * (Math.exp(0.1) - 1);
        assertThat(g.epsilon()).isCloseTo(expected, within(1e-12));
        assertThat(g.epsilon()).isCloseTo(5.850, within(1e-3)); // 4.7985 + 1.0517
        assertThat(g.delta()).isEqualTo(1e-5);
        assertThat(PureDp.advanced(0.1, 1e-7, 100, 1e-5).delta()).isCloseTo(2e-5, within(1e-18));
    }

    /** The exact optimal δ against 60-digit sums of the fixture script. */
    @Test
    void optimalDeltaEqualsMultiPrecision() {
        for (JsonNode c : Fixtures.get().get("pure_optimal")) {
            double eps = c.get("epsilon").asDouble();
            int k = c.get("k").asInt();
            double total = c.get("epsilon_total").asDouble();
            assertThat(Fixtures.relative(PureDp.optimalDelta(eps, 0, k, total), c.get("delta").asDouble())).as("eps %s, k %s, total %s", eps, k, total)
                    .isLessThan(1e-9);
        }
    }

    /** Kairouz, Oh &amp; Viswanath's Thm 3.3 at ε' = (k − 2i)ε, written out as in the paper. */
    @Test
    void optimalDeltaIsTheTheoremAtItsGridPoints() {
        double eps = 0.3;
        int k = 12;
        double delta = 1e-4;
        for (int i = 0; i <= k / 2; i++) {
            double sum = 0;
            for (int l = 0; l < i; l++) {
                sum += binomial(k, l) * (Math.exp((k - l) * eps) - Math.exp((k - 2 * i + l) * eps));
            }
            double deltaI = sum / Math.pow(1 + Math.exp(eps), k);
            double expected = 1 - Math.pow(1 - delta, k) * (1 - deltaI);
            assertThat(PureDp.optimalDelta(eps, delta, k, (k - 2 * i) * eps)).as("i = %s", i).isCloseTo(expected, within(1e-13));
        }
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 0; i < k; i++) {
            r = r * (n - i) / (i + 1);
        }
        return r;
    }

    @Test
    void optimalIsTightestAndInvertsDelta() {
        Guarantee opt = PureDp.optimal(0.1, 0, 100, 1e-5);
        assertThat(opt.epsilon()).isLessThan(PureDp.advanced(0.1, 0, 100, 1e-5).epsilon()).isLessThan(PureDp.basic(0.1, 0, 100).epsilon());
        assertThat(PureDp.optimalDelta(0.1, 0, 100, opt.epsilon())).isLessThanOrEqualTo(1e-5);
        assertThat(PureDp.optimalDelta(0.1, 0, 100, opt.lower())).isGreaterThan(1e-5);
        assertThat(opt.epsilon() - opt.lower()).isLessThan(1e-12);
        // With per-step δ: the total must cover 1 − (1 − δ)^k.
        Guarantee withDelta = PureDp.optimal(0.1, 1e-7, 100, 2e-5);
        assertThat(PureDp.optimalDelta(0.1, 1e-7, 100, withDelta.epsilon())).isLessThanOrEqualTo(2e-5);
        assertThatThrownBy(() -> PureDp.optimal(0.1, 1e-6, 100, 5e-5)).isInstanceOf(InputException.class).hasMessageContaining("already spend");
    }

    @Test
    void wrongArgumentsNameTheParameter() {
        assertThatThrownBy(() -> PureDp.sum(0.1, -0.2)).isInstanceOf(InputException.class).hasMessageContaining("epsilon").hasMessageContaining("-0.2");
        assertThatThrownBy(() -> PureDp.advanced(0.1, 0, 10, 0)).isInstanceOf(InputException.class).hasMessageContaining("slack");
        assertThatThrownBy(() -> PureDp.optimal(0.1, 0, PureDp.MAX_OPTIMAL_K + 1, 1e-5)).isInstanceOf(InputException.class)
                .hasMessageContaining("k = " + (PureDp.MAX_OPTIMAL_K + 1));
        assertThatThrownBy(() -> PureDp.basic(0.1, 1.5, 3)).isInstanceOf(InputException.class).hasMessageContaining("delta").hasMessageContaining("1.5");
    }
}
