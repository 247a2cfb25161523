package dev.probity.monitor.drift;

import java.util.List;
import java.util.Map;

/**
 * Histograms of two samples on common bins, as Evidently makes them for the Jensen–Shannon distance, the KL divergence
 * and the PSI: a numerical column with more than 20 distinct reference values is cut into Sturges bins over both
 * samples together (numpy's {@code histogram_bin_edges(…, "sturges")}: ⌈range / (range / (log₂N + 1))⌉ equal bins,
 * each [left, right), the last closed); any other column is counted by value. Shares are counts over the sample's size.
 */
public final class Binning {
    private Binning() {
    }

    /** The shares of each sample in each bin: [reference, current]. */
    static double[][] shares(Sample ref, Sample cur) {
        if (ref.isNumerical() && ref.distinctCount() > 20) {
            double[] edges = sturges(ref.numbers(), cur.numbers());
            return new double[][] {histogram(ref.numbers(), edges), histogram(cur.numbers(), edges)};
        }
        List<Object> keys = Sample.keys(ref, cur);
        Map<Object, Integer> rc = ref.counts();
        Map<Object, Integer> cc = cur.counts();
        double[] r = new double[keys.size()];
        double[] c = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            r[i] = rc.getOrDefault(keys.get(i), 0) / (double) ref.size();
            c[i] = cc.getOrDefault(keys.get(i), 0) / (double) cur.size();
        }
        return new double[][] {r, c};
    }

    /** Evidently's floor for empty bins (PSI and KL): the smallest non-zero share / 10⁶ if it is at most 10⁻⁴, else 10⁻⁴. */
    public static double[] floored(double[] shares) {
        double min = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s > 0) {
                min = Math.min(min, s);
            }
        }
        double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        double[] out = shares.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = fill;
            }
        }
        return out;
    }

    static double[] sturges(double[] a, double[] b) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (double[] s : new double[][] {a, b}) {
            for (double v : s) {
                first = Math.min(first, v);
                last = Math.max(last, v);
            }
        }
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        int n = a.length + b.length;
        double width = (last - first) / (Math.log(n) / Math.log(2) + 1.0);
        int bins = width == 0 ? 1 : (int) Math.ceil((last - first) / width);
        double[] edges = new double[bins + 1];
        double step = (last - first) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + first;
        }
        edges[bins] = last;
        return edges;
    }

    /** Shares in each [eᵢ, eᵢ₊₁), the last bin closed; values outside are not counted. */
    static double[] histogram(double[] x, double[] edges) {
        int bins = edges.length - 1;
        double[] counts = new double[bins];
        for (double v : x) {
            if (v < edges[0] || v > edges[bins]) {
                continue;
            }
            int lo = 0;
            int hi = bins;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (edges[mid] <= v) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            counts[lo]++;
        }
        for (int i = 0; i < bins; i++) {
            counts[i] /= x.length;
        }
        return counts;
    }
}
