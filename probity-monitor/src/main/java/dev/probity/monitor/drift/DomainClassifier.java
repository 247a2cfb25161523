package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.RocAuc;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * The domain-classifier drift test: a classifier learns to tell reference rows from current rows; if it can (ROC AUC
 * clearly above ½ on rows it did not learn from), the data moved. It sees every column together, so it finds a change
 * in how columns go together that no per-column test can see, and its AUC is a size of the change that does not grow
 * with the number of rows (unlike a p-value).
 *
 * <ul>
 *   <li>Each side is first reduced to at most {@link Settings#maxRows} rows drawn at random, then the stacked rows are
 *   split into k folds (default 5) at random; each fold is scored by a model trained on the others.</li>
 *   <li>The AUC is the folds' AUCs averaged with weights (reference rows × current rows in the fold) — so models of
 *   different folds never have their scores compared — with DeLong's standard error per fold, combined with the same
 *   weights, and a normal interval.</li>
 *   <li>The <b>drift score</b> is max(0, 2·AUC − 1) (Deepchecks' multivariate drift score: 0 when the classifier is no
 *   better than a coin, 1 when it separates the data perfectly). The data <b>drift</b> when the score reaches the
 *   threshold (Deepchecks' default condition, 0.25, i.e. AUC ≥ 0.625) <em>and</em> the interval's lower end is above
 *   ½ — so a large score on a few rows is not called drift on its own.</li>
 *   <li>The columns the model leans on are not reported here; explain the saved model with the explanation module.</li>
 * </ul>
 */
public final class DomainClassifier {
    private DomainClassifier() {
    }

    /** The label column the stacked table gets (1 = current). */
    public static final String LABEL = "__probity_is_current";

    /**
     * @param folds     folds of the cross-fit (2 to 20)
     * @param maxRows   rows kept from each side
     * @param threshold the drift score at which the data drift
     * @param level     the interval's confidence level
     * @param seed      the seed of the draw, the folds and the trainer
     */
    public record Settings(int folds, int maxRows, double threshold, double level, long seed) {
        public Settings {
            if (folds < 2 || folds > 20) {
                throw new InputException("a domain classifier's folds are between 2 and 20; got " + folds);
            }
            if (maxRows < 10) {
                throw new InputException("a domain classifier needs at least 10 rows a side; got " + maxRows);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new InputException("a domain classifier's drift score threshold is in (0, 1]; got " + threshold);
            }
            if (!(level > 0 && level < 1)) {
                throw new InputException("a confidence level is in (0, 1); got " + level);
            }
        }

        /** 5 folds, 10,000 rows a side, drift score 0.25, 95 % interval, seed 0. */
        public static Settings defaults() {
            return new Settings(5, 10_000, 0.25, 0.95, 0);
        }
    }

    /**
     * @param auc          the cross-fitted ROC AUC of "this row is current"
     * @param interval     its interval (DeLong per fold, combined)
     * @param driftScore   max(0, 2·AUC − 1)
     * @param drifted      score ≥ threshold and interval above ½
     * @param algorithm    the classifier's algorithm
     */
    public record Result(double auc, Interval interval, double driftScore, double threshold, boolean drifted, String algorithm,
                         int referenceRows, int currentRows, int folds, List<String> columns, String verdict) {
    }

    public static Result test(Frame reference, Frame current, List<String> columns, Trainer trainer, Settings s) {
        if (columns.isEmpty()) {
            throw new InputException("a domain classifier needs at least one column");
        }
        Frame r = draw(reference, s.maxRows(), s.seed());
        Frame c = draw(current, s.maxRows(), s.seed() + 1);
        if (r.rowCount() < 2 * s.folds() || c.rowCount() < 2 * s.folds()) {
            throw new InputException("a domain classifier with " + s.folds() + " folds needs at least " + 2 * s.folds()
                    + " rows on each side (two of each in every fold); got " + r.rowCount() + " and " + c.rowCount());
        }
        Frame all = Multivariate.stack(r, c, columns, LABEL);
        int n = all.rowCount();
        int m = r.rowCount();
        int[] code = new int[n];
        java.util.Arrays.fill(code, m, n, 1);
        // folds stratified by side: each side's rows dealt round-robin after a shuffle, so every fold has both
        int[] fold = new int[n];
        deal(fold, 0, m, s.folds(), s.seed());
        deal(fold, m, n, s.folds(), s.seed() ^ 0x5EEDL);
        double aucSum = 0;
        double varSum = 0;
        double weight = 0;
        for (int f = 0; f < s.folds(); f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == f ? te : tr).add(i);
            }
            int[] trRows = tr.stream().mapToInt(Integer::intValue).toArray();
            int[] teRows = te.stream().mapToInt(Integer::intValue).toArray();
            int[] trCodes = new int[trRows.length];
            for (int i = 0; i < trRows.length; i++) {
                trCodes[i] = code[trRows[i]];
            }
            Labels labels = Labels.classes(LABEL, List.of("reference", "current"), trCodes);
            Model model = trainer.fit(new TrainingSet(all.select(trRows), columns, labels, null, s.seed() + f));
            double[] score = model.predictProba(all.select(teRows)).column(1);
            boolean[] isCurrent = new boolean[teRows.length];
            for (int i = 0; i < teRows.length; i++) {
                isCurrent[i] = code[teRows[i]] == 1;
            }
            RocAuc.DeLong d = RocAuc.delong(score, isCurrent);
            if (d == null) {
                continue;
            }
            double w = (double) d.positives() * d.negatives();
            aucSum += w * d.auc();
            varSum += w * w * d.standardError() * d.standardError();
            weight += w;
        }
        if (weight == 0) {
            throw new InputException("too few rows for a domain classifier: no fold held two rows of each side");
        }
        double auc = aucSum / weight;
        double se = Math.sqrt(varSum) / weight;
        double z = dev.probity.core.stats.Normal.quantile(0.5 + s.level() / 2);
        Interval iv = new Interval(Math.max(0, auc - z * se), Math.min(1, auc + z * se), s.level(), "delong, by fold");
        double score = Math.max(0, 2 * auc - 1);
        boolean separable = iv.low() > 0.5;
        boolean drifted = separable && score >= s.threshold();
        String few = Math.min(m, n - m) < 30 ? " (on fewer than 30 rows a side the interval is not to be trusted)" : "";
        String verdict = (drifted ? "the classifier tells current rows from reference rows: the data moved"
                : separable ? "the classifier does a little better than chance: a change below the threshold"
                : iv.high() < 0.5 ? "the classifier does slightly worse than chance — cross-fitted AUCs lean below ½ when the two sides "
                        + "are alike: no sign of a change"
                : "the classifier does no better than chance (its interval includes ½): no sign of a change") + few;
        return new Result(auc, iv, score, s.threshold(), drifted, trainer.algorithm(), m, n - m, s.folds(), List.copyOf(columns), verdict);
    }

    private static void deal(int[] fold, int from, int to, int k, long seed) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        SplitMix64 r = new SplitMix64(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        for (int i = 0; i < idx.length; i++) {
            fold[idx[i]] = i % k;
        }
    }

    private static Frame draw(Frame f, int max, long seed) {
        if (f.rowCount() <= max) {
            return f;
        }
        double[][] index = new double[f.rowCount()][];
        for (int i = 0; i < index.length; i++) {
            index[i] = new double[] {i};
        }
        double[][] kept = Mmd.draw(index, max, seed);
        int[] rows = new int[kept.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) kept[i][0];
        }
        return f.select(rows);
    }
}
