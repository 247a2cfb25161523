package dev.probity.mitigation;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.RandomizedModel;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method of the catalogue returns a {@link Model} that saves to a model file, reloads to identical
 * decisions and probabilities, writes the same bytes again, and records its provenance; randomized models decide
 * each row the same way alone as in a batch.
 */
class MitigatedModelsTest {
    static final List<String> FEATURES = AdultSetup.FEATURES.stream().filter(f -> !f.equals("sex")).toList();
    static final Frame TRAIN = AdultSetup.TRAIN.head(4000);
    static final Frame TEST = AdultSetup.TEST.head(1500);

    @TempDir
    Path dir;

    static Stream<String> methods() {
        return Mitigations.methods().stream().map(Mitigations.Method::name);
    }

    static MitigationReport run(String method, List<String> protectedAttributes) {
        MitigationSettings s = MitigationSettings.defaults().withMaxIterations(10).withGrid(5, 2.0);
        if (method.equals("reject-option")) {
            s = s.withMetricBound(0.1);
        }
        return MitigationRun.run(new MitigationRun.Request(TRAIN, TEST, "income", ">50K", protectedAttributes, FEATURES,
                new PipelineTrainer(LinearTrainer.logistic()), Mitigations.create(method, s), Constraint.DEMOGRAPHIC_PARITY, 42), w -> { });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void everyMethodReturnsAModelThatSavesAndReloads(String method) throws Exception {
        MitigationReport r = run(method, List.of("sex"));
        Model m = r.mitigated();
        Path a = dir.resolve("a.json");
        ModelFiles.save(m, a);
        Model back = ModelFiles.load(a, null);
        assertThat(back.getClass()).isEqualTo(m.getClass());
        assertThat(back.predict(TEST)).as("decisions after reload").containsExactly(m.predict(TEST));
        assertThat(back.predictProba(TEST).values()).as("probabilities after reload").containsExactly(m.predictProba(TEST).values());
        assertThat(back.predict(TEST)).as("the decisions the report audited").containsExactly(r.predictions().after());
        Path b = dir.resolve("b.json");
        ModelFiles.save(back, b);
        assertThat(Files.readAllBytes(b)).as("read, then written again: the same bytes").isEqualTo(Files.readAllBytes(a));

        Provenance p = back.provenance();
        assertThat(p).isEqualTo(m.provenance());
        assertThat(p.step()).isEqualTo(Provenance.MITIGATE);
        assertThat(p.method()).isEqualTo(method);
        assertThat(p.data().rows()).isEqualTo(TRAIN.rowCount());
        assertThat(p.seed()).isEqualTo(42);
        if (r.stage() == Stage.POST_PROCESSING) {
            assertThat(p.parents()).as("a post-processor is built on the baseline").containsExactly(r.baseline().provenance());
            assertThat(back.info().features()).anyMatch(f -> f.name().equals("sex"));
        }
        if (m instanceof RandomizedModel rm) {
            assertThat(r.predictions().expected()).containsExactly(rm.predictProba(TEST).column(1));
            // a row decided alone gets the decision it gets in the batch
            double[] batch = rm.predict(TEST);
            for (int i : new int[] {0, 17, 733, 1499}) {
                assertThat(rm.predict(TEST.select(new int[] {i}))[0]).as("row %d alone", i).isEqualTo(batch[i]);
            }
        } else {
            assertThat(r.predictions().expected()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void intersectionsOfSeveralAttributesAreTheGroups(String method) {
        if (method.equals("correlation-remover") || method.equals("disparate-impact-remover") || method.equals("prejudice-remover")) {
            return; // these work on the groups too, but cost more on small intersections; the post-processors cover it
        }
        if (method.equals("equalized-odds-postprocessing") || method.equals("calibrated-equalized-odds")) {
            // both need each group's error rates: an intersection without positive labels is named, not guessed at
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(method, List.of("sex", "race")))
                    .isInstanceOf(dev.probity.core.InputException.class)
                    .hasMessageContaining("group 'Female & Amer-Indian-Eskimo' needs both positive and negative labels");
            return;
        }
        MitigationReport r = run(method, List.of("sex", "race"));
        assertThat(r.after().attributes()).anyMatch(t -> t.name().equals("sex&race") && t.intersection());
        assertThat(r.tradeoff().mitigated().disparity()).isNotNaN();
    }
}
