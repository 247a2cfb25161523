package dev.probity.mitigation;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;

import java.util.List;

/** The acceptance set-up: Adult train/test, fnlwgt dropped, standardized numbers, one-hot categories, sex protected. */
final class AdultSetup {
    static final List<String> FEATURES = List.of("age", "workclass", "education", "education_num",
            "marital_status", "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
            "hours_per_week", "native_country");
    static final Frame TRAIN = Datasets.load("adult");
    static final Frame TEST = Datasets.load("adult-test");
    static final Labels TRAIN_Y = Labels.fromColumn(TRAIN, "income", ">50K");
    static final Labels TEST_Y = Labels.fromColumn(TEST, "income", ">50K");
    static final Groups TRAIN_SEX = Groups.of(TRAIN, List.of("sex"));
    static final Groups TEST_SEX = Groups.matching(TRAIN_SEX, TEST);

    private AdultSetup() {
    }

    static TrainingSet training() {
        return new TrainingSet(TRAIN, FEATURES, TRAIN_Y, null, 42);
    }

    static double accuracy(double[] pred, int[] y) {
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                ok++;
            }
        }
        return (double) ok / y.length;
    }

    /** max − min over groups of the selection rate. */
    static double dpDifference(double[] pred, Groups g) {
        double[] s = new double[g.count()];
        double[] c = new double[g.count()];
        for (int i = 0; i < pred.length; i++) {
            s[g.of()[i]] += pred[i];
            c[g.of()[i]]++;
        }
        double lo = 1;
        double hi = 0;
        for (int k = 0; k < s.length; k++) {
            lo = Math.min(lo, s[k] / c[k]);
            hi = Math.max(hi, s[k] / c[k]);
        }
        return hi - lo;
    }

    /** max over {TPR, FPR} of the between-group difference (Fairlearn's equalized_odds_difference). */
    static double eoDifference(double[] pred, int[] y, Groups g) {
        double worst = 0;
        for (int label = 0; label <= 1; label++) {
            double[] s = new double[g.count()];
            double[] c = new double[g.count()];
            for (int i = 0; i < pred.length; i++) {
                if (y[i] == label) {
                    s[g.of()[i]] += pred[i];
                    c[g.of()[i]]++;
                }
            }
            double lo = 1;
            double hi = 0;
            for (int k = 0; k < s.length; k++) {
                lo = Math.min(lo, s[k] / c[k]);
                hi = Math.max(hi, s[k] / c[k]);
            }
            worst = Math.max(worst, hi - lo);
        }
        return worst;
    }
}
