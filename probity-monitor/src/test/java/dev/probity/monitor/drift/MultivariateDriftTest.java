package dev.probity.monitor.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Maximum mean discrepancy against numpy/scipy (fixtures made by src/test/resources/drift/make_mmd_fixtures.py: the
 * statistic, the median-heuristic bandwidth and, on small samples, the exact permutation p-value over every split), and
 * the domain classifier on planted changes.
 */
class MultivariateDriftTest {
    static final JsonNode FX = load();

    static JsonNode load() {
        try (InputStream in = MultivariateDriftTest.class.getResourceAsStream("/drift/mmd.json")) {
            return new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double[][] matrix(JsonNode a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            m[i] = new double[a.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = a.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    @Test
    void mmdEqualsNumpysStatisticBandwidthAndExactPValue() {
        for (JsonNode c : FX.get("cases")) {
            String name = c.get("name").asText();
            Mmd.Result r = Mmd.test(matrix(c.get("x")), matrix(c.get("y")), new Mmd.Settings(1000, 1000, Double.NaN, 0.05, 7));
            assertThat(r.sigma()).as(name + ": sigma").isCloseTo(c.get("sigma").asDouble(), within(1e-12 * c.get("sigma").asDouble()));
            assertThat(r.statistic()).as(name + ": MMD²").isCloseTo(c.get("mmd2").asDouble(), within(1e-12));
            if (c.has("p_exact")) {
                assertThat(r.exact()).as(name).isTrue();
                assertThat(r.permutations()).as(name).isEqualTo(c.get("splits").asInt());
                assertThat(r.pValue()).as(name + ": exact p").isCloseTo(c.get("p_exact").asDouble(), within(1e-12));
            } else {
                assertThat(r.exact()).as(name).isFalse();
            }
        }
    }

    private static double[][] gaussian(long seed, int n, double corr, double shift) {
        SplitMix64 r = new SplitMix64(seed);
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double a = normal(r);
            double b = normal(r);
            x[i][0] = a + shift;
            x[i][1] = corr * a + Math.sqrt(1 - corr * corr) * b;
        }
        return x;
    }

    private static double normal(SplitMix64 r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void mmdSeesAChangeOfCorrelationThatLeavesEveryColumnAlone() {
        double[][] ref = gaussian(1, 400, 0.8, 0);
        double[][] cur = gaussian(2, 400, -0.8, 0);
        Mmd.Result moved = Mmd.test(ref, cur, Mmd.Settings.defaults());
        assertThat(moved.drifted()).isTrue();
        assertThat(moved.pValue()).isEqualTo(1.0 / 501); // no relabelling reaches it
        // the margins did not move: KS on each column says so
        for (int j = 0; j < 2; j++) {
            int col = j;
            double[] a = java.util.Arrays.stream(ref).mapToDouble(v -> v[col]).toArray();
            double[] b = java.util.Arrays.stream(cur).mapToDouble(v -> v[col]).toArray();
            assertThat(KolmogorovSmirnov.test(a, b).pValue()).as("column %d", j).isGreaterThan(0.05);
        }
        Mmd.Result same = Mmd.test(ref, gaussian(3, 400, 0.8, 0), Mmd.Settings.defaults());
        assertThat(same.drifted()).isFalse();
        // deterministic for a seed; the row cap is applied and said
        assertThat(Mmd.test(ref, cur, Mmd.Settings.defaults()).pValue()).isEqualTo(moved.pValue());
        Mmd.Result capped = Mmd.test(ref, cur, new Mmd.Settings(100, 150, Double.NaN, 0.05, 1));
        assertThat(capped.referenceRows()).isEqualTo(150);
        assertThat(capped.currentRows()).isEqualTo(150);
    }

    @Test
    void mmdUnderNoChangeRejectsAboutAsOftenAsItsLevel() {
        // 60 independent null comparisons at level 0.1: a valid test rejects about 6; at most 14 is P > 0.999 under Bin(60, 0.1)
        int rejected = 0;
        for (int t = 0; t < 60; t++) {
            Mmd.Result r = Mmd.test(gaussian(100 + t, 40, 0.5, 0), gaussian(200 + t, 30, 0.5, 0), new Mmd.Settings(99, 1000, Double.NaN, 0.1, t));
            if (r.drifted()) {
                rejected++;
            }
        }
        assertThat(rejected).isBetween(1, 14);
    }

    @Test
    void mmdRefusesWhatItCannotTest() {
        assertThatThrownBy(() -> Mmd.test(new double[][] {{1}}, new double[][] {{1}, {2}}, Mmd.Settings.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("at least 2 rows");
        assertThatThrownBy(() -> Mmd.test(new double[][] {{1}, {2}}, new double[][] {{1}, {Double.NaN}}, Mmd.Settings.defaults()))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Mmd.Settings(5, 10, Double.NaN, 0.05, 0)).hasMessageContaining("19 permutations");
        Mmd.Result constant = Mmd.test(new double[][] {{1}, {1}}, new double[][] {{1}, {1}, {1}}, Mmd.Settings.defaults());
        assertThat(constant.pValue()).isEqualTo(1.0);
        assertThat(constant.drifted()).isFalse();
    }

    private static Frame table(String source, double[][] xy, String[] group) {
        return new Frame(source, List.of(DoubleColumn.of("x", java.util.Arrays.stream(xy).mapToDouble(v -> v[0]).toArray()),
                DoubleColumn.of("y", java.util.Arrays.stream(xy).mapToDouble(v -> v[1]).toArray()), StringColumn.of("g", group)));
    }

    private static String[] groups(int n, long seed, double shareA) {
        SplitMix64 r = new SplitMix64(seed);
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            g[i] = r.nextDouble() < shareA ? "a" : "b";
        }
        return g;
    }

    @Test
    void theDomainClassifierFindsAJointChangeAndNotNoise() {
        Frame ref = table("ref", gaussian(1, 1500, 0.8, 0), groups(1500, 11, 0.5));
        Frame cur = table("cur", gaussian(2, 1500, -0.8, 0), groups(1500, 12, 0.5));
        Frame same = table("same", gaussian(3, 1500, 0.8, 0), groups(1500, 13, 0.5));
        List<String> cols = List.of("x", "y", "g");
        PipelineTrainer trees = new PipelineTrainer(new XgbTrainer(50, 3, 0.3, 0, 1));
        DomainClassifier.Result moved = DomainClassifier.test(ref, cur, cols, trees, DomainClassifier.Settings.defaults());
        assertThat(moved.drifted()).isTrue();
        assertThat(moved.auc()).isGreaterThan(0.8);
        assertThat(moved.interval().low()).isGreaterThan(0.5);
        assertThat(moved.driftScore()).isCloseTo(2 * moved.auc() - 1, within(1e-15));
        DomainClassifier.Result quiet = DomainClassifier.test(ref, same, cols, trees, DomainClassifier.Settings.defaults());
        assertThat(quiet.drifted()).isFalse();
        assertThat(quiet.interval().contains(0.5)).isTrue();
        assertThat(quiet.verdict()).contains("no better than chance");
        // a linear model cannot see a change of sign in the correlation from the margins alone: the AUC stays near ½
        DomainClassifier.Result linear = DomainClassifier.test(ref, cur, cols, new PipelineTrainer(LinearTrainer.logistic()),
                DomainClassifier.Settings.defaults());
        assertThat(linear.auc()).isLessThan(0.6);
        // the same seed gives the same answer
        assertThat(DomainClassifier.test(ref, cur, cols, trees, DomainClassifier.Settings.defaults()).auc()).isEqualTo(moved.auc());
        // a shift in one group's share is found by either model
        Frame shifted = table("shifted", gaussian(4, 1500, 0.8, 0), groups(1500, 14, 0.8));
        assertThat(DomainClassifier.test(ref, shifted, cols, new PipelineTrainer(LinearTrainer.logistic()), DomainClassifier.Settings.defaults())
                .drifted()).isTrue();
    }

    @Test
    void theEncodingIsFittedOnTheReference() {
        Frame ref = new Frame("r", List.of(DoubleColumn.of("x", 1, 2, 3, 4), StringColumn.of("c", "a", "b", "a", null)));
        Frame cur = new Frame("c", List.of(DoubleColumn.of("x", 5, 2.5), StringColumn.of("c", "z", "a")));
        Multivariate.Encoded e = Multivariate.encode(ref, cur, List.of("x", "c"));
        assertThat(e.features()).containsExactly("x", "c = a", "c = b", "c = (other)", "c is missing");
        double sd = Math.sqrt(1.25);
        assertThat(e.current()[0][0]).isCloseTo((5 - 2.5) / sd, within(1e-15));
        double w = Math.sqrt(0.5);
        assertThat(e.current()[0]).containsExactly((5 - 2.5) / sd, 0, 0, w, 0); // a value the reference never had
        assertThat(e.reference()[3]).containsExactly((4 - 2.5) / sd, 0, 0, 0, w);
    }
}
