package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.tree.TreeEnsemble;
import dev.probity.explain.tree.FastTreeShap;
import dev.probity.explain.tree.TreeShap;
import dev.probity.explain.tree.XgboostTrees;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbEstimator;
import dev.probity.models.xgboost.XgbTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

import java.util.Arrays;
import java.util.Locale;

/**
 * TreeSHAP against XGBoost's native C++ {@code predictContrib}, side by side in one run: an XGBoost model
 * trained on Adult (300 trees, depth 6), the first 10,000 rows of adult.test, the same number of threads
 * for both (XGBoost's {@code nthread}, our {@code threads}). Runs alternate; medians and their ratio are
 * printed per thread count, 1, 2, 4, … up to the machine's processors ({@link #threadCounts}); native XGBoost
 * (python3-xgboost) is run beside them. The target is a ratio ≤ 0.5 against native {@code pred_contribs}.
 */
public final class ExplainHarness {
    private ExplainHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Frame train = Datasets.load("adult");
        PipelineModel m = new PipelineTrainer(new XgbTrainer(300, 6, 0.1, 0, 2))
                .fit(new TrainingSet(train, MitigationBenchmark.FEATURES, Labels.fromColumn(train, "income", ">50K"), null, 7));
        XgbEstimator est = (XgbEstimator) m.estimator();
        TreeEnsemble e = XgboostTrees.of(est, m.encoder().outputNames());
        Matrix x = m.encoder().transform(Datasets.load("adult-test").head(10_000));
        float[] f = x.denseRowMajorFloat();
        double[] dense = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            dense[i] = f[i];
        }
        Booster booster = est.booster();
        DMatrix d = new DMatrix(f, x.rows(), x.columns(), Float.NaN);
        System.out.printf(Locale.ROOT, "model: %d trees, depth %d, %d features; %d rows%n", e.trees(), e.maxDepth(), e.features(), x.rows());
        long p0 = System.nanoTime();
        FastTreeShap prepared = new FastTreeShap(e, 1);
        double prepare = (System.nanoTime() - p0) / 1e6;
        System.out.printf(Locale.ROOT, "fast TreeSHAP tables: %.0f ms to make, %d MiB%n", prepare, FastTreeShap.bytesNeeded(e) >> 20);
        for (int threads : threadCounts()) {
            booster.setParam("nthread", threads);
            TreeShap shap = new TreeShap(e, threads);
            FastTreeShap fast = new FastTreeShap(e, threads);
            for (int w = 0; w < 3; w++) {
                shap.explain(dense, x.rows());
                fast.explain(dense, x.rows());
                booster.predictContrib(d, 0);
            }
            double[] ours = new double[runs];
            double[] quick = new double[runs];
            double[] theirs = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                booster.predictContrib(d, 0);
                long t1 = System.nanoTime();
                shap.explain(dense, x.rows());
                long t2 = System.nanoTime();
                fast.explain(dense, x.rows());
                long t3 = System.nanoTime();
                theirs[r] = (t1 - t0) / 1e6;
                ours[r] = (t2 - t1) / 1e6;
                quick[r] = (t3 - t2) / 1e6;
            }
            double o = ModelHarness.median(ours);
            double q = ModelHarness.median(quick);
            double t = ModelHarness.median(theirs);
            System.out.printf(Locale.ROOT, "threads %d: xgboost4j predictContrib median %.0f ms (min %.0f, max %.0f); probity TreeSHAP "
                    + "(Algorithm 2) %.0f ms (min %.0f, max %.0f), ratio %.2f; probity fast TreeSHAP %.0f ms (min %.0f, max %.0f), ratio %.2f, "
                    + "%.2f with its tables made once per run%n", threads, t, Arrays.stream(theirs).min().orElseThrow(),
                    Arrays.stream(theirs).max().orElseThrow(), o, Arrays.stream(ours).min().orElseThrow(), Arrays.stream(ours).max().orElseThrow(),
                    o / t, q, Arrays.stream(quick).min().orElseThrow(), Arrays.stream(quick).max().orElseThrow(), q / t, (q + prepare) / t);
        }
        d.dispose();
        nativeXgboost(booster, f, x.rows(), x.columns(), runs, new FastTreeShap(e, 1).explain(dense, x.rows()));
        interactions(booster, e, f, dense, Math.min(x.rows(), args.length > 1 ? Integer.parseInt(args[1]) : 1000), x.columns(),
                Math.max(1, Math.min(runs, 3)));
    }

    /**
     * The thread counts every side is timed on: 1, 2, 4, … up to the machine's processors, and the processor count
     * itself, so that the speed-up per thread shows wherever the harness runs (1 and 2 on the 2-core machine).
     */
    static int[] threadCounts() {
        int cores = Runtime.getRuntime().availableProcessors();
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int t = 1; t <= cores; t *= 2) {
            out.add(t);
        }
        if (out.get(out.size() - 1) != cores) {
            out.add(cores);
        }
        if (out.size() == 1) {
            out.add(2); // a one-processor machine still shows what a second thread does (nothing)
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Deletes a flat temporary folder and its files. */
    static void deleteFolder(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
        java.nio.file.Files.deleteIfExists(dir);
    }

    /**
     * Runs one of probity-bench/python's scripts on native XGBoost (Debian's python3-xgboost) with the model and the first
     * {@code n} rows written into {@code dir}, on {@link #threadCounts} threads; its values go to {@code out}. Returns the lines it
     * printed (threads, median, min, max), or null after saying why it could not run.
     */
    static java.util.List<String> python(String name, Booster booster, float[] rows, int n, int p, int runs, java.nio.file.Path dir,
                                         java.nio.file.Path out) throws Exception {
        java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("probity.repo", ".")).resolve("probity-bench/python/" + name);
        java.nio.file.Path model = dir.resolve("model.json");
        booster.saveModel(model.toString());
        java.nio.file.Path data = dir.resolve("rows.f32");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n * p * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n * p; i++) {
            b.putFloat(rows[i]);
        }
        java.nio.file.Files.write(data, b.array());
        Process proc = new ProcessBuilder("/usr/bin/python3", script.toString(), model.toString(), data.toString(), Integer.toString(n),
                Integer.toString(p), java.util.Arrays.stream(threadCounts()).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")), Integer.toString(runs), out.toString()).redirectErrorStream(true).start();
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(proc.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (proc.waitFor() != 0) {
            System.out.println("native xgboost (" + name + "): not run (" + String.join(" | ", lines.subList(Math.max(0, lines.size() - 2),
                    lines.size())) + "); apt-get install python3-xgboost to compare");
            return null;
        }
        return lines;
    }

    /**
     * SHAP interaction values of the first {@code n} rows: ours ({@link TreeShap#interactionsOfRows}) on {@link #threadCounts} threads
     * against native XGBoost's pred_interactions (python3-xgboost, probity-bench/python/xgboost_interactions.py) on the
     * same threads, values compared. Target: ours at most 0.5× XGBoost's time.
     */
    static void interactions(Booster booster, TreeEnsemble e, float[] rows, double[] dense, int n, int p, int runs) throws Exception {
        java.util.Map<Integer, Double> ourMedian = new java.util.HashMap<>();
        double[][] last = null;
        for (int threads : threadCounts()) {
            TreeShap shap = new TreeShap(e, threads);
            shap.interactionsOfRows(dense, Math.min(n, 50), 0);
            double[] ts = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                last = shap.interactionsOfRows(dense, n, 0);
                ts[r] = (System.nanoTime() - t0) / 1e6;
            }
            ourMedian.put(threads, ModelHarness.median(ts));
            System.out.printf(Locale.ROOT, "interactions, %d rows, threads %d: probity %.0f ms (min %.0f, max %.0f)%n", n, threads,
                    ourMedian.get(threads), Arrays.stream(ts).min().orElseThrow(), Arrays.stream(ts).max().orElseThrow());
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("probity-xgb-inter");
        try {
            java.nio.file.Path out = dir.resolve("interactions.f32");
            java.util.List<String> lines = python("xgboost_interactions.py", booster, rows, n, p, runs, dir, out);
            if (lines == null) {
                return;
            }
            java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            double worst = 0;
            for (int r = 0; r < n; r++) {
                for (int i = 0; i <= p; i++) {
                    for (int j = 0; j <= p; j++) {
                        float theirs = c.getFloat();
                        if (i < p && j < p) {
                            worst = Math.max(worst, Math.abs(theirs - last[r][i * p + j]));
                        }
                    }
                }
            }
            for (String line : lines) {
                String[] v = line.trim().split("\\s+");
                int threads = Integer.parseInt(v[0]);
                double median = Double.parseDouble(v[1]);
                System.out.printf(Locale.ROOT, "interactions, %d rows, threads %d: native xgboost pred_interactions median %.0f ms (min %.0f, max %.0f);"
                        + " probity / xgboost %.3f (target at most 0.5)%n", n, threads, median, Double.parseDouble(v[2]), Double.parseDouble(v[3]),
                        ourMedian.get(threads) / median);
            }
            System.out.printf(Locale.ROOT, "largest difference between native xgboost's interaction values and probity's: %.2g%n", worst);
        } finally {
            deleteFolder(dir);
        }
    }

    /**
     * Native XGBoost (Debian's python3-xgboost, the C++ library without the JVM) on the same model and rows: its
     * pred_contribs timed on {@link #threadCounts} threads by probity-bench/python/xgboost_contribs.py, and its values compared
     * with ours. Skipped, with a message, where python3-xgboost is missing.
     */
    static void nativeXgboost(Booster booster, float[] rows, int n, int p, int runs, dev.probity.explain.tree.Attributions ours) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("probity-xgb");
        try {
            java.nio.file.Path out = dir.resolve("contribs.f32");
            java.util.List<String> lines = python("xgboost_contribs.py", booster, rows, n, p, runs, dir, out);
            if (lines == null) {
                return;
            }
            java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            double worst = 0;
            for (int r = 0; r < n; r++) {
                for (int j = 0; j <= p; j++) {
                    worst = Math.max(worst, Math.abs(c.getFloat() - ours.get(r, 0, j)));
                }
            }
            for (String line : lines) {
                String[] v = line.trim().split("\\s+");
                System.out.printf(Locale.ROOT, "threads %s: native xgboost %s pred_contribs median %.0f ms (min %.0f, max %.0f)%n", v[0],
                        "(python3-xgboost)", Double.parseDouble(v[1]), Double.parseDouble(v[2]), Double.parseDouble(v[3]));
            }
            System.out.printf(Locale.ROOT, "largest difference between native xgboost's contributions and probity's fast TreeSHAP: %.2g%n", worst);
        } finally {
            deleteFolder(dir);
        }
    }
}
