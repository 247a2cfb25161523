package dev.probity.explain.lime;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LimeTest {
    static Frame data() {
        int n = 2000;
        double[] a = new double[n];
        double[] b = new double[n];
        String[] c = new String[n];
        SplitMix64 r = new SplitMix64(1);
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() * 100;
            b[i] = r.nextDouble() * 100;
            c[i] = r.nextDouble() < 0.3 ? "red" : "blue";
        }
        return Frame.of(DoubleColumn.of("a", a), DoubleColumn.of("b", b), StringColumn.of("c", c));
    }

    /** A model driven by "a > 50" and colour: LIME ranks them first, describes the bins, and reports its fidelity. */
    @Test
    void findsTheDrivingFeaturesAndReportsFidelity() {
        Frame f = data();
        FeatureSpace space = FeatureSpace.of(List.of("a", "b", "c"), f);
        double[] rows = space.encode(f);
        int red = space.dictionary(2).indexOf("red");
        Predictor model = (x, n, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = (x[i * 3] > 50 ? 0.6 : 0.1) + (x[i * 3 + 2] == red ? 0.3 : 0) + 0.001 * x[i * 3 + 1];
            }
        };
        Lime lime = Lime.fit(space, rows, f.rowCount(), 4, 1000, 0, 0, Lime.Selection.NONE, 5);
        double[] x = {80, 10, red};
        Explanation e = lime.explain(model, x, 0);
        int[] rank = e.ranking();
        assertThat(rank[0]).isEqualTo(0);
        assertThat(rank[1]).isEqualTo(2);
        assertThat(e.values()[0]).isGreaterThan(0.3);
        assertThat(e.features().get(0)).matches("a > 7[45](\\.\\d+)?");
        assertThat(e.features().get(2)).isEqualTo("c = red");
        double fidelity = (double) e.facts().get("local_fidelity_r2");
        assertThat(fidelity).isBetween(0.5, 1.0);
        assertThat(lime.explain(model, x, 0).values()).containsExactly(e.values());
        Lime top1 = Lime.fit(space, rows, f.rowCount(), 4, 500, 0, 1, Lime.Selection.FORWARD, 5);
        Explanation one = top1.explain(model, x, 0);
        assertThat((int) one.facts().get("features_used")).isEqualTo(1);
        assertThat(one.values()[0]).isNotZero();
    }
}
