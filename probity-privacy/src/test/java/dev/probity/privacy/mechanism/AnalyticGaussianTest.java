package dev.probity.privacy.mechanism;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link AnalyticGaussian} against {@code fixtures/analytic_gaussian.json}, written by
 * {@code fixtures/analytic_gaussian.py}: Balle and Wang's {@code calibrateAnalyticGaussianMechanism} (their
 * Algorithm 1, on scipy's erf) and the exact root at 50 digits (mpmath), for 84 (ε, δ, Δ).
 */
class AnalyticGaussianTest {
    record Case(double epsilon, double delta, double sensitivity, double balleWang, double exact) {
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = AnalyticGaussianTest.class.getResourceAsStream("/fixtures/analytic_gaussian.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                out.add(new Case(c.get("epsilon").asDouble(), c.get("delta").asDouble(), c.get("sensitivity").asDouble(),
                        c.get("sigma_balle_wang").asDouble(), c.get("sigma_exact").asDouble()));
            }
            return out;
        }
    }

    @Test
    void sigmaIsTheExactRootTo1e9() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSize(84);
        for (Case c : cases) {
            double sigma = AnalyticGaussian.sigma(c.epsilon(), c.delta(), c.sensitivity());
            assertThat(sigma / c.exact() - 1).as("%s", c).isCloseTo(0, within(1e-9));
            // the upper end of the bracket: delta at sigma is at most the target
            assertThat(AnalyticGaussian.delta(c.epsilon(), sigma, c.sensitivity())).as("%s", c).isLessThanOrEqualTo(c.delta());
        }
    }

    /**
     * The authors' code stops when its δ is within 10^-12 of the target in absolute terms. Where that pins σ to
     * 10^-9 (δ ≥ 10^-3 here) our σ matches theirs to 10^-9; everywhere, their σ meets their own stopping rule under
     * our δ, i.e. the two compute the same function and differ only in where the search stops.
     */
    @Test
    void matchesBalleAndWangsCode() throws IOException {
        int close = 0;
        for (Case c : cases()) {
            double sigma = AnalyticGaussian.sigma(c.epsilon(), c.delta(), c.sensitivity());
            if (c.delta() >= 1e-3) {
                assertThat(sigma / c.balleWang() - 1).as("%s", c).isCloseTo(0, within(1e-9));
                close++;
            }
            assertThat(AnalyticGaussian.delta(c.epsilon(), c.balleWang(), c.sensitivity()) - c.delta()).as("%s", c)
                    .isCloseTo(0, within(1.01e-12));
        }
        assertThat(close).isEqualTo(42);
    }

    @Test
    void deltaAndEpsilonAreInverse() {
        double sigma = AnalyticGaussian.sigma(1, 1e-5, 1);
        assertThat(AnalyticGaussian.epsilon(1e-5, sigma, 1)).isCloseTo(1, within(1e-9));
        assertThat(AnalyticGaussian.delta(1, sigma, 1)).isCloseTo(1e-5, within(1e-15));
        // large epsilon: nothing overflows
        double s = AnalyticGaussian.sigma(800, 1e-10, 1);
        assertThat(s).isPositive().isFinite();
        assertThat(AnalyticGaussian.delta(800, s, 1)).isLessThanOrEqualTo(1e-10).isGreaterThan(0.99e-10);
    }

    @Test
    void classicIsTheTextbookFormulaAndOnlyBelowEpsilonOne() {
        assertThat(AnalyticGaussian.sigmaClassic(0.5, 1e-5, 2)).isCloseTo(2 * Math.sqrt(2 * Math.log(1.25e5)) / 0.5, within(1e-12));
        // never below the analytic sigma where it holds
        assertThat(AnalyticGaussian.sigmaClassic(0.5, 1e-5, 2)).isGreaterThan(AnalyticGaussian.sigma(0.5, 1e-5, 2));
        assertThatThrownBy(() -> AnalyticGaussian.sigmaClassic(1, 1e-5, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("epsilon < 1").hasMessageContaining("got epsilon = 1.0");
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> AnalyticGaussian.sigma(0, 1e-5, 1)).isInstanceOf(InputException.class)
                .hasMessage("epsilon must be positive and finite, got 0.0");
        assertThatThrownBy(() -> AnalyticGaussian.sigma(Double.POSITIVE_INFINITY, 1e-5, 1)).isInstanceOf(InputException.class)
                .hasMessage("epsilon must be positive and finite, got Infinity");
        assertThatThrownBy(() -> AnalyticGaussian.sigma(1, 0, 1)).isInstanceOf(InputException.class)
                .hasMessage("delta must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> AnalyticGaussian.sigma(1, 1, 1)).isInstanceOf(InputException.class)
                .hasMessage("delta must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> AnalyticGaussian.sigma(1, 1e-5, -2)).isInstanceOf(InputException.class)
                .hasMessage("sensitivity must be positive and finite, got -2.0");
        assertThatThrownBy(() -> AnalyticGaussian.sigma(1, 1e-5, Double.NaN)).isInstanceOf(InputException.class)
                .hasMessage("sensitivity must be positive and finite, got NaN");
    }
}
