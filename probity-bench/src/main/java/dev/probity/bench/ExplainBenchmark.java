package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.lime.Lime;
import dev.probity.explain.shap.Background;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.KernelShap;
import dev.probity.explain.shap.Predictor;
import dev.probity.explain.shap.Predictors;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One explanation at a time, single thread, of a 10-feature logistic regression on Adult: KernelSHAP with 10
 * background rows (k-means; the default budget covers all 1,022 coalitions, so it is exact) and LIME with
 * 300 samples. Targets: ≤ 1 ms per explanation each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExplainBenchmark {
    static final List<String> TEN = List.of("age", "workclass", "education_num", "marital_status", "occupation",
            "relationship", "race", "sex", "capital_gain", "hours_per_week");
    Predictor model;
    Background background;
    Lime lime;
    FeatureSpace space;
    double[] rows;
    int[][] groups;
    List<String> names;
    int next;

    @Setup
    public void setUp() {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test").head(1000);
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(train, TEN, Labels.fromColumn(train, "income", ">50K"), null, 1));
        space = FeatureSpace.of(TEN, train, test);
        model = Predictors.of(m, space);
        double[] trainRows = space.encode(train);
        boolean[] text = new boolean[TEN.size()];
        for (int j = 0; j < text.length; j++) {
            text[j] = space.type(j) == ColumnType.STRING;
        }
        background = Background.kmeans(trainRows, train.rowCount(), TEN.size(), text, 10, 1);
        lime = Lime.fit(space, trainRows, train.rowCount(), 4, 300, 0, 0, Lime.Selection.NONE, 1);
        rows = space.encode(test);
        groups = new int[TEN.size()][];
        for (int j = 0; j < groups.length; j++) {
            groups[j] = new int[] {j};
        }
        names = new ArrayList<>(TEN);
    }

    private double[] nextRow() {
        int m = TEN.size();
        int r = next++ % 1000;
        return java.util.Arrays.copyOfRange(rows, r * m, r * m + m);
    }

    @Benchmark
    public Explanation kernelShap() {
        return new KernelShap(0, 0, 1).explain(model, background, nextRow(), groups, names, names);
    }

    @Benchmark
    public Explanation lime300() {
        return lime.explain(model, nextRow(), next);
    }
}
