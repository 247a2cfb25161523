package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Logistic regression on Adult, ours and scikit-learn's side by side in one run: medians of {@code runs}
 * fits each (ours after JIT warm-up, encoding included; scikit-learn's on an already encoded matrix, so its
 * figure is a lower bound of its whole fit), and the ratios. scikit-learn runs only where Debian's
 * {@code python3-sklearn} is installed; otherwise its lines say so.
 */
public final class ModelHarness {
    private ModelHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Frame f = Datasets.load("adult");
        List<String> features = MitigationBenchmark.FEATURES;
        TrainingSet train = new TrainingSet(f, features, Labels.fromColumn(f, "income", ">50K"), null, 42);
        for (int i = 0; i < 10; i++) {
            new PipelineTrainer(LinearTrainer.logistic()).fit(train);
        }
        double[] ours = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            new PipelineTrainer(LinearTrainer.logistic()).fit(train);
            ours[r] = (System.nanoTime() - t0) / 1e9;
        }
        double oursMedian = median(ours);
        System.out.printf(Locale.ROOT, "probity logistic fit (Newton-Cholesky, encoding included): median %.3f s (min %.3f, max %.3f), %d runs%n",
                oursMedian, Arrays.stream(ours).min().orElseThrow(), Arrays.stream(ours).max().orElseThrow(), runs);
        Path python = Path.of("/usr/bin/python3");
        Path script = repo.resolve("probity-bench/python/sklearn_logistic.py");
        if (!Files.isExecutable(python)) {
            System.out.println("scikit-learn: /usr/bin/python3 not found; install python3-sklearn to compare");
            return;
        }
        Process p = new ProcessBuilder(python.toString(), script.toString(), repo.toString(), Integer.toString(runs))
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (p.waitFor() != 0) {
            System.out.println("scikit-learn: not available (" + String.join(" | ", lines) + "); install python3-sklearn to compare");
            return;
        }
        for (String line : lines) {
            String[] s = line.trim().split("\\s+");
            double median = Double.parseDouble(s[1]);
            System.out.printf(Locale.ROOT, "scikit-learn %s fit (encoded matrix given): median %.3f s (min %.3f, max %.3f) -> probity is %.1fx faster%n",
                    s[0], median, Double.parseDouble(s[2]), Double.parseDouble(s[3]), median / oursMedian);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
