package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdversarialTrainingTest {
    static final List<String> FEATURES = List.of("age", "education_num", "capital_gain", "capital_loss", "hours_per_week");

    @Test
    void trainingOnWorstCasesRaisesCertifiedRobustAccuracyOnAdult() {
        Frame adult = Datasets.load("adult").head(8000);
        Frame test = Datasets.load("adult-test").head(3000);
        TrainingSet train = new TrainingSet(adult, FEATURES, Labels.fromColumn(adult, "income", ">50K"), null, 0);
        AdversarialTraining.Settings s = AdversarialTraining.Settings.of(0.3, Norm.L2);
        AdversarialTraining.Result r = AdversarialTraining.train(new PipelineTrainer(LinearTrainer.logistic()), train, test, "income",
                List.of("age"), s);
        assertThat(r.before().method()).startsWith("exact distance to the boundary");
        assertThat(r.before().robustAccuracy()).isLessThanOrEqualTo(r.before().cleanAccuracy());
        // the certified robust accuracy rises by more than its interval's half-width
        double half = (r.before().robust().high() - r.before().robust().low()) / 2;
        assertThat(r.after().robustAccuracy()).isGreaterThan(r.before().robustAccuracy() + half);
        // and the clean accuracy is given up only a little, or not at all
        assertThat(r.after().cleanAccuracy()).isGreaterThan(r.before().cleanAccuracy() - 0.03);
        // deterministic for a seed
        AdversarialTraining.Result again = AdversarialTraining.train(new PipelineTrainer(LinearTrainer.logistic()), train, test, "income",
                List.of("age"), s);
        assertThat(again.after()).isEqualTo(r.after());
    }

    @Test
    void pgdAgainstTheLabelReachesTheExactWorstCaseOfALinearModel() {
        // for an affine model and no ranges in the way, the worst case in the L2 ball moves the margin by ε‖w‖: PGD's
        // worst case must leave every correctly classified row whose exact distance is below ε misclassified
        Frame adult = Datasets.load("adult").head(2000);
        TrainingSet train = new TrainingSet(adult, FEATURES, Labels.fromColumn(adult, "income", ">50K"), null, 0);
        var model = new PipelineTrainer(LinearTrainer.logistic()).fit(train);
        InputSpace space = InputSpace.of(model, adult, List.of()).unbounded();
        int[] rows = java.util.stream.IntStream.range(0, 500).toArray();
        int[] labels = java.util.Arrays.copyOf(train.labels().codes(), 500);
        AttackResult exact = GradientAttack.linearExact(space, adult, rows, Norm.L2);
        double[] x = GradientAttack.worstCase(space, adult, rows, labels, 0.2, new GradientAttack.Settings(Norm.L2, 10, false, 1));
        int[] after = space.decide(space.with(adult, rows, x));
        int[] before = space.decide(adult.select(rows));
        for (int i = 0; i < 500; i++) {
            if (before[i] == labels[i]) {
                assertThat(after[i] == labels[i]).as("row %d at distance %f", i, exact.distance()[i]).isEqualTo(exact.distance()[i] > 0.2);
            }
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> AdversarialTraining.Settings.of(0, Norm.L2)).isInstanceOf(InputException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new AdversarialTraining.Settings(0.1, Norm.L1, 3, 10, 0)).hasMessageContaining("linf or l2");
        Frame adult = Datasets.load("adult").head(200);
        TrainingSet train = new TrainingSet(adult, FEATURES, Labels.fromColumn(adult, "income", ">50K"), null, 0);
        assertThatThrownBy(() -> AdversarialTraining.train(new PipelineTrainer(LinearTrainer.logistic()), train, adult, "salary", List.of(),
                AdversarialTraining.Settings.of(0.1, Norm.L2))).hasMessageContaining("salary");
    }
}
