package dev.probity.fairness.ranking;

import dev.probity.core.InputException;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.Normal;
import dev.probity.fairness.ranking.RankAuditResult.FairStarOutcome;
import dev.probity.fairness.ranking.RankAuditResult.GroupExposure;
import dev.probity.fairness.ranking.RankAuditResult.Mean;
import dev.probity.fairness.ranking.RankAuditResult.Measure;
import dev.probity.fairness.ranking.RankAuditResult.TopShare;
import org.apache.commons.statistics.distribution.TDistribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fairness of ranked lists: exposure, top-k shares, FA*IR's test, rND/rKL/rRD and NDKL, over queries. */
public final class RankAudit {
    private RankAudit() {
    }

    public static RankAuditResult run(RankedLists lists, RankAuditSpec spec) {
        return run(lists, spec, null);
    }

    /** With users' histories (the query id of a list is its user), also Steck's miscalibration of every list. */
    public static RankAuditResult run(RankedLists lists, RankAuditSpec spec, UserHistory history) {
        int prot = lists.groupCode(spec.protectedGroup());
        if (prot < 0) {
            throw new InputException("the protected group '" + InputException.shown(spec.protectedGroup()) + "' is in no list; groups are "
                    + lists.groups());
        }
        int k = lists.groups().size();
        int nq = lists.queries();
        long[] itemsPerGroup = new long[k];
        long total = 0;
        for (int[] g : lists.group()) {
            for (int x : g) {
                itemsPerGroup[x]++;
            }
            total += g.length;
        }
        double p = Double.isNaN(spec.minProportion()) ? (double) itemsPerGroup[prot] / total : spec.minProportion();
        double[] target = new double[k];
        for (int g = 0; g < k; g++) {
            target[g] = (double) itemsPerGroup[g] / total;
        }
        double[][] itemShare = new double[k][nq];
        double[][] expShare = new double[k][nq];
        double[][] gap = new double[k][nq];
        double[][] meanExp = new double[k][nq];
        double[] expP = new double[nq];
        double[] expR = new double[nq];
        double[] dtrP = new double[nq];
        double[] dtrR = new double[nq];
        double[] dirP = new double[nq];
        double[] dirR = new double[nq];
        double[] rnd = new double[nq];
        double[] rkl = new double[nq];
        double[] rrd = new double[nq];
        double[] ndkl = new double[nq];
        double[] cal = new double[nq];
        double[][] top = new double[spec.ks().size()][nq];
        int tested = 0;
        int failed = 0;
        List<Integer> firstViolations = new ArrayList<>();
        Map<Integer, int[]> tables = new HashMap<>();
        Map<Integer, FairStar.Adjusted> adjusted = new HashMap<>();
        Map<Integer, double[]> exposures = new HashMap<>();
        long tied = 0;
        for (int q = 0; q < nq; q++) {
            int[] g = lists.group().get(q);
            int n = g.length;
            double[] v = exposures.computeIfAbsent(n, spec.positionBias()::of);
            int[][] blocks = lists.scores() == null ? null : tieBlocks(lists.scores().get(q));
            if (blocks != null) {
                // tied items share their positions' exposure: its expectation when ties are broken at random
                v = v.clone();
                for (int[] b : blocks) {
                    double sum = 0;
                    for (int r = b[0]; r < b[1]; r++) {
                        sum += v[r];
                    }
                    for (int r = b[0]; r < b[1]; r++) {
                        v[r] = sum / (b[1] - b[0]);
                    }
                    tied += b[1] - b[0];
                }
            }
            double[] is = ListMetrics.itemShare(g, k);
            double[] es = ListMetrics.exposureShare(g, k, v);
            double[] me = ListMetrics.meanExposure(g, k, v);
            for (int x = 0; x < k; x++) {
                boolean present = is[x] > 0;
                itemShare[x][q] = is[x];
                expShare[x][q] = es[x];
                gap[x][q] = es[x] - is[x];
                meanExp[x][q] = present ? me[x] : Double.NaN;
            }
            boolean[] pr = new boolean[n];
            int[] two = new int[n];
            for (int r = 0; r < n; r++) {
                pr[r] = g[r] == prot;
                two[r] = pr[r] ? 0 : 1;
            }
            double[] me2 = ListMetrics.meanExposure(two, 2, v);
            expP[q] = me2[0];
            expR[q] = me2[1];
            if (lists.hasRelevance()) {
                double[] u = lists.relevance().get(q);
                double[] mu = ListMetrics.meanRelevance(two, 2, u);
                double[] ctr = ListMetrics.meanClickThrough(two, 2, u, v);
                dtrP[q] = mu[0] > 0 ? me2[0] / mu[0] : Double.NaN;
                dtrR[q] = mu[1] > 0 ? me2[1] / mu[1] : Double.NaN;
                dirP[q] = mu[0] > 0 ? ctr[0] / mu[0] : Double.NaN;
                dirR[q] = mu[1] > 0 ? ctr[1] / mu[1] : Double.NaN;
            }
            rnd[q] = ListMetrics.rnd(pr, spec.step());
            rkl[q] = ListMetrics.rkl(pr, spec.step());
            rrd[q] = ListMetrics.rrd(pr, spec.step());
            ndkl[q] = ListMetrics.ndkl(g, target);
            if (history != null) {
                Map<String, Double> p0 = history.users().get(lists.queryIds().get(q));
                if (p0 == null) {
                    cal[q] = Double.NaN;
                } else {
                    Map<String, Double> dist = new HashMap<>();
                    for (int x = 0; x < k; x++) {
                        if (is[x] > 0) {
                            dist.put(lists.groups().get(x), is[x]);
                        }
                    }
                    cal[q] = UserHistory.miscalibration(p0, dist, UserHistory.ALPHA);
                }
            }
            for (int j = 0; j < spec.ks().size(); j++) {
                int kk = spec.ks().get(j);
                top[j][q] = n >= kk ? (blocks == null ? ListMetrics.topShare(pr, kk) : expectedTopShare(pr, kk, blocks)) : Double.NaN;
            }
            int fk = Math.min(spec.fairK(), n);
            int[] table = tables.computeIfAbsent(fk, kk -> {
                if (spec.adjust()) {
                    FairStar.Adjusted a = FairStar.adjustedAlpha(kk, p, spec.alpha());
                    adjusted.put(kk, a);
                    return a.table();
                }
                return FairStar.minimumTable(kk, p, spec.alpha());
            });
            tested++;
            int first = FairStar.firstViolation(pr, table);
            if (first > 0) {
                failed++;
                firstViolations.add(first);
            }
        }
        double level = spec.confidence();
        List<GroupExposure> groups = new ArrayList<>();
        for (int x = 0; x < k; x++) {
            groups.add(new GroupExposure(lists.groups().get(x), itemsPerGroup[x], mean(itemShare[x], level), mean(expShare[x], level),
                    mean(gap[x], level), mean(meanExp[x], level)));
        }
        List<Measure> measures = new ArrayList<>();
        String pg = spec.protectedGroup();
        Mean dp = ratio(expP, expR, level);
        boolean restUnseen = Double.isNaN(dp.value()) && dp.queries() > 0;
        measures.add(new Measure("exposure_ratio", "mean exposure per item, " + pg + " ÷ the rest", dp.value(), dp.interval(), dp.queries(),
                "1", "demographic parity of exposure (Singh & Joachims 2018); below 1, " + pg + " items are seen less"));
        if (lists.hasRelevance()) {
            Mean dtr = ratio(dtrP, dtrR, level);
            measures.add(new Measure("disparate_treatment_ratio", "exposure per unit of merit, " + pg + " ÷ the rest", dtr.value(),
                    dtr.interval(), dtr.queries(), "1", "DTR (Singh & Joachims 2018): exposure in proportion to relevance"));
            Mean dir = ratio(dirP, dirR, level);
            measures.add(new Measure("disparate_impact_ratio", "expected clicks per unit of merit, " + pg + " ÷ the rest", dir.value(),
                    dir.interval(), dir.queries(), "1", "DIR (Singh & Joachims 2018): click-through (relevance × exposure) in proportion to relevance"));
        }
        Mean m1 = nonNegative(mean(rnd, level));
        measures.add(new Measure("rnd", "normalized discounted difference (rND)", m1.value(), m1.interval(), m1.queries(), "0",
                "Yang & Stoyanovich 2017, cut points every " + spec.step() + ", lists of at least " + spec.step() + " items with both sides"));
        Mean m2 = nonNegative(mean(rkl, level));
        measures.add(new Measure("rkl", "normalized discounted KL divergence (rKL)", m2.value(), m2.interval(), m2.queries(), "0",
                "Yang & Stoyanovich 2017"));
        Mean m3 = nonNegative(mean(rrd, level));
        measures.add(new Measure("rrd", "normalized discounted ratio (rRD)", m3.value(), m3.interval(), m3.queries(), "0",
                "Yang & Stoyanovich 2017; only under-representation of " + pg + " counts"));
        Mean m4 = nonNegative(mean(ndkl, level));
        measures.add(new Measure("ndkl", "normalized discounted KL divergence to the groups' overall shares (NDKL)", m4.value(),
                m4.interval(), m4.queries(), "0", "Geyik, Ambler & Kenthapadi 2019; natural logarithm"));
        if (history != null) {
            Mean mc = nonNegative(mean(cal, level));
            measures.add(new Measure("miscalibration", "KL divergence of the list's groups from its user's history (C_KL)", mc.value(),
                    mc.interval(), mc.queries(), "0", "Steck 2018, α = " + UserHistory.ALPHA + ", natural logarithm; lists whose user has a history"));
        }
        List<TopShare> tops = new ArrayList<>();
        for (int j = 0; j < spec.ks().size(); j++) {
            tops.add(new TopShare(spec.ks().get(j), mean(top[j], level)));
        }
        FairStar.Adjusted shown = spec.adjust() ? adjusted.getOrDefault(Math.min(spec.fairK(), maxLength(lists)),
                adjusted.values().stream().findFirst().orElse(null)) : null;
        int commonK = Math.min(spec.fairK(), maxLength(lists));
        int[] commonTable = tables.get(commonK);
        FairStar.Adjusted table = shown != null ? shown
                : commonTable == null ? null : new FairStar.Adjusted(spec.alpha(), commonTable, FairStar.failureProbability(commonTable, p));
        double expected = table == null ? Double.NaN : table.failureProbability();
        int[] fv = firstViolations.stream().mapToInt(Integer::intValue).sorted().toArray();
        FairStarOutcome fs = new FairStarOutcome(tested, failed, tested == 0 ? Double.NaN : (double) failed / tested,
                Interval.wilson(failed, tested, level), expected, fv.length == 0 ? 0 : fv[fv.length / 2]);
        double meanLength = (double) total / nq;
        RankAuditResult.Input input = new RankAuditResult.Input(lists.source(), nq, total, lists.hasRelevance(), meanLength, tied);
        List<String> findings = new ArrayList<>();
        if (restUnseen) {
            findings.add(String.format(Locale.ROOT, "The items other than %s get no exposure under the position bias %s: the exposure"
                    + " ratio is infinite (reported as undefined). Every bit of attention goes to %s.", spec.protectedGroup(),
                    spec.positionBias(), spec.protectedGroup()));
        }
        if (history != null) {
            long withHistory = java.util.Arrays.stream(cal).filter(x -> !Double.isNaN(x)).count();
            if (withHistory < nq) {
                findings.add(String.format(Locale.ROOT, "%d of %d lists' users have no history: miscalibration is measured on the"
                        + " other %d.", nq - withHistory, nq, withHistory));
            }
        }
        if (tied > 0) {
            findings.add(String.format(Locale.ROOT, "%,d items share their score with another item of their list: exposure and top-k"
                    + " shares average over the tied positions (as if ties were broken at random); FA*IR, rND, rKL, rRD and NDKL"
                    + " take the rows' order among them.", tied));
        }
        findings.addAll(findings(spec, p, groups, measures, tops, fs));
        return new RankAuditResult(input, spec, p, table, groups, measures, tops, fs, findings);
    }

    private static int maxLength(RankedLists lists) {
        int m = 0;
        for (int[] g : lists.group()) {
            m = Math.max(m, g.length);
        }
        return m;
    }

    /** The mean over defined (non-NaN) values with Student's t interval. */
    static Mean mean(double[] x, double level) {
        int n = 0;
        double sum = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new Mean(Double.NaN, null, 0);
        }
        double m = sum / n;
        if (n < 2) {
            return new Mean(m, null, n);
        }
        double ss = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                ss += (v - m) * (v - m);
            }
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        double t = TDistribution.of(n - 1).inverseCumulativeProbability(0.5 + level / 2);
        return new Mean(m, new Interval(m - t * se, m + t * se, level, "student-t"), n);
    }

    /** The runs of equal scores (at least two items) of a list sorted by score: {start, end} with end exclusive; null when none. */
    static int[][] tieBlocks(double[] scores) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int r = 1; r <= scores.length; r++) {
            if (r == scores.length || scores[r] != scores[start]) {
                if (r - start > 1) {
                    out.add(new int[] {start, r});
                }
                start = r;
            }
        }
        return out.isEmpty() ? null : out.toArray(new int[0][]);
    }

    /** The protected share of the top k when ties are broken at random: a cut tie contributes its protected share pro rata. */
    static double expectedTopShare(boolean[] prot, int k, int[][] blocks) {
        double count = 0;
        int r = 0;
        int b = 0;
        while (r < k) {
            if (b < blocks.length && blocks[b][0] == r) {
                int s = blocks[b][0];
                int e = blocks[b][1];
                int protIn = 0;
                for (int i = s; i < e; i++) {
                    protIn += prot[i] ? 1 : 0;
                }
                int taken = Math.min(e, k) - s;
                count += (double) protIn * taken / (e - s);
                r = s + taken;
                b++;
            } else {
                count += prot[r] ? 1 : 0;
                r++;
            }
        }
        return count / k;
    }

    /** A mean of a measure that cannot be negative: its interval does not go below 0. */
    static Mean nonNegative(Mean m) {
        if (m.interval() == null || m.interval().low() >= 0) {
            return m;
        }
        return new Mean(m.value(), new Interval(0, m.interval().high(), m.interval().level(), m.interval().method()), m.queries());
    }

    /** The ratio of the means of x and y over queries where both are defined, with a delta-method interval. */
    static Mean ratio(double[] x, double[] y, double level) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
                sx += x[i];
                sy += y[i];
            }
        }
        if (n == 0 || sy == 0) {
            return new Mean(Double.NaN, null, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double r = mx / my;
        if (n < 2) {
            return new Mean(r, null, n);
        }
        double vx = 0;
        double vy = 0;
        double cxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                vx += (x[i] - mx) * (x[i] - mx);
                vy += (y[i] - my) * (y[i] - my);
                cxy += (x[i] - mx) * (y[i] - my);
            }
        }
        vx /= n - 1;
        vy /= n - 1;
        cxy /= n - 1;
        double var = Math.max(0, (vx - 2 * r * cxy + r * r * vy) / (n * my * my));
        double z = Normal.quantile(0.5 + level / 2);
        return new Mean(r, new Interval(r - z * Math.sqrt(var), r + z * Math.sqrt(var), level, "delta"), n);
    }

    private static List<String> findings(RankAuditSpec spec, double p, List<GroupExposure> groups, List<Measure> measures,
                                         List<TopShare> tops, FairStarOutcome fs) {
        List<String> out = new ArrayList<>();
        String pg = spec.protectedGroup();
        for (Measure m : measures) {
            if (!m.fair().equals("1") || Double.isNaN(m.value())) {
                continue;
            }
            if (m.interval() == null) {
                // one list: no interval over lists; a large ratio is still reported, as a description of this list
                if (m.value() < 0.8 || m.value() > 1.25) {
                    out.add(String.format(Locale.ROOT, "%s items get %.2f times the %s of the other items (%s; one list, so no"
                            + " interval: this describes the list, it does not test a process).", pg, m.value(),
                            m.key().equals("exposure_ratio") ? "exposure per item" : "exposure or clicks per unit of relevance", m.key()));
                }
                continue;
            }
            if (m.interval().high() < 1) {
                out.add(String.format(Locale.ROOT, "%s items get %.0f%% of the %s the other items get (%s; %s interval %.2f to %.2f).",
                        pg, 100 * m.value(), m.key().equals("exposure_ratio") ? "exposure per item"
                                : m.key().equals("disparate_treatment_ratio") ? "exposure per unit of relevance" : "expected clicks per unit of relevance",
                        m.key(), Interval.percent(spec.confidence()), m.interval().low(), m.interval().high()));
            } else if (m.interval().low() > 1) {
                out.add(String.format(Locale.ROOT, "%s items get %.2f times the %s of the other items (%s).", pg, m.value(),
                        m.key().equals("exposure_ratio") ? "exposure per item" : "exposure or clicks per unit of relevance", m.key()));
            }
        }
        for (TopShare t : tops) {
            Mean s = t.share();
            if (s.interval() != null && s.interval().high() < p) {
                out.add(String.format(Locale.ROOT, "%s are %.1f%% of the top %d on average, against %.1f%% of the items (%d lists).", pg,
                        100 * s.value(), t.k(), 100 * p, s.queries()));
            }
        }
        if (fs.failedInterval() != null && fs.failedInterval().low() > fs.expectedFailure()) {
            out.add(String.format(Locale.ROOT, "FA*IR: %d of %d lists (%.1f%%) fail the ranked group fairness test for %s at p = %.3f, "
                    + "where a fair ranking fails %.1f%% of the time; the median first failing prefix is the top %d.", fs.failed(), fs.tested(),
                    100 * fs.failedShare(), pg, p, 100 * fs.expectedFailure(), fs.medianFirstViolation()));
        }
        return out;
    }
}
