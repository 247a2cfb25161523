package dev.probity.privacy.attack;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.SplitMix64;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MembershipInferenceTest {
    static final List<String> FEATURES = List.of("age", "workclass", "education_num", "marital_status", "occupation", "sex", "capital_gain",
            "hours_per_week");
    static final Frame TRAIN = Datasets.load("adult").head(3000);
    static final Frame HOLDOUT = Datasets.load("adult-test").head(3000);

    static Model fit(dev.probity.core.model.Trainer t) {
        return t.fit(new TrainingSet(TRAIN, FEATURES, Labels.fromColumn(TRAIN, "income", ">50K"), null, 0));
    }

    @Test
    void anOverfitTreeLeaksAndARegularizedLogisticRegressionDoesNot() {
        MembershipInference.Settings s = MembershipInference.Settings.defaults();
        // a tree grown until its leaves are pure memorises its training rows
        Model tree = fit(new PipelineTrainer(new TreeTrainer(40, 1, 2, 0, TreeTrainer.Criterion.GINI)));
        AttackResult leak = MembershipInference.threshold(tree, TRAIN, HOLDOUT, "income", s);
        assertThat(leak.auc()).isGreaterThan(0.57); // members all at loss 0, but so are the non-members it gets right: ties
        assertThat(leak.aucInterval().low()).isGreaterThan(0.5);
        assertThat(leak.advantage()).isGreaterThan(0.1);
        assertThat(leak.epsilon().epsilon()).isGreaterThan(0);
        Model lr = fit(new PipelineTrainer(LinearTrainer.logistic()));
        AttackResult quiet = MembershipInference.threshold(lr, TRAIN, HOLDOUT, "income", s);
        assertThat(quiet.auc()).isCloseTo(0.5, within(0.03));
        assertThat(quiet.epsilon().epsilon()).isLessThan(0.5);
        // LiRA with shadow trees finds the tree's leak too
        AttackResult lira = MembershipInference.lira(tree, new PipelineTrainer(new TreeTrainer(40, 1, 2, 0, TreeTrainer.Criterion.GINI)), FEATURES, TRAIN, HOLDOUT,
                "income", new MembershipInference.Settings(8, true, 1500, 1e-5, 0.95, 7), j -> { });
        assertThat(lira.auc()).isGreaterThan(0.6);
        assertThat(lira.notes()).anyMatch(n -> n.contains("8 shadow models (online"));
        assertThat(lira.members()).isEqualTo(1500);
    }

    @Test
    void theRatesFollowTheirDefinitions() {
        // members score 1..1000, non-members 0.5..999.5: a shift by half a step
        double[] m = new double[1000];
        double[] n = new double[1000];
        for (int i = 0; i < 1000; i++) {
            m[i] = i + 1;
            n[i] = i + 0.5;
        }
        AttackResult r = MembershipInference.evaluate("test", m, n, MembershipInference.Settings.defaults(), List.of(), 1000, 1000);
        // P(member score > non-member score): Σ_i (i+1) pairs / 10⁶ = 500,500 / 10⁶
        assertThat(r.auc()).isCloseTo(0.5005, within(1e-12));
        assertThat(r.advantage()).isCloseTo(0.001, within(1e-12));
        assertThat(r.roc().fpr()[0]).isZero();
        assertThat(r.roc().tpr()[r.roc().tpr().length - 1]).isEqualTo(1.0);
        // perfectly separated: TPR 1 at FPR 0, an ε bound that grows with the rows
        double[] hi = new double[2000];
        double[] lo = new double[2000];
        for (int i = 0; i < 2000; i++) {
            hi[i] = 10 + i;
            lo[i] = -i;
        }
        AttackResult sep = MembershipInference.evaluate("separated", hi, lo, MembershipInference.Settings.defaults(), List.of(), 2000, 2000);
        assertThat(sep.auc()).isEqualTo(1.0);
        assertThat(sep.lowFpr().get(0).tpr()).isEqualTo(1.0);
        // with 1000 members and 1000 non-members on the evaluation half, TPR ≥ 0.9963 and FPR ≤ 0.0037 at 95 %: ε ≥ ln(0.9963/0.0037)
        assertThat(sep.epsilon().epsilon()).isBetween(5.0, 6.0);
    }

    @Test
    void theEmpiricalBoundIsZeroWithoutEvidenceAndBadInputIsRefused() {
        assertThat(EmpiricalEpsilon.at(50, 100, 50, 100, 1e-5, 0.95)).isZero();
        SplitMix64 r = new SplitMix64(1);
        double[] a = new double[500];
        double[] b = new double[500];
        for (int i = 0; i < 500; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
        }
        AttackResult same = MembershipInference.evaluate("noise", a, b, MembershipInference.Settings.defaults(), List.of(), 500, 500);
        assertThat(same.epsilon().epsilon()).isLessThan(0.7);
        assertThat(same.aucInterval().contains(0.5)).isTrue();
        assertThatThrownBy(() -> new MembershipInference.Settings(1, true, 0, 1e-5, 0.95, 0)).hasMessageContaining("2 to 1,024 shadow models");
        assertThatThrownBy(() -> MembershipInference.threshold(fit(new PipelineTrainer(LinearTrainer.logistic())), TRAIN, HOLDOUT, "salary",
                MembershipInference.Settings.defaults())).hasMessageContaining("salary");
    }
}
