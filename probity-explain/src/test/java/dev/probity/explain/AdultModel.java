package dev.probity.explain;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;

import java.util.ArrayList;
import java.util.List;

/**
 * A logistic model on Adult that reads every column, protected ones included (as a careless pipeline would), trained
 * once for the tests of reasons and counterfactuals.
 */
public final class AdultModel {
    public static final Frame TRAIN = Datasets.load("adult");
    public static final Frame TEST = Datasets.load("adult-test");
    public static final Model MODEL = fit();

    private AdultModel() {
    }

    private static Model fit() {
        List<String> features = new ArrayList<>(TRAIN.columnNames());
        features.removeAll(List.of("income", "fnlwgt"));
        return new PipelineTrainer(LinearTrainer.logistic()).fit(new TrainingSet(TRAIN, features,
                Labels.fromColumn(TRAIN, "income", ">50K"), null, 42));
    }
}
