package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RandomizedResponseTest {

    @Test
    void binaryTellsTheTruthWithProbabilityEToTheEpsOverOnePlus() {
        RandomizedResponse rr = RandomizedResponse.binary(Math.log(3));
        assertThat(rr.probabilityTruth()).isCloseTo(0.75, within(1e-15));
        Randomness r = Randomness.seeded(1);
        int n = 200_000;
        int truthful = 0;
        for (int i = 0; i < n; i++) {
            if (rr.respond(i % 2 == 0, r).value() == (i % 2 == 0)) {
                truthful++;
            }
        }
        Stat.assertProportion("truthful answers", truthful, n, 0.75);
    }

    @Test
    void kAryReportsEachCategoryWithItsProbability() {
        RandomizedResponse rr = RandomizedResponse.kAry(1.5, 5);
        double p = Math.exp(1.5) / (Math.exp(1.5) + 4);
        double q = 1 / (Math.exp(1.5) + 4);
        assertThat(rr.probabilityTruth()).isCloseTo(p, within(1e-15));
        assertThat(rr.probabilityOther()).isCloseTo(q, within(1e-15));
        Randomness r = Randomness.seeded(2);
        long[] reports = new long[200_000];
        for (int i = 0; i < reports.length; i++) {
            reports[i] = rr.respond(3, r).value();
        }
        assertThat(Stat.chiSquare(reports, v -> v == 3 ? p : v >= 0 && v < 5 ? q : 0)).isGreaterThan(1e-4);
    }

    @Test
    void estimatesAreUnbiasedWithTheirVariance() {
        RandomizedResponse rr = RandomizedResponse.kAry(1, 4);
        double[] truth = {0.5, 0.3, 0.15, 0.05};
        int n = 20_000;
        int[] values = new int[n];
        for (int i = 0, c = 0; c < truth.length; c++) {
            for (int j = 0; j < Math.round(truth[c] * n); j++) {
                values[i++] = c;
            }
        }
        // 200 surveys: the mean estimate is within 5 standard errors of the truth, and the spread of the estimates
        // matches the exact variance and the average estimated variance
        int surveys = 200;
        double[] sum = new double[4];
        double[] sumSq = new double[4];
        double[] estimatedVariance = new double[4];
        Randomness r = Randomness.seeded(3);
        for (int s = 0; s < surveys; s++) {
            RandomizedResponse.FrequencyEstimate e = rr.estimate(rr.respondAll(values, r).value());
            assertThat(e.n()).isEqualTo(n);
            for (int c = 0; c < 4; c++) {
                sum[c] += e.frequencies()[c];
                sumSq[c] += e.frequencies()[c] * e.frequencies()[c];
                estimatedVariance[c] += e.variances()[c] / surveys;
            }
        }
        for (int c = 0; c < 4; c++) {
            double mean = sum[c] / surveys;
            double spread = (sumSq[c] - surveys * mean * mean) / (surveys - 1);
            double exact = rr.variance(truth[c], n);
            assertThat(mean).as("category %d", c).isCloseTo(truth[c], within(5 * Math.sqrt(exact / surveys)));
            // the sample variance of 200 estimates: within 5 × its standard error √(2/199)
            assertThat(spread / exact).as("category %d", c).isCloseTo(1, within(5 * Math.sqrt(2.0 / (surveys - 1))));
            assertThat(estimatedVariance[c] / exact).as("category %d", c).isCloseTo(1, within(0.01));
        }
    }

    @Test
    void inputsAreChecked() {
        assertThatThrownBy(() -> RandomizedResponse.kAry(1, 1)).isInstanceOf(InputException.class)
                .hasMessage("randomized response needs at least 2 categories, got 1");
        assertThatThrownBy(() -> RandomizedResponse.kAry(1, 3).respond(3, Randomness.seeded(1)))
                .isInstanceOf(InputException.class).hasMessage("value must be a category in 0..2, got 3");
        assertThatThrownBy(() -> RandomizedResponse.kAry(1, 3).respondAll(new int[] {0, -1}, Randomness.seeded(1)))
                .isInstanceOf(InputException.class).hasMessage("value 1 must be a category in 0..2, got -1");
        assertThatThrownBy(() -> RandomizedResponse.kAry(1, 3).respond(true, Randomness.seeded(1)))
                .isInstanceOf(InputException.class).hasMessageContaining("binary randomized response");
        assertThat(RandomizedResponse.binary(1).respondAll(new int[] {1, 0}, Randomness.seeded(1)).toString())
                .contains("not private");
    }
}
