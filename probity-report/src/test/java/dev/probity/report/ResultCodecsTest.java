package dev.probity.report;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationResult;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.report.json.EvaluationJson;
import dev.probity.report.json.ExplainJson;
import dev.probity.report.json.MitigationJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mitigation, explanation and evaluation documents read back: write → read → equal → write gives the same bytes. */
class ResultCodecsTest {
    static final Frame GERMAN = Datasets.load("german");
    static final List<String> FEATURES = GERMAN.columnNames().stream().filter(c -> !c.equals("credit") && !c.equals("sex")).toList();
    static final Model LOGISTIC = new PipelineTrainer(LinearTrainer.logistic()).fit(new dev.probity.core.model.TrainingSet(GERMAN, FEATURES,
            dev.probity.core.model.Labels.fromColumn(GERMAN, "credit", "good"), null, 42));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"threshold-optimizer", "grid-search", "exponentiated-gradient", "reweighing", "reject-option"})
    void mitigationResultsReadBack(String method) {
        MitigationReport r = MitigationRun.run(new MitigationRun.Request(GERMAN, null, "credit", "good", List.of("sex", "age_group"), FEATURES,
                new PipelineTrainer(LinearTrainer.logistic()), Mitigations.create(method, MitigationSettings.defaults().withGrid(4, 2.0)
                        .withMaxIterations(10).withMetricBound(0.1)), Constraint.DEMOGRAPHIC_PARITY, 42), w -> { });
        String json = MitigationJson.toString(r);
        MitigationResult back = MitigationJson.read(json);
        assertThat(back).isEqualTo(r.result());
        assertThat(MitigationJson.toString(back)).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kernel-shap", "permutation-shap", "lime", "counterfactual", "reasons", "linear-shap", "global"})
    void explanationsReadBack(String method) {
        ExplainSettings s = ExplainSettings.defaults().withGlobal("credit", "good", 120).withSamples(method.equals("lime") ? 500 : 0, 0);
        ExplainResult r = Explainers.explain(LOGISTIC, GERMAN, null, List.of(0, 4), ExplainMethod.parse(method), s);
        String json = ExplainJson.toString(r);
        ExplainResult back = ExplainJson.read(json);
        assertThat(back).isEqualTo(r);
        assertThat(ExplainJson.toString(back)).isEqualTo(json);
    }

    @Test
    void treeShapAndEvaluationsReadBack() {
        Model tree = new PipelineTrainer(TreeTrainer.defaults().maxDepth(4)).fit(new dev.probity.core.model.TrainingSet(GERMAN, FEATURES,
                dev.probity.core.model.Labels.fromColumn(GERMAN, "credit", "good"), null, 42));
        ExplainResult r = Explainers.explain(tree, GERMAN, null, List.of(0, 1, 2), ExplainMethod.TREE_SHAP, ExplainSettings.defaults());
        assertThat(ExplainJson.read(ExplainJson.toString(r))).isEqualTo(r);
        List<ClassificationReport> reports = List.of(ClassificationReport.evaluate("german", LOGISTIC, GERMAN, "credit", "good"),
                ClassificationReport.evaluate("german", tree, GERMAN, "credit", "good"));
        String json = EvaluationJson.toString(reports);
        assertThat(EvaluationJson.read(json)).isEqualTo(reports);
        assertThat(EvaluationJson.toString(EvaluationJson.read(json))).isEqualTo(json);
    }

    @Test
    void documentsOfAnotherKindAreNamed() {
        assertThatThrownBy(() -> MitigationJson.read("{\"schema\": \"probity.audit/v1\"}")).isInstanceOf(InputException.class)
                .hasMessageContaining("not a Probity mitigation result");
        assertThatThrownBy(() -> ExplainJson.read("[1, 2]")).isInstanceOf(InputException.class).hasMessageContaining("not Probity explanations");
        assertThatThrownBy(() -> EvaluationJson.read("not json")).isInstanceOf(InputException.class)
                .hasMessageContaining("not valid JSON at line 1, column 1: Unrecognized token 'not'");
    }
}
