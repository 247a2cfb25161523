package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.mitigation.reductions.ExponentiatedGradient;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The model and mitigation targets on Adult's 32,561 training rows (13 features, 107 encoded
 * columns, fnlwgt dropped): a logistic-regression fit (encoding included; target ≤ 0.5 s) and the
 * exponentiated gradient with demographic parity, bound 0.01, at most 50 iterations (target ≤ 6 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3)
@Measurement(iterations = 7)
public class MitigationBenchmark {
    static final List<String> FEATURES = List.of("age", "workclass", "education", "education_num",
            "marital_status", "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
            "hours_per_week", "native_country");
    TrainingSet train;
    Groups sex;

    @Setup
    public void load() {
        Frame f = Datasets.load("adult");
        train = new TrainingSet(f, FEATURES, Labels.fromColumn(f, "income", ">50K"), null, 42);
        sex = Groups.of(f, List.of("sex"));
    }

    @Benchmark
    public PipelineModel logisticFit() {
        return new PipelineTrainer(LinearTrainer.logistic()).fit(train);
    }

    @Benchmark
    public ExponentiatedGradient.Result exponentiatedGradient50() {
        return new ExponentiatedGradient(Constraint.DEMOGRAPHIC_PARITY, 0.01, 1, 50)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), train, sex);
    }

    /** All 50 iterations forced (ν = 0), for the worst case of the same configuration. */
    @Benchmark
    public ExponentiatedGradient.Result exponentiatedGradientAll50() {
        return new ExponentiatedGradient(Constraint.DEMOGRAPHIC_PARITY, 0.01, 1, 50).withNu(0)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), train, sex);
    }
}
