package dev.probity.privacy.training;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;

/** One-off measurements (run with -Ddpsgd.tune=true). */
@EnabledIfSystemProperty(named = "dpsgd.tune", matches = "true")
class DpSgdTuning {
    static double accuracy(Model m, Frame test) {
        double[] pred = m.predict(test);
        int[] y = Labels.fromColumn(test, "income", ">50K").codes();
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += pred[i] == y[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }

    @Test
    void tune() {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test");
        List<String> features = new ArrayList<>(train.columnNames());
        features.remove("income");
        System.out.println("features " + features);
        Labels y = Labels.fromColumn(train, "income", ">50K");
        TrainingSet ts0 = new TrainingSet(train, features, y, null, 0);
        System.out.println("baseline " + accuracy(new PipelineTrainer(LinearTrainer.logistic()).fit(ts0), test));
        String spec = System.getProperty("dpsgd.configs", "sgd:0.5:256:10");
        int seeds = Integer.getInteger("dpsgd.seeds", 1);
        for (String c : spec.split(",")) {
            String[] f = c.split(":");
            DpSgd t = DpSgd.of(Double.parseDouble(System.getProperty("dpsgd.eps", "1")), 1e-5)
                    .withOptimizer(DpSgd.Optimizer.valueOf(f[0].toUpperCase())).withLearningRate(Double.parseDouble(f[1]))
                    .withBatchSize(Integer.parseInt(f[2])).withEpochs(Integer.parseInt(f[3])).withSeededNoise();
            StringBuilder sb = new StringBuilder(c + ":");
            for (int s = 0; s < seeds; s++) {
                long t0 = System.nanoTime();
                Model m = t.fit(new TrainingSet(train, features, y, null, s + 1));
                double secs = (System.nanoTime() - t0) / 1e9;
                sb.append(String.format(" %.4f (%.1fs)", accuracy(m, test), secs));
                if (s == 0) {
                    sb.append(" " + m.provenance().parameters().get("noise_multiplier") + " " + m.provenance().parameters().get("steps"));
                }
            }
            System.out.println(sb);
        }
    }
}
