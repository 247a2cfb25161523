package dev.probity.models.linear;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.LogitGradient;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.SplitMix64;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearLogitGradientTest {
    static Frame data(int n) {
        SplitMix64 r = new SplitMix64(3);
        double[] a = new double[n];
        double[] b = new double[n];
        String[] c = new String[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = 10 * r.nextDouble();
            b[i] = 100 * r.nextDouble() - 50;
            c[i] = r.nextDouble() < 0.5 ? "p" : "q";
            y[i] = a[i] - 5 + b[i] / 25 + (c[i].equals("p") ? 1 : 0) + 2 * (r.nextDouble() - 0.5) > 0 ? "yes" : "no";
        }
        return Frame.of(new DoubleColumn("a", a, Missing.NONE), new DoubleColumn("b", b, Missing.NONE), StringColumn.of("c", c),
                StringColumn.of("y", y));
    }

    static TrainingSet set(Frame d) {
        return new TrainingSet(d, List.of("a", "b", "c"), Labels.fromColumn(d, "y", "yes"), null, 0);
    }

    @Test
    void theGradientOfAStandardizedLogisticRegressionIsItsSlopeInRawUnits() {
        Frame d = data(500);
        Model m = new PipelineTrainer(LinearTrainer.logistic()).fit(set(d));
        LogitGradient g = m.logitGradient().orElseThrow();
        assertThat(g.affine()).isTrue();
        Frame one = d.head(5);
        double[] grad = g.gradient(one, List.of("a", "b"));
        double[] z = g.logOdds(one);
        double h = 1e-3;
        for (int j = 0; j < 2; j++) {
            String f = j == 0 ? "a" : "b";
            double[] x = ((DoubleColumn) one.column(f)).values().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += h;
            }
            double[] zh = g.logOdds(one.withColumn(new DoubleColumn(f, x, Missing.NONE)));
            for (int i = 0; i < 5; i++) {
                assertThat(grad[i * 2 + j]).isCloseTo((zh[i] - z[i]) / h, within(1e-6));
                assertThat(grad[i * 2 + j]).isNotZero();
            }
        }
        double[] p = m.score(one);
        for (int i = 0; i < 5; i++) {
            assertThat(1 / (1 + Math.exp(-z[i]))).isCloseTo(p[i], within(1e-12));
        }
    }

    @Test
    void binnedNumbersAndTreesHaveNoGradient() {
        Frame d = data(300);
        Model binned = new PipelineTrainer(LinearTrainer.logistic(), EncodingSpec.linear().withOverride("a", "quantile-bins")).fit(set(d));
        assertThat(binned.logitGradient()).isEmpty();
        Model tree = new PipelineTrainer(dev.probity.models.tree.TreeTrainer.defaults()).fit(set(d));
        assertThat(tree.logitGradient()).isEmpty();
    }
}
