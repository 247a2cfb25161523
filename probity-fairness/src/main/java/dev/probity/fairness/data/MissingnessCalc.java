package dev.probity.fairness.data;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.fairness.data.DataAudit.Coded;
import dev.probity.fairness.data.DataAuditResult.ColumnMissing;
import dev.probity.fairness.data.DataAuditResult.GroupMissing;
import dev.probity.fairness.data.DataAuditResult.Missingness;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.List;

/** Missing values per column and group, and whether missingness depends on the group. */
final class MissingnessCalc {
    private MissingnessCalc() {
    }

    static Missingness of(Coded g, Frame frame, List<String> protectedAttributes, DataAuditSpec spec) {
        int k = g.count();
        int[] codes = g.codes();
        long n = g.rows();
        List<String> complete = new ArrayList<>();
        List<Column> withMissing = new ArrayList<>();
        for (Column c : frame.columns()) {
            if (protectedAttributes.contains(c.name())) {
                continue;
            }
            if (c.missing().any()) {
                withMissing.add(c);
            } else {
                complete.add(c.name());
            }
        }
        double[] p = new double[withMissing.size()];
        List<long[]> counts = new ArrayList<>();
        List<Double> stats = new ArrayList<>();
        List<String> tests = new ArrayList<>();
        for (int ci = 0; ci < withMissing.size(); ci++) {
            Column c = withMissing.get(ci);
            long[] miss = new long[k];
            for (int i = c.missing().next(0); i >= 0; i = c.missing().next(i + 1)) {
                miss[codes[i]]++;
            }
            counts.add(miss);
            long total = c.missing().count();
            // Pearson's chi-square on the k × 2 table (missing, present)
            double chi = 0;
            int small = 0;
            for (int j = 0; j < k; j++) {
                double rows = g.sizes()[j];
                double eMiss = rows * total / n;
                double ePres = rows - eMiss;
                if (eMiss < 5 || ePres < 5) {
                    small++;
                }
                if (eMiss > 0) {
                    chi += sq(miss[j] - eMiss) / eMiss;
                }
                if (ePres > 0) {
                    chi += sq(rows - miss[j] - ePres) / ePres;
                }
            }
            if (k < 2 || total == n) {
                p[ci] = Double.NaN;
                stats.add(null);
                tests.add(k < 2 ? "one group: nothing to compare" : "every value is missing");
            } else {
                p[ci] = ChiSquaredDistribution.of(k - 1).survivalProbability(chi);
                stats.add(chi);
                tests.add(small > 0 ? "chi-square; " + small + " group(s) expected fewer than 5 missing or present values: approximate"
                        : "chi-square");
            }
        }
        double[] adjusted = adjust(p);
        List<ColumnMissing> columns = new ArrayList<>();
        double alpha = 1 - spec.confidence();
        for (int ci = 0; ci < withMissing.size(); ci++) {
            Column c = withMissing.get(ci);
            long[] miss = counts.get(ci);
            List<GroupMissing> groups = new ArrayList<>();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            boolean anyLarge = false;
            for (int j = 0; j < k; j++) {
                anyLarge |= g.sizes()[j] >= spec.minGroupSize();
            }
            for (int j = 0; j < k; j++) {
                long rows = g.sizes()[j];
                double share = (double) miss[j] / rows;
                groups.add(new GroupMissing(g.names()[j], rows, miss[j], share, Interval.wilson(miss[j], rows, spec.confidence())));
                if (!anyLarge || rows >= spec.minGroupSize()) {
                    lo = Math.min(lo, share);
                    hi = Math.max(hi, share);
                }
            }
            // between groups of at least the minimum size: none, or one, and there is no difference to speak of
            long large = java.util.Arrays.stream(g.sizes()).filter(x -> x >= spec.minGroupSize()).count();
            Double maxDiff = large < 2 ? null : hi - lo;
            Double pv = Double.isNaN(p[ci]) ? null : p[ci];
            Double adj = Double.isNaN(adjusted[ci]) ? null : adjusted[ci];
            boolean depends = adj != null && adj < alpha;
            columns.add(new ColumnMissing(c.name(), c.missing().count(), (double) c.missing().count() / n, groups, maxDiff,
                    stats.get(ci), pv, adj, tests.get(ci), depends));
        }
        return new Missingness(g.attribute(), columns, complete);
    }

    /** Holm's adjustment over the defined p-values; undefined ones stay NaN. */
    private static double[] adjust(double[] p) {
        int defined = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                defined++;
            }
        }
        double[] d = new double[defined];
        int j = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                d[j++] = v;
            }
        }
        double[] a = MultipleTesting.adjust(d, MultipleTesting.Method.HOLM);
        double[] out = new double[p.length];
        j = 0;
        for (int i = 0; i < p.length; i++) {
            out[i] = Double.isNaN(p[i]) ? Double.NaN : a[j++];
        }
        return out;
    }

    private static double sq(double x) {
        return x * x;
    }
}
