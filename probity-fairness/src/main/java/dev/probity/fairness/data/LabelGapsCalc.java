package dev.probity.fairness.data;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.ProportionIntervals;
import dev.probity.core.stats.TwoByTwo;
import dev.probity.fairness.data.DataAudit.Coded;
import dev.probity.fairness.data.DataAuditResult.ConditionalGap;
import dev.probity.fairness.data.DataAuditResult.GroupRate;
import dev.probity.fairness.data.DataAuditResult.LabelGaps;
import dev.probity.fairness.data.DataAuditResult.StratumRate;
import dev.probity.fairness.metrics.Clarify;
import dev.probity.fairness.metrics.Value;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.List;

/** Base rates of the label per group, and the gaps that remain within strata of a legitimate factor. */
final class LabelGapsCalc {
    private LabelGapsCalc() {
    }

    /** {@code y}: 1 positive, 0 negative, −1 missing label. */
    static LabelGaps of(Coded g, Frame frame, byte[] y, Column label, Column strata, DataAuditSpec spec) {
        int k = g.count();
        long[] rows = new long[k];
        long[] pos = new long[k];
        long missing = 0;
        int[] codes = g.codes();
        for (int i = 0; i < y.length; i++) {
            byte v = y[i];
            if (v < 0) {
                missing++;
                continue;
            }
            rows[codes[i]]++;
            pos[codes[i]] += v;
        }
        long n = 0;
        long p = 0;
        for (int j = 0; j < k; j++) {
            n += rows[j];
            p += pos[j];
        }
        double level = spec.confidence();
        List<GroupRate> groups = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (rows[j] == 0) {
                continue;
            }
            double rate = (double) pos[j] / rows[j];
            long restN = n - rows[j];
            long restP = p - pos[j];
            Double diff = null;
            Interval diffIv = null;
            Double pValue = null;
            String test = null;
            Double dpl = null;
            if (restN > 0) {
                double restRate = (double) restP / restN;
                diff = rate - restRate;
                diffIv = ProportionIntervals.newcombe(rate, rows[j], restRate, restN, level);
                TwoByTwo.Result r = TwoByTwo.test(pos[j], rows[j] - pos[j], restP, restN - restP);
                if (r != null) {
                    pValue = r.pValue();
                    test = r.test();
                }
                dpl = restRate - rate;
            }
            double ci = (double) (restN - rows[j]) / n;
            groups.add(new GroupRate(g.names()[j], rows[j], pos[j], rate, Interval.wilson(pos[j], rows[j], level), diff, diffIv,
                    pValue, test, ci, dpl, rows[j] < spec.minGroupSize()));
        }
        List<ConditionalGap> conditional = strata == null ? List.of() : conditional(g, frame, y, strata, k);
        return new LabelGaps(g.attribute(), n, missing, n == 0 ? Double.NaN : (double) p / n, groups, conditional);
    }

    private static List<ConditionalGap> conditional(Coded g, Frame frame, byte[] y, Column strata, int k) {
        Grouping s = frame.groupBy(List.of(strata.name()));
        int m = s.groupCount();
        int[] sc = s.rowGroups();
        long[][] rows = new long[k][m];
        long[][] pos = new long[k][m];
        int[] codes = g.codes();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                continue;
            }
            rows[codes[i]][sc[i]]++;
            pos[codes[i]][sc[i]] += y[i];
        }
        long[] allRows = new long[m];
        long[] allPos = new long[m];
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < m; t++) {
                allRows[t] += rows[j][t];
                allPos[t] += pos[j][t];
            }
        }
        List<ConditionalGap> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            List<StratumRate> per = new ArrayList<>();
            double num = 0;
            double den = 0;
            int used = 0;
            List<long[]> tables = new ArrayList<>();
            List<double[]> facet = new ArrayList<>();
            List<double[]> all = new ArrayList<>();
            for (int t = 0; t < m; t++) {
                if (allRows[t] == 0) {
                    continue;
                }
                long gn = rows[j][t];
                long gp = pos[j][t];
                long rn = allRows[t] - gn;
                long rp = allPos[t] - gp;
                per.add(new StratumRate(String.join(" & ", s.labels(t)), gn, gn == 0 ? null : (double) gp / gn, rn,
                        rn == 0 ? null : (double) rp / rn));
                facet.add(new double[] {gp, gn - gp});
                all.add(new double[] {allPos[t], allRows[t] - allPos[t], allRows[t]});
                if (gn > 0 && rn > 0) {
                    used++;
                    num += gn * ((double) gp / gn - (double) rp / rn);
                    den += gn;
                }
                tables.add(new long[] {gp, gn - gp, rp, rn - rp});
            }
            Double gap = den > 0 ? num / den : null;
            Double stat = null;
            Double pValue = null;
            double cmh = cmh(tables);
            if (!Double.isNaN(cmh)) {
                stat = cmh;
                pValue = ChiSquaredDistribution.of(1).survivalProbability(cmh);
            }
            Value cdd = Clarify.conditionalDemographicDisparity(facet, all);
            out.add(new ConditionalGap(g.names()[j], gap, stat, pValue, cdd.isDefined() ? cdd.value() : null, used, per));
        }
        return out;
    }

    /**
     * The Cochran–Mantel–Haenszel statistic, with continuity correction as R's {@code mantelhaen.test}, of 2×2×K
     * tables {@code {a, b, c, d}} (rows: group, rest; columns: positive, negative); NaN when no stratum has variance.
     */
    static double cmh(List<long[]> tables) {
        double sumA = 0;
        double sumE = 0;
        double sumV = 0;
        for (long[] t : tables) {
            double a = t[0];
            double b = t[1];
            double c = t[2];
            double d = t[3];
            double n = a + b + c + d;
            if (n < 2) {
                continue;
            }
            sumA += a;
            sumE += (a + b) * (a + c) / n;
            sumV += (a + b) * (c + d) * (a + c) * (b + d) / (n * n * (n - 1));
        }
        if (!(sumV > 0)) {
            return Double.NaN;
        }
        double delta = Math.abs(sumA - sumE);
        double yates = Math.min(0.5, delta);
        return (delta - yates) * (delta - yates) / sumV;
    }
}
