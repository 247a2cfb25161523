package dev.probity.explain.counterfactual;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Diverse counterfactuals in the manner of DiCE (Mothilal, Sharma & Tan, FAT* 2020): rows close to the
 * explained one, changing few features, that the model decides the other way. The search is greedy and
 * deterministic: from the row, repeatedly apply the permitted single-feature change (to a training
 * quantile of a number, or another category) that moves the score furthest towards the other side per
 * unit of distance, until the decision flips; then undo every change that is not needed and move each
 * changed number back towards the original as far as the flip allows. Diversity: each further
 * counterfactual may not start with a feature that an earlier one started with. Distance is the sum of
 * |Δ| / MAD over numbers (the median absolute deviation in the training data) plus 1 per changed category.
 * Every returned counterfactual is re-scored by the model and kept only if its decision really differs.
 */
public final class Counterfactuals {
    private final FeatureSpace space;
    private final double[][] candidates;
    private final double[] mad;
    private final double threshold;
    private final Ties ties;

    /** The search space learned from training rows: up to {@code quantiles} values per number, all categories. */
    public Counterfactuals(FeatureSpace space, double[] training, int rows, int quantiles, double threshold) {
        this(space, training, rows, quantiles, threshold, null);
    }

    /** As above, with ties between features and the implications that keep changes consistent ({@link Ties}). */
    public Counterfactuals(FeatureSpace space, double[] training, int rows, int quantiles, double threshold, Ties ties) {
        this.ties = ties == null ? Ties.none(space) : ties;
        if (rows < 1) {
            throw new InputException("counterfactual search needs training rows for its candidate values");
        }
        this.space = space;
        this.threshold = threshold;
        int m = space.size();
        candidates = new double[m][];
        mad = new double[m];
        for (int j = 0; j < m; j++) {
            if (space.type(j) == ColumnType.STRING) {
                double[] c = new double[space.dictionary(j).size()];
                for (int k = 0; k < c.length; k++) {
                    c[k] = k;
                }
                candidates[j] = c;
                mad[j] = 1;
                continue;
            }
            double[] v = new double[rows];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                double x = training[i * m + j];
                if (!Double.isNaN(x)) {
                    v[n++] = x;
                }
            }
            v = Arrays.copyOf(v, n);
            Arrays.sort(v);
            LinkedHashSet<Double> q = new LinkedHashSet<>();
            for (int k = 0; k <= quantiles && n > 0; k++) {
                q.add(v[(int) Math.round((double) k / quantiles * (n - 1))]);
            }
            candidates[j] = q.stream().mapToDouble(Double::doubleValue).toArray();
            double median = n == 0 ? 0 : v[n / 2];
            double[] dev = new double[n];
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(v[i] - median);
            }
            Arrays.sort(dev);
            double m0 = n == 0 ? 0 : dev[n / 2];
            mad[j] = m0 > 0 ? m0 : 1;
        }
    }

    /** One counterfactual: the changed row, its score, the changed features and its distance. */
    public record Counterfactual(double[] row, double score, List<Integer> changed, double distance) {
    }

    public List<Counterfactual> find(Predictor f, double[] x, Constraints constraints, int count) {
        int m = space.size();
        double[] s = new double[1];
        f.predict(x, 1, s);
        boolean positive = s[0] >= threshold;
        List<Counterfactual> out = new ArrayList<>();
        Set<Integer> usedFirst = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int attempt = 0; attempt < count * 3 && out.size() < count; attempt++) {
            Counterfactual c = search(f, x, constraints, positive, usedFirst);
            if (c == null) {
                break;
            }
            int first = firstChange(c, x);
            usedFirst.add(first);
            if (first >= 0 && ties.partner(first) >= 0) {
                usedFirst.add(ties.partner(first)); // starting with the tied encoding is the same counterfactual
            }
            String key = Arrays.toString(c.row());
            if (seen.add(key)) {
                out.add(c);
            }
        }
        return out;
    }

    private int firstChange(Counterfactual c, double[] x) {
        return c.changed().isEmpty() ? -1 : c.changed().get(0);
    }

    private Counterfactual search(Predictor f, double[] x, Constraints constraints, boolean positive, Set<Integer> bannedFirst) {
        int m = space.size();
        double[] cur = x.clone();
        List<Integer> order = new ArrayList<>();
        double[] score = new double[1];
        f.predict(cur, 1, score);
        double curScore = score[0];
        for (int step = 0; step < m; step++) {
            List<double[]> moves = new ArrayList<>();
            List<int[]> what = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                if (order.contains(j) || (step == 0 && bannedFirst.contains(j))) {
                    continue;
                }
                int k = ties.partner(j);
                if (k >= 0 && order.contains(k)) {
                    continue;
                }
                for (double v : candidates[j]) {
                    if (v == x[j] || !constraints.permits(j, x[j], v)) {
                        continue;
                    }
                    double[] r = cur.clone();
                    r[j] = v;
                    if (k >= 0) {
                        // the tied feature moves with it, to the value the world pairs with v
                        double w = ties.partnerValue(j, v);
                        if (Double.isNaN(w) || (w != x[k] && !constraints.permits(k, x[k], w))) {
                            continue;
                        }
                        r[k] = w;
                    }
                    if (ties.contradicts(r, x, constraints)) {
                        continue;
                    }
                    moves.add(r);
                    what.add(k >= 0 && r[k] != x[k] ? new int[] {j, k} : new int[] {j});
                }
            }
            if (moves.isEmpty()) {
                return null;
            }
            double[] batch = new double[moves.size() * m];
            for (int k = 0; k < moves.size(); k++) {
                System.arraycopy(moves.get(k), 0, batch, k * m, m);
            }
            double[] p = new double[moves.size()];
            f.predict(batch, moves.size(), p);
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < moves.size(); k++) {
                int j = what.get(k)[0];
                double gain = (positive ? curScore - p[k] : p[k] - curScore);
                boolean flips = positive ? p[k] < threshold : p[k] >= threshold;
                double d = change(j, x[j], moves.get(k)[j]);
                // a move that flips the decision beats any that does not; among those, the closest wins
                double value = flips ? 1e6 - d : gain / d;
                if (value > bestGain) {
                    bestGain = value;
                    best = k;
                }
            }
            double gain = positive ? curScore - p[best] : p[best] - curScore;
            boolean flips = positive ? p[best] < threshold : p[best] >= threshold;
            if (!flips && gain <= 0) {
                return null;
            }
            cur = moves.get(best);
            curScore = p[best];
            for (int changedFeature : what.get(best)) {
                order.add(changedFeature);
            }
            if (flips) {
                return tighten(f, x, cur, order, positive, constraints);
            }
        }
        return null;
    }

    /** Undo changes that are not needed, then move numbers back towards the original while the decision stays flipped. */
    private Counterfactual tighten(Predictor f, double[] x, double[] cf, List<Integer> order, boolean positive, Constraints constraints) {
        double[] cur = cf.clone();
        List<Integer> changed = new ArrayList<>(order);
        for (int k = changed.size() - 1; k >= 0 && changed.size() > 1; k--) {
            if (k >= changed.size()) {
                continue;
            }
            int j = changed.get(k);
            int partner = ties.partner(j);
            double[] t = cur.clone();
            t[j] = x[j];
            if (partner >= 0) {
                t[partner] = x[partner];
            }
            if (changed.size() > (partner >= 0 && changed.contains(partner) ? 2 : 1) && flipped(f, t, positive)
                    && !ties.contradicts(t, x, constraints)) {
                cur = t;
                changed.remove(Integer.valueOf(j));
                changed.remove(Integer.valueOf(partner));
            }
        }
        for (int j : changed) {
            if (space.type(j) == ColumnType.STRING || ties.partner(j) >= 0) {
                continue; // tied values stay on the world's pairs
            }
            double lo = x[j];
            double hi = cur[j];
            for (int it = 0; it < 30; it++) {
                double mid = (lo + hi) / 2;
                if (space.type(j) == ColumnType.LONG) {
                    mid = Math.round(mid);
                }
                if (mid == hi || mid == lo) {
                    break;
                }
                double[] t = cur.clone();
                t[j] = mid;
                if (flipped(f, t, positive)) {
                    hi = mid;
                    cur = t;
                } else {
                    lo = mid;
                }
            }
        }
        double[] s = new double[1];
        f.predict(cur, 1, s);
        if (!(positive ? s[0] < threshold : s[0] >= threshold)) {
            return null;
        }
        double d = 0;
        for (int j : changed) {
            d += change(j, x[j], cur[j]);
        }
        return new Counterfactual(cur, s[0], List.copyOf(changed), d);
    }

    private boolean flipped(Predictor f, double[] row, boolean positive) {
        double[] s = new double[1];
        f.predict(row, 1, s);
        return positive ? s[0] < threshold : s[0] >= threshold;
    }

    private double change(int j, double from, double to) {
        if (space.type(j) == ColumnType.STRING) {
            return 1;
        }
        if (Double.isNaN(from)) {
            return 1;
        }
        return Math.max(1e-9, Math.abs(to - from) / mad[j]);
    }
}
