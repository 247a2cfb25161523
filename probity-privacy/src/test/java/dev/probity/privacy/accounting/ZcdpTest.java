package dev.probity.privacy.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ZcdpTest {
    /**
     * Both conversions against the fixture script: Bun–Steinke in closed form, Canonne–Kamath–Steinke minimised
     * there by scipy's bounded Brent search (here by the root of the derivative).
     */
    @Test
    void conversionsEqualTheFixtureScript() {
        int checked = 0;
        for (JsonNode c : Fixtures.get().get("zcdp")) {
            Zcdp z = new Zcdp(c.get("rho").asDouble());
            if (c.has("delta")) {
                double delta = c.get("delta").asDouble();
                Guarantee cks = z.epsilon(delta);
                assertThat(cks.epsilon()).as("%s at delta %s", z, delta).isCloseTo(c.get("epsilon_cks").asDouble(), within(1e-9));
                assertThat(cks.order()).as("%s at delta %s", z, delta).isCloseTo(c.get("order_cks").asDouble(), within(1e-3 * cks.order()));
                assertThat(Fixtures.relative(z.epsilonBunSteinke(delta).epsilon(), c.get("epsilon_bun_steinke").asDouble())).isLessThan(1e-12);
            } else {
                double eps = c.get("epsilon").asDouble();
                assertThat(Fixtures.relative(z.delta(eps), c.get("delta_cks").asDouble())).as("%s at epsilon %s", z, eps).isLessThan(1e-8);
                assertThat(Fixtures.relative(z.deltaBunSteinke(eps), c.get("delta_bun_steinke").asDouble())).isLessThan(1e-12);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(42);
    }

    /**
     * TF Privacy's calibration σ = 4.530877117 (exactly (1, 1e-6) through RDP over a fine grid of orders, see
     * RdpTest) is ρ = 1/(2σ²)-zCDP, and the CKS conversion is the same bound minimised over every order.
     */
    @Test
    void cksIsTheRdpConversionOverAllOrders() {
        Zcdp z = Zcdp.gaussian(1.0, 4.530877117);
        assertThat(Fixtures.relative(z.rho(), 1 / (2 * 4.530877117 * 4.530877117))).isLessThan(1e-15);
        Guarantee g = z.epsilon(1e-6);
        assertThat(g.epsilon()).isCloseTo(1.0, within(1e-7));
        assertThat(z.delta(1.0)).isCloseTo(1e-6, within(1e-12));
        double[] orders = IntStream.range(1001, 100000).mapToDouble(i -> 0.001 * i).toArray();
        double rdp = Rdp.sampledGaussian(1, 4.530877117, orders).epsilon(1e-6).epsilon();
        assertThat(g.epsilon()).isLessThanOrEqualTo(rdp);
        // Opacus's default orders are a coarser grid of the same function: never below the continuous optimum.
        assertThat(Rdp.gaussian(1.0, 4.530877117).epsilon(1e-6).epsilon()).isGreaterThanOrEqualTo(g.epsilon());
    }

    @Test
    void gaussianPureAndComposition() {
        assertThat(Zcdp.gaussian(2.0, 4.0).rho()).isEqualTo(0.125);
        assertThat(Zcdp.fromPureDp(0.5).rho()).isEqualTo(0.125);
        assertThat(new Zcdp(0.1).plus(new Zcdp(0.2)).rho()).isCloseTo(0.3, within(1e-15));
        assertThat(new Zcdp(0.1).times(7).rho()).isCloseTo(0.7, within(1e-15));
        assertThat(new Zcdp(0).epsilon(1e-5).epsilon()).isZero();
        assertThat(new Zcdp(0).delta(0)).isZero();
    }

    /** The smallest ρ for a target (ε, δ) converts back to that ε, and any larger ρ exceeds it. */
    @Test
    void forTargetInvertsTheConversion() {
        Zcdp z = Zcdp.forTarget(1.0, 1e-6);
        assertThat(z.epsilon(1e-6).epsilon()).isCloseTo(1.0, within(1e-9)).isLessThanOrEqualTo(1.0);
        assertThat(new Zcdp(z.rho() * 1.0001).epsilon(1e-6).epsilon()).isGreaterThan(1.0);
    }

    @Test
    void wrongArgumentsNameTheParameter() {
        assertThatThrownBy(() -> new Zcdp(-0.1)).isInstanceOf(InputException.class).hasMessageContaining("rho").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new Zcdp(0.1).epsilon(1.0)).isInstanceOf(InputException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> new Zcdp(0.1).delta(Double.NaN)).isInstanceOf(InputException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Zcdp.gaussian(1.0, 0.0)).isInstanceOf(InputException.class).hasMessageContaining("sigma");
    }
}
