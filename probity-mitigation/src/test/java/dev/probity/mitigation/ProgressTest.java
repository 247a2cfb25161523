package dev.probity.mitigation;

import dev.probity.core.frame.Frame;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run tells its listener each step, with a fraction that never decreases and ends at 1; a listener can stop it. */
class ProgressTest {
    static final List<String> FEATURES = AdultSetup.FEATURES.stream().filter(f -> !f.equals("sex")).toList();
    static final Frame TRAIN = AdultSetup.TRAIN.head(1500);
    static final Frame TEST = AdultSetup.TEST.head(500);

    static MitigationRun.Request request(String method) {
        MitigationSettings s = MitigationSettings.defaults().withGrid(3, 2.0);
        return new MitigationRun.Request(TRAIN, TEST, "income", ">50K", List.of("sex"), FEATURES, new PipelineTrainer(LinearTrainer.logistic()),
                Mitigations.create(method, s), Constraint.DEMOGRAPHIC_PARITY, 42);
    }

    @Test
    void stepsAreToldInOrderWithAFractionThatNeverDecreases() {
        List<String> steps = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        MitigationReport r = MitigationRun.run(request("grid-search"), w -> { }, (step, fraction) -> {
            steps.add(step);
            fractions.add(fraction);
        });
        assertThat(steps).startsWith("reading the groups and labels", "training the baseline", "fitting grid-search",
                "predicting the evaluation rows", "auditing the baseline and the mitigated model");
        assertThat(steps).contains("auditing candidate 1 of " + r.tradeoff().candidates().size());
        assertThat(steps.get(steps.size() - 1)).isEqualTo("done");
        assertThat(fractions.get(0)).isEqualTo(0.0);
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
        for (int i = 1; i < fractions.size(); i++) {
            assertThat(fractions.get(i)).isGreaterThanOrEqualTo(fractions.get(i - 1)).isLessThanOrEqualTo(1.0);
        }
        // the listener changes nothing: the same report as without one
        MitigationReport plain = MitigationRun.run(request("grid-search"), w -> { });
        assertThat(plain.predictions().after()).containsExactly(r.predictions().after());
        assertThat(plain.tradeoff()).isEqualTo(r.tradeoff());
    }

    @Test
    void aListenerThatThrowsStopsTheRunBeforeTheStep() {
        List<String> steps = new ArrayList<>();
        assertThatThrownBy(() -> MitigationRun.run(request("reweighing"), w -> { }, (step, fraction) -> {
            steps.add(step);
            if (step.startsWith("fitting")) {
                throw new CancellationException("cancelled");
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(steps).containsExactly("reading the groups and labels", "training the baseline", "fitting reweighing");
    }
}
