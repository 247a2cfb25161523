package dev.probity.models;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;

import java.util.List;

/** The Adult set-up of the acceptance criteria: fnlwgt dropped, label income = >50K. */
public final class AdultFixture {
    public static final List<String> FEATURES = List.of("age", "workclass", "education", "education_num",
            "marital_status", "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
            "hours_per_week", "native_country");

    public static final Frame TRAIN = Datasets.load("adult");
    public static final Frame TEST = Datasets.load("adult-test");

    private AdultFixture() {
    }

    public static Labels labels(Frame f) {
        return Labels.fromColumn(f, "income", ">50K");
    }

    public static TrainingSet training() {
        return new TrainingSet(TRAIN, FEATURES, labels(TRAIN), null, 42);
    }
}
