package dev.probity.explain.global;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.SplitMix64;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GlobalViewsTest {
    static final int N = 1000;

    static Frame frame() {
        double[] a = new double[N];
        double[] b = new double[N];
        double[] c = new double[N];
        SplitMix64 r = new SplitMix64(2);
        for (int i = 0; i < N; i++) {
            a[i] = r.nextDouble() * 10;
            b[i] = r.nextDouble() * 10;
            c[i] = r.nextDouble() * 10;
        }
        return Frame.of(DoubleColumn.of("a", a), DoubleColumn.of("b", b), DoubleColumn.of("c", c));
    }

    /** f = 2a + sin(b); c unused. */
    static final Predictor ADDITIVE = (rows, n, out) -> {
        for (int i = 0; i < n; i++) {
            out[i] = 2 * rows[i * 3] + Math.sin(rows[i * 3 + 1]);
        }
    };

    @Test
    void partialDependenceAndAleRecoverAnAdditiveSlope() {
        Frame f = frame();
        FeatureSpace space = FeatureSpace.of(List.of("a", "b", "c"), f);
        GlobalViews g = new GlobalViews(space, ADDITIVE, space.encode(f), N);
        GlobalViews.Dependence pd = g.partialDependence(0, 11, 5);
        for (int k = 1; k < pd.grid().length; k++) {
            assertThat(pd.mean()[k] - pd.mean()[0]).isCloseTo(2 * (pd.grid()[k] - pd.grid()[0]), within(1e-9));
            for (double[] curve : pd.ice()) {
                assertThat(curve[k] - curve[0]).isCloseTo(2 * (pd.grid()[k] - pd.grid()[0]), within(1e-9));
            }
        }
        GlobalViews.Ale ale = g.accumulatedLocalEffects(0, 10);
        for (int k = 1; k < ale.edges().length; k++) {
            assertThat(ale.effect()[k] - ale.effect()[k - 1]).isCloseTo(2 * (ale.edges()[k] - ale.edges()[k - 1]), within(1e-9));
        }
        GlobalViews.Ale unused = g.accumulatedLocalEffects(2, 10);
        for (double e : unused.effect()) {
            assertThat(e).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void permutationImportanceFindsTheUsedFeatureAndGivesZeroToTheUnused() {
        Frame f = frame();
        FeatureSpace space = FeatureSpace.of(List.of("a", "b", "c"), f);
        double[] rows = space.encode(f);
        double[] y = new double[N];
        ADDITIVE.predict(rows, N, y);
        GlobalViews g = new GlobalViews(space, ADDITIVE, rows, N);
        List<GlobalViews.Importance> imp = g.permutationImportance(y, GlobalViews.Score.negativeMse(), 5, 1);
        assertThat(imp.get(0).feature()).isEqualTo("a");
        assertThat(imp.get(0).low()).isGreaterThan(0);
        GlobalViews.Importance c = imp.stream().filter(i -> i.feature().equals("c")).findFirst().orElseThrow();
        assertThat(c.mean()).isZero();
        assertThat(c.drops()).containsOnly(0.0);
    }

    @Test
    void surrogateOfAStepFunctionIsExact() {
        Frame f = frame();
        FeatureSpace space = FeatureSpace.of(List.of("a", "b", "c"), f);
        Predictor step = (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = rows[i * 3 + 1] > 5 ? 0.9 : 0.1;
            }
        };
        Surrogate s = Surrogate.fit(space, space.encode(f), N, step, 2);
        assertThat(s.r2()).isCloseTo(1, within(1e-12));
        assertThat(s.agreement()).isEqualTo(1.0);
        assertThat(s.rules()).contains("if b <= ");
    }
}
