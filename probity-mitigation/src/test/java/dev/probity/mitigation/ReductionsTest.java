package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.SplitMix64;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.mitigation.reductions.ExponentiatedGradient;
import dev.probity.mitigation.reductions.GridSearch;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReductionsTest {
    /** Regression where group b's targets follow another slope: bounded group loss lowers the worse group's loss. */
    @Test
    void boundedGroupLossLowersTheWorstGroupsLossInRegression() {
        int n = 600;
        double[] x = new double[n];
        double[] y = new double[n];
        String[] g = new String[n];
        SplitMix64 r = new SplitMix64(5);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            boolean b = i % 4 == 0;
            g[i] = b ? "b" : "a";
            y[i] = (b ? 1 - x[i] : x[i]) + 0.05 * (r.nextDouble() - 0.5);
        }
        Frame f = Frame.of(DoubleColumn.of("x", x), StringColumn.of("g", g), DoubleColumn.of("y", y));
        Groups groups = Groups.of(f, List.of("g"));
        TrainingSet set = new TrainingSet(f, List.of("x"), Labels.numericColumn(f, "y"), null, 1);
        PipelineTrainer linear = new PipelineTrainer(LinearTrainer.linear());
        double[] plain = linear.fit(set).predict(f);
        ExponentiatedGradient.Result res = new ExponentiatedGradient(Constraint.BOUNDED_GROUP_LOSS, 0.05, 1, 50).fit(linear, set, groups);
        double[] fair = res.model().predict(f);
        assertThat(groupLoss(fair, y, g, "b")).isLessThan(groupLoss(plain, y, g, "b"));
    }

    static double groupLoss(double[] pred, double[] y, String[] g, String group) {
        double s = 0;
        int c = 0;
        for (int i = 0; i < y.length; i++) {
            if (g[i].equals(group)) {
                s += (pred[i] - y[i]) * (pred[i] - y[i]);
                c++;
            }
        }
        return s / c;
    }

    @Test
    void parityConstraintsNeedBinaryLabels() {
        Frame f = Frame.of(DoubleColumn.of("x", 1, 2, 3, 4, 5, 6), StringColumn.of("g", "a", "b", "a", "b", "a", "b"),
                StringColumn.of("y", "low", "mid", "high", "low", "mid", "high"));
        TrainingSet set = new TrainingSet(f, List.of("x"), Labels.fromColumn(f, "y", null), null, 1);
        Groups groups = Groups.of(f, List.of("g"));
        assertThatThrownBy(() -> new ExponentiatedGradient(Constraint.DEMOGRAPHIC_PARITY, 0.01, 1, 5)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), set, groups))
                .isInstanceOf(InputException.class).hasMessageContaining("needs a binary label").hasMessageContaining("3 classes");
        assertThatThrownBy(() -> new GridSearch(Constraint.BOUNDED_GROUP_LOSS, 0.01, 5, 2))
                .isInstanceOf(InputException.class).hasMessageContaining("exponentiated-gradient");
        TrainingSet numeric = new TrainingSet(f, List.of("x"), Labels.numericColumn(f, "x"), null, 1);
        assertThatThrownBy(() -> new ExponentiatedGradient(Constraint.EQUALIZED_ODDS, 0.01, 1, 5)
                .fit(new PipelineTrainer(LinearTrainer.linear()), numeric, groups))
                .isInstanceOf(InputException.class).hasMessageContaining("bounded-group-loss");
    }

    @Test
    void gridOfSeveralDimensionsHasTheRequestedSize() {
        // three groups and equalized odds: 2 events x 2 free groups = 4 basis coordinates
        int n = 300;
        double[] x = new double[n];
        String[] g = new String[n];
        String[] y = new String[n];
        SplitMix64 r = new SplitMix64(9);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            g[i] = new String[] {"a", "b", "c"}[i % 3];
            y[i] = r.nextDouble() < x[i] ? "1" : "0";
        }
        Frame f = Frame.of(DoubleColumn.of("x", x), StringColumn.of("g", g), StringColumn.of("y", y));
        TrainingSet set = new TrainingSet(f, List.of("x"), Labels.fromColumn(f, "y", "1"), null, 1);
        GridSearch.Result res = new GridSearch(Constraint.EQUALIZED_ODDS, 0, 20, 1.0)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), set, Groups.of(f, List.of("g")));
        assertThat(res.candidates()).hasSize(20);
        assertThat(res.candidates().get(0).lambda()).containsOnly(0.0);
        assertThat(res.paretoFront()).isNotEmpty();
    }
}
