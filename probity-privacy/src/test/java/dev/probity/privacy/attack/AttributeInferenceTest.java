package dev.probity.privacy.attack;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeInferenceTest {
    static final List<String> FEATURES = List.of("age", "workclass", "education_num", "marital_status", "occupation", "relationship", "sex",
            "capital_gain", "hours_per_week");
    static final Frame TRAIN = Datasets.load("adult").head(3000);
    static final Frame HOLDOUT = Datasets.load("adult-test").head(3000);

    static Model fit(dev.probity.core.model.Trainer t) {
        return t.fit(new TrainingSet(TRAIN, FEATURES, Labels.fromColumn(TRAIN, "income", ">50K"), null, 0));
    }

    @Test
    void aMemorisingTreeGivesAwayItsTrainingRowsSexMoreThanOthers() {
        Model tree = fit(new PipelineTrainer(new TreeTrainer(40, 1, 2, 0, TreeTrainer.Criterion.GINI)));
        AttributeInference.Result r = AttributeInference.run(tree, TRAIN, HOLDOUT, "income", "occupation", 3000, 0.95, 1);
        assertThat(r.values()).hasSize(15);
        assertThat(r.membersRate()).isGreaterThan(r.baseline());
        assertThat(r.advantageInterval().low()).isGreaterThan(0); // better on members than on others
        Model lr = fit(new PipelineTrainer(LinearTrainer.logistic()));
        AttributeInference.Result q = AttributeInference.run(lr, TRAIN, HOLDOUT, "income", "sex", 3000, 0.95, 1);
        assertThat(q.advantageInterval().contains(0)).isTrue();
        assertThat(q.members()).isEqualTo(3000);
    }

    @Test
    void onlyAFeatureWithFewValuesCanBeInferred() {
        Model lr = fit(new PipelineTrainer(LinearTrainer.logistic()));
        assertThatThrownBy(() -> AttributeInference.run(lr, TRAIN, HOLDOUT, "income", "race", 100, 0.95, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("not one of");
        assertThatThrownBy(() -> AttributeInference.run(lr, TRAIN, HOLDOUT, "income", "age", 1000, 0.95, 1)).hasMessageContaining("at most 50");
    }
}
