package dev.probity.models;

import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdultLogisticTest {
    @Test
    void baselineReachesTheAcceptanceAccuracyAndDisparity() {
        long t0 = System.nanoTime();
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic()).fit(AdultFixture.training());
        long t1 = System.nanoTime();
        double[] pred = m.predict(AdultFixture.TEST);
        Labels y = AdultFixture.labels(AdultFixture.TEST);
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == y.codes()[i]) {
                correct++;
            }
        }
        double acc = (double) correct / pred.length;
        StringColumn sex = (StringColumn) AdultFixture.TEST.column("sex");
        double[] sel = new double[2];
        double[] cnt = new double[2];
        for (int i = 0; i < pred.length; i++) {
            int g = sex.getString(i).equals("Male") ? 1 : 0;
            sel[g] += pred[i];
            cnt[g]++;
        }
        double dp = sel[1] / cnt[1] - sel[0] / cnt[0];
        System.out.printf("acc %.4f dp %.4f fit %.1f ms columns %d%n", acc, dp, (t1 - t0) / 1e6, m.encoder().outputNames().size());
        assertThat(acc).isGreaterThanOrEqualTo(0.85);
        assertThat(dp).isBetween(0.15, 0.21);
    }
}
