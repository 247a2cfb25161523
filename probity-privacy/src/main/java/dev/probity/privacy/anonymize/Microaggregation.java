package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microaggregation of numeric attributes by MDAV (maximum distance to average vector; Domingo-Ferrer and
 * Mateo-Sanz 2002, Domingo-Ferrer and Torra 2005): the records are partitioned into groups of k to 2k − 1 records
 * that are close on the attributes (z-scores, Euclidean distance), and each value is replaced by its group's mean, so
 * the release is k-anonymous on those attributes while keeping numbers numbers — for when full-domain generalization
 * into intervals loses too much.
 *
 * <p>MDAV: while at least 3k records remain, take the record farthest from the centroid of the remaining ones and
 * group it with its k − 1 nearest; then the record farthest from that one, likewise. With 2k to 3k − 1 left, one more
 * group around the farthest record, and the rest form the last; with fewer than 2k, they form one group. Ties go to
 * the earlier row, so the result is deterministic.
 */
public final class Microaggregation {
    private Microaggregation() {
    }

    /**
     * The result.
     *
     * @param output          the data with the attributes replaced by their group means (as double columns)
     * @param groupOfRow      each row's group, 0-based
     * @param groups          the number of groups
     * @param informationLoss SSE / SST on the z-scores: the within-group sum of squares over the total sum of squares
     *                        (0 = nothing lost, 1 = every value replaced by the column mean)
     */
    public record Result(Frame output, int[] groupOfRow, int groups, double informationLoss) {
    }

    public static Result mdav(Frame data, List<String> attributes, int k) {
        int n = data.rowCount();
        if (k < 2) {
            throw new InputException("microaggregation needs k ≥ 2; got " + k);
        }
        if (n < k) {
            throw new InputException("microaggregation with k = " + k + " needs at least " + k + " rows; the data has " + n);
        }
        if (attributes.isEmpty()) {
            throw new InputException("microaggregation needs at least one numeric attribute");
        }
        int m = attributes.size();
        double[][] raw = new double[m][];
        double[][] z = new double[m][n];
        for (int a = 0; a < m; a++) {
            String name = attributes.get(a);
            if (!data.has(name)) {
                throw new InputException(data.unknownColumnMessage(name));
            }
            Column c = data.column(data.resolve(name));
            raw[a] = new double[n];
            for (int i = 0; i < n; i++) {
                if (c.isMissing(i)) {
                    throw new InputException(data.origin().describe(i) + ": '" + name + "' is missing; microaggregation needs every value",
                            new InputException.Location(data.source(), 0, 0, name, null));
                }
                raw[a][i] = switch (c) {
                    case DoubleColumn d -> d.values()[i];
                    case LongColumn l -> l.values()[i];
                    default -> throw new InputException("microaggregation needs numbers; '" + name + "' holds " + c.type(),
                            new InputException.Location(data.source(), 0, 0, name, c.format(i)));
                };
            }
            double mean = 0;
            for (double v : raw[a]) {
                mean += v;
            }
            mean /= n;
            double var = 0;
            for (double v : raw[a]) {
                var += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(var / n);
            for (int i = 0; i < n; i++) {
                z[a][i] = sd == 0 ? 0 : (raw[a][i] - mean) / sd;
            }
        }
        int[] group = new int[n];
        java.util.Arrays.fill(group, -1);
        boolean[] taken = new boolean[n];
        int remaining = n;
        int groups = 0;
        while (remaining >= 3 * k) {
            int r = farthest(z, taken, centroid(z, taken, remaining));
            groups = take(z, taken, group, r, k, groups);
            remaining -= k;
            int s = farthest(z, taken, point(z, r));
            groups = take(z, taken, group, s, k, groups);
            remaining -= k;
        }
        if (remaining >= 2 * k) {
            int r = farthest(z, taken, centroid(z, taken, remaining));
            groups = take(z, taken, group, r, k, groups);
            remaining -= k;
        }
        if (remaining > 0) {
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    taken[i] = true;
                    group[i] = groups;
                }
            }
            groups++;
        }
        // group means, the release and SSE / SST on the z-scores
        List<Column> cols = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int a = 0; a < m; a++) {
            index.put(data.resolve(attributes.get(a)), a);
        }
        double sse = 0;
        double sst = 0;
        double[][] means = new double[m][groups];
        int[] size = new int[groups];
        for (int i = 0; i < n; i++) {
            size[group[i]]++;
        }
        for (int a = 0; a < m; a++) {
            double[] zm = new double[groups];
            for (int i = 0; i < n; i++) {
                means[a][group[i]] += raw[a][i];
                zm[group[i]] += z[a][i];
            }
            for (int g = 0; g < groups; g++) {
                means[a][g] /= size[g];
                zm[g] /= size[g];
            }
            for (int i = 0; i < n; i++) {
                double d = z[a][i] - zm[group[i]];
                sse += d * d;
                sst += z[a][i] * z[a][i];
            }
        }
        for (Column c : data.columns()) {
            Integer a = index.get(c.name());
            if (a == null) {
                cols.add(c);
                continue;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = means[a][group[i]];
            }
            cols.add(DoubleColumn.of(c.name(), v));
        }
        return new Result(new Frame(data.source(), cols, data.origin()), group, groups, sst == 0 ? 0 : sse / sst);
    }

    private static double[] centroid(double[][] z, boolean[] taken, int remaining) {
        double[] c = new double[z.length];
        for (int a = 0; a < z.length; a++) {
            double s = 0;
            for (int i = 0; i < taken.length; i++) {
                if (!taken[i]) {
                    s += z[a][i];
                }
            }
            c[a] = s / remaining;
        }
        return c;
    }

    private static double[] point(double[][] z, int i) {
        double[] p = new double[z.length];
        for (int a = 0; a < z.length; a++) {
            p[a] = z[a][i];
        }
        return p;
    }

    private static double distance(double[][] z, int i, double[] p) {
        double d = 0;
        for (int a = 0; a < z.length; a++) {
            double x = z[a][i] - p[a];
            d += x * x;
        }
        return d;
    }

    private static int farthest(double[][] z, boolean[] taken, double[] p) {
        int best = -1;
        double bestD = -1;
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i]) {
                double d = distance(z, i, p);
                if (d > bestD) {
                    bestD = d;
                    best = i;
                }
            }
        }
        return best;
    }

    /** Groups record r with its k − 1 nearest untaken records (ties: the earlier row). */
    private static int take(double[][] z, boolean[] taken, int[] group, int r, int k, int groups) {
        double[] p = point(z, r);
        int n = taken.length;
        // partial selection of the k nearest (r itself at distance 0 comes first)
        int[] idx = new int[k];
        double[] dist = new double[k];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            if (taken[i]) {
                continue;
            }
            double d = i == r ? -1 : distance(z, i, p);
            if (filled < k) {
                int j = filled++;
                while (j > 0 && dist[j - 1] > d) {
                    dist[j] = dist[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                dist[j] = d;
                idx[j] = i;
            } else if (d < dist[k - 1]) {
                int j = k - 1;
                while (j > 0 && dist[j - 1] > d) {
                    dist[j] = dist[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                dist[j] = d;
                idx[j] = i;
            }
        }
        for (int j = 0; j < k; j++) {
            taken[idx[j]] = true;
            group[idx[j]] = groups;
        }
        return groups + 1;
    }
}
