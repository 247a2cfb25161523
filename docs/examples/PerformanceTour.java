import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.monitor.perf.Cbpe;
import dev.probity.monitor.perf.Chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Performance before labels arrive, as docs/monitoring.md describes it: a logistic regression trained on Adult; the
 * first 8,000 rows of Adult's test split, with their labels, are the reference; the other rows are estimated from the
 * model's scores alone, in chunks by age band, and the estimates are set beside the accuracy the labels give.
 */
public final class PerformanceTour {
    private PerformanceTour() {
    }

    public static void main(String[] args) {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test");
        List<String> features = new ArrayList<>(train.columnNames());
        features.removeAll(List.of("income", "fnlwgt"));
        Model model = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(train, features, Labels.fromColumn(train, "income", ">50K"), null, 42));

        Frame reference = test.select(IntStream.range(0, 8_000).toArray());
        Frame later = test.select(IntStream.range(8_000, test.rowCount()).toArray());
        Cbpe.Estimator cbpe = Cbpe.fit(model.score(reference), Labels.fromColumn(reference, "income", ">50K").codes(),
                Chunking.bySize(1_000), Cbpe.Settings.defaults());
        System.out.println("calibration: " + cbpe.calibration().reason());

        // the later rows by age band; their labels are passed only so that the realized accuracy can be shown
        double[] age = Numbers.of(later.column("age"));
        String[] band = new String[age.length];
        for (int i = 0; i < age.length; i++) {
            band[i] = age[i] < 30 ? "17-29" : age[i] < 45 ? "30-44" : age[i] < 60 ? "45-59" : "60+";
        }
        Cbpe.Report r = cbpe.estimate(model.score(later), Labels.fromColumn(later, "income", ">50K").codes(), Chunking.byKey(band));
        Cbpe.Threshold t = r.thresholds().get(Cbpe.Metric.ACCURACY.ordinal());
        System.out.printf(Locale.ROOT, "accuracy thresholds from the reference: [%.3f, %.3f]%n", t.lower(), t.upper());
        for (Cbpe.ChunkResult c : r.chunks()) {
            Cbpe.Estimate a = c.get(Cbpe.Metric.ACCURACY);
            Cbpe.Estimate auc = c.get(Cbpe.Metric.ROC_AUC);
            System.out.printf(Locale.ROOT, "age %-5s %5d rows: accuracy estimated %.3f [%.3f, %.3f], realized %.3f; ROC AUC estimated %.3f, realized %.3f%s%n",
                    c.key(), c.rows(), a.value(), a.lower(), a.upper(), a.realized(), auc.value(), auc.realized(), a.alert() ? "  ALERT" : "");
        }
        System.out.println("tour complete");
    }
}
