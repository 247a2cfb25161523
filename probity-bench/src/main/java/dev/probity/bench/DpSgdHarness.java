package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.frame.LongColumn;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.metrics.Disparity;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.privacy.training.DpSgd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code probity-bench/run dpsgd [RUNS]}: DP-SGD logistic regression on Adult (every column but the label; trained on
 * adult, 32,561 rows; accuracy on adult-test, 16,281 rows) at ε = 1, δ = 1e-5 with the defaults (C = 1, expected
 * batch 256, 10 epochs, Adam at 0.01, RDP). RUNS trainings with secure noise, then RUNS with seeded noise (seeds 1 to
 * RUNS), each with its accuracy and its time (wall and the thread's CPU; the calibration of σ included), and the
 * medians; then the same at ε = 0.1 and the non-private logistic regression for comparison. The target is a
 * median accuracy of at least 0.82 at ε = 1. Beside each setting, the fairness audit of its last model on adult-test
 * (the audit itself, as {@code probity audit} runs it): the demographic parity and equalized odds differences by sex
 * and by race — privacy can widen disparities, and this shows whether it does.
 */
public final class DpSgdHarness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DpSgdHarness() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test");
        List<String> features = new ArrayList<>(train.columnNames());
        features.remove("income");
        Labels y = Labels.fromColumn(train, "income", ">50K");
        int[] testY = Labels.fromColumn(test, "income", ">50K").codes();
        double base = accuracy(new PipelineTrainer(LinearTrainer.logistic()).fit(new TrainingSet(train, features, y, null, 0)), test, testY);
        DpSgd warm = DpSgd.of(1.0, 1e-5).withSeededNoise();
        warm.fit(new TrainingSet(train, features, y, null, 99)); // warm-up
        for (double eps : new double[] {1.0, 0.1}) {
            for (boolean seeded : new boolean[] {false, true}) {
                DpSgd t = seeded ? DpSgd.of(eps, 1e-5).withSeededNoise() : DpSgd.of(eps, 1e-5);
                List<Double> acc = new ArrayList<>();
                List<Double> wall = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                Model m = null;
                for (int r = 1; r <= runs; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    m = t.fit(new TrainingSet(train, features, y, null, r));
                    wall.add((System.nanoTime() - t0) / 1e9);
                    cpu.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
                    acc.add(accuracy(m, test, testY));
                }
                var p = m.provenance().parameters();
                System.out.printf(Locale.ROOT, "epsilon %s, %s noise: accuracy %s, median %.4f; time median %.2f s (CPU %.2f s); "
                        + "sigma %s, q %s, %s steps, spent epsilon %s%n", eps, seeded ? "seeded" : "secure",
                        acc.stream().map(a -> String.format(Locale.ROOT, "%.4f", a)).toList(), median(acc),
                        median(wall), median(cpu), p.get("noise_multiplier"), p.get("sample_rate"), p.get("steps"),
                        p.get("epsilon"));
                System.out.println("  " + fairness(m, test));
            }
        }
        Model baseModel = new PipelineTrainer(LinearTrainer.logistic()).fit(new TrainingSet(train, features, y, null, 0));
        System.out.printf(Locale.ROOT, "non-private logistic regression: accuracy %.4f%n", base);
        System.out.println("  " + fairness(baseModel, test));
    }

    /** The demographic parity and equalized odds differences of the model's decisions on adult-test, by sex and race. */
    static String fairness(Model m, Frame test) {
        double[] pred = m.predict(test);
        long[] p = new long[pred.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (long) pred[i];
        }
        Frame f = test.withColumn(LongColumn.of("y_pred", p));
        AuditSpec spec = AuditSpec.builder().label("income").positive(">50K").prediction("y_pred").predictionPositive("1")
                .protectedAttributes("sex", "race").build();
        AuditResult a = Audit.run(f, spec);
        StringBuilder out = new StringBuilder("audit on adult-test:");
        for (String attr : new String[] {"sex", "race"}) {
            var t = a.attribute(attr);
            out.append(String.format(Locale.ROOT, " %s DPD %.4f EOD %.4f;", attr, t.disparity(Disparity.DEMOGRAPHIC_PARITY_DIFFERENCE).number(),
                    t.disparity(Disparity.EQUALIZED_ODDS_DIFFERENCE).number()));
        }
        return out.toString();
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double accuracy(Model m, Frame test, int[] y) {
        double[] pred = m.predict(test);
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += pred[i] == y[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }
}
