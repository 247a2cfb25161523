package dev.probity.fairness.audit;

import dev.probity.core.frame.Grouping;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.ProportionIntervals;
import dev.probity.core.stats.TwoByTwo;
import dev.probity.fairness.metrics.Aggregate;
import dev.probity.fairness.metrics.BinaryMetric;
import dev.probity.fairness.metrics.Clarify;
import dev.probity.fairness.metrics.DifferentialFairness;
import dev.probity.fairness.metrics.EntropyIndex;
import dev.probity.fairness.metrics.AequitasVerdict;
import dev.probity.fairness.metrics.ClarifyMetric;
import dev.probity.fairness.metrics.Composite;
import dev.probity.fairness.metrics.Disparity;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.GroupMetrics;
import dev.probity.fairness.metrics.ScoreMetrics;
import dev.probity.fairness.metrics.Value;
import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;
import dev.probity.fairness.stats.Confusion;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.ScoreHistogram;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns group statistics into every reported number: the metric algebra of an audit, with no access to
 * rows. Choices that must not move between bootstrap replicates — the reference group, the order of
 * groups, calibration bins, the LL144 sample median — are fixed from the full data when the evaluator is
 * made, so that every replicate yields estimates in the same order.
 */
final class Evaluator {
    /** Separator of values in an intersection group's name. */
    static final String AND = " & ";

    private final AuditSpec spec;
    private final List<List<String>> groupings = new ArrayList<>();
    private final Map<String, List<List<String>>> order = new LinkedHashMap<>();
    private final Map<String, List<String>> referenceKey = new LinkedHashMap<>();
    private final Map<String, String> referenceRule = new LinkedHashMap<>();
    private final Map<String, double[]> edges = new LinkedHashMap<>();
    /** With the min-metric rule: per attribute and metric, the group compared against (fixed by the full data). */
    private final Map<String, Integer> minReference = new java.util.concurrent.ConcurrentHashMap<>();
    private final Double sampleMedian;
    private final int labelClasses;

    /** Parts of a result computed from statistics. */
    record Parts(GroupResult overall, List<MetricTable> attributes, Map<String, Estimate> dataset) {}

    Evaluator(AuditSpec spec, StatsTable main) {
        this.spec = spec;
        List<String> prot = new ArrayList<>(main.attributes());
        if (spec.strata() != null && !spec.protectedAttributes().contains(spec.strata())) {
            prot.remove(prot.size() - 1);
        }
        for (String p : prot) {
            groupings.add(List.of(p));
        }
        if (spec.intersections() && prot.size() > 1) {
            int m = prot.size();
            for (int mask = 1; mask < (1 << m); mask++) {
                if (Integer.bitCount(mask) < 2) {
                    continue;
                }
                List<String> cols = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    if ((mask & (1 << j)) != 0) {
                        cols.add(prot.get(j));
                    }
                }
                groupings.add(cols);
            }
        }
        GroupStats all = main.overall();
        for (List<String> cols : groupings) {
            String name = String.join("&", cols);
            Map<List<String>, GroupStats> groups = main.marginal(cols);
            List<List<String>> keys = new ArrayList<>(groups.keySet());
            keys.sort(Comparator.<List<String>>comparingDouble(k -> -groups.get(k).size())
                    .thenComparing(k -> String.join(AND, k)));
            order.put(name, keys);
            String given = spec.references().get(name);
            if (given == null && cols.size() == 1) {
                given = spec.references().get(cols.get(0));
            }
            if (given != null) {
                List<String> key = List.of(given.split("\\s*&\\s*"));
                if (!groups.containsKey(key)) {
                    throw new dev.probity.core.InputException("reference group '" + given + "' of '" + name
                            + "' is empty: no audited row has it; groups are "
                            + keys.stream().map(k -> String.join(AND, k)).toList());
                }
                referenceKey.put(name, key);
                referenceRule.put(name, "given");
            } else {
                referenceKey.put(name, keys.get(0));
                referenceRule.put(name, spec.referenceRule() == AuditSpec.ReferenceRule.MIN_METRIC ? "min-metric" : "majority");
            }
            if (all.scores() != null) {
                edges.put(name, ScoreMetrics.binEdges(all.scores(), spec.calibrationBins()));
            }
        }
        sampleMedian = all.scores() == null ? null : median(all.scores());
        if (main.kind() == TaskKind.BINARY) {
            Confusion c = all.confusion();
            labelClasses = (c.positives() > 0 ? 1 : 0) + (c.negatives() > 0 ? 1 : 0);
        } else {
            labelClasses = 2;
        }
    }

    /** The sample median as usually defined: the middle value, or the mean of the two middle values. */
    static double median(ScoreHistogram h) {
        double[] v = h.values();
        long[] pc = h.positiveCounts();
        long[] nc = h.negativeCounts();
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            n += pc[i] + nc[i];
        }
        long lo = (n - 1) / 2;
        long hi = n / 2;
        double a = Double.NaN;
        double b = Double.NaN;
        long acc = 0;
        for (int i = 0; i < v.length; i++) {
            long next = acc + pc[i] + nc[i];
            if (Double.isNaN(a) && lo < next) {
                a = v[i];
            }
            if (hi < next) {
                b = v[i];
                break;
            }
            acc = next;
        }
        return (a + b) / 2;
    }

    static String groupName(List<String> key) {
        return String.join(AND, key);
    }

    Parts evaluate(StatsTable t, boolean full) {
        GroupStats all = t.overall();
        GroupResult overall = group("all rows", List.of(), all, all, null, Double.NaN, full);
        List<MetricTable> attrs = new ArrayList<>();
        for (List<String> cols : groupings) {
            attrs.add(attribute(t, cols, all, full));
        }
        Map<String, Estimate> dataset = new LinkedHashMap<>();
        if (t.kind() == TaskKind.BINARY) {
            Confusion c = all.confusion();
            double[][] b = EntropyIndex.benefits(c);
            for (double alpha : spec.entropyAlphas()) {
                dataset.put("generalized_entropy_index(" + fmt(alpha) + ")", Estimate.of(EntropyIndex.of(b[0], b[1], alpha)));
            }
            dataset.put("theil_index", Estimate.of(EntropyIndex.of(b[0], b[1], 1)));
            dataset.put("coefficient_of_variation", Estimate.of(EntropyIndex.coefficientOfVariation(EntropyIndex.of(b[0], b[1], 2))));
            Map<List<String>, GroupStats> inter = t.marginal(protectedColumns());
            dataset.putAll(differentialFairness(inter));
        }
        return new Parts(overall, attrs, dataset);
    }

    private List<String> protectedColumns() {
        List<String> out = new ArrayList<>();
        for (List<String> g : groupings) {
            if (g.size() == 1) {
                out.add(g.get(0));
            }
        }
        return out;
    }

    static String fmt(double alpha) {
        return alpha == Math.rint(alpha) ? Long.toString((long) alpha) : Double.toString(alpha);
    }

    private MetricTable attribute(StatsTable t, List<String> cols, GroupStats all, boolean full) {
        String name = String.join("&", cols);
        Map<List<String>, GroupStats> byKey = t.marginal(cols);
        List<List<String>> keys = order.get(name);
        List<GroupStats> stats = new ArrayList<>();
        for (List<String> k : keys) {
            GroupStats g = byKey.get(k);
            stats.add(g == null ? t.newStats() : g);
        }
        double totalPP = Double.NaN;
        if (t.kind() == TaskKind.BINARY) {
            totalPP = 0;
            for (GroupStats g : stats) {
                totalPP += g.confusion().predictedPositives();
            }
        }
        double[] e = edges.get(name);
        List<GroupResult> groups = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            groups.add(group(groupName(keys.get(i)), keys.get(i), stats.get(i), all, e, totalPP, full));
        }
        GroupResult overall = group("all rows", List.of(), all, all, e, totalPP, false);

        // Fairlearn summaries of every metric.
        Map<String, Summary> aggregates = new LinkedHashMap<>();
        List<String> names = groups.stream().map(GroupResult::name).toList();
        for (String m : groups.get(0).metrics().keySet()) {
            List<Value> vals = groups.stream().map(g -> g.metric(m).value()).toList();
            Aggregate a = Aggregate.of(names, vals, overall.metric(m) == null ? Value.undefined("no overall value")
                    : overall.metric(m).value());
            Map<String, Estimate> em = new LinkedHashMap<>();
            a.asMap().forEach((k, v) -> em.put(k, Estimate.of(v)));
            aggregates.put(m, new Summary(a.minGroup(), a.maxGroup(), em, a.undefinedGroups()));
        }
        Map<String, Estimate> summary = t.kind() == TaskKind.BINARY ? summary(aggregates) : new LinkedHashMap<>();

        List<String> refKey = referenceKey.get(name);
        int refIndex = keys.indexOf(refKey);
        GroupStats ref = stats.get(refIndex);
        GroupResult refResult = groups.get(refIndex);
        List<GroupDisparity> disparities = new ArrayList<>();
        Map<List<String>, GroupStats> withStrata = spec.strata() == null || cols.contains(spec.strata()) ? null
                : t.marginal(concat(cols, spec.strata()));
        // Per metric, the group each comparison is made against: the reference group, or with the min-metric
        // rule (and no reference given) the group with the smallest value, fixed from the full data.
        Map<String, Integer> against = new LinkedHashMap<>();
        boolean minMetric = referenceRule.get(name).equals("min-metric");
        for (String m : groups.get(0).metrics().keySet()) {
            int idx = refIndex;
            if (minMetric) {
                Integer fixed = minReference.get(name + "\u0000" + m);
                if (fixed == null) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < groups.size(); i++) {
                        Estimate est = groups.get(i).metric(m);
                        if (est.isDefined() && est.number() < best) {
                            best = est.number();
                            idx = i;
                        }
                    }
                    minReference.put(name + "\u0000" + m, idx);
                } else {
                    idx = fixed;
                }
            }
            against.put(m, idx);
        }
        for (int i = 0; i < keys.size(); i++) {
            disparities.add(disparity(t, i, groups, stats, refIndex, against, all, keys.get(i), withStrata, full));
        }

        Map<String, Estimate> entropy = new LinkedHashMap<>();
        Map<String, Estimate> df = new LinkedHashMap<>();
        FourFifths ff = null;
        List<LocalLaw144> ll144 = new ArrayList<>();
        if (t.kind() == TaskKind.BINARY) {
            entropy.putAll(entropy(stats, refIndex));
            df.putAll(differentialFairness(byKey));
            long[] rows = stats.stream().mapToLong(GroupStats::rows).toArray();
            double[] sizes = stats.stream().mapToDouble(GroupStats::size).toArray();
            // The four-fifths rule and LL144 count favourable decisions.
            double[] selected = stats.stream().mapToDouble(g -> spec.positiveFavorable()
                    ? g.confusion().predictedPositives() : g.confusion().predictedNegatives()).toArray();
            ff = FourFifths.of(names, rows, sizes, selected, spec.minGroupSize(), spec.fourFifths());
            ll144.add(ll144("selection", keys, names, rows, sizes, selected));
            if (sampleMedian != null) {
                double[] above = new double[stats.size()];
                for (int i = 0; i < above.length; i++) {
                    ScoreHistogram h = stats.get(i).scores();
                    above[i] = h == null || h.distinct() == 0 ? 0
                            : ScoreMetrics.shareAbove(h, sampleMedian).orElse(0) * sizes[i];
                }
                ll144.add(ll144("scoring", keys, names, rows, sizes, above));
            }
        }
        return new MetricTable(name, cols, groupName(refKey), referenceRule.get(name), groups, aggregates, summary,
                disparities, entropy, df, ff, ll144, cols.size() > 1);
    }

    private LocalLaw144 ll144(String kind, List<List<String>> keys, List<String> names, long[] rows, double[] sizes,
                              double[] positives) {
        List<String> cats = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        long unknown = 0;
        for (int i = 0; i < names.size(); i++) {
            if (keys.get(i).contains(Grouping.MISSING_LABEL)) {
                unknown += rows[i];
            } else {
                cats.add(names.get(i));
                idx.add(i);
            }
        }
        long[] r = idx.stream().mapToLong(i -> rows[i]).toArray();
        double[] s = idx.stream().mapToDouble(i -> sizes[i]).toArray();
        double[] p = idx.stream().mapToDouble(i -> positives[i]).toArray();
        return LocalLaw144.of(kind, cats, r, s, p, unknown, spec.ll144MinShare(), kind.equals("scoring") ? sampleMedian : null);
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    /** Fairlearn's named disparity metrics, from the per-metric summaries. */
    private static Map<String, Estimate> summary(Map<String, Summary> agg) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (Disparity d : Disparity.values()) {
            out.put(d.key(), Estimate.of(d.compute((metric, sum) -> agg.get(metric).values().get(sum).value())));
        }
        return out;
    }

    private GroupResult group(String name, List<String> key, GroupStats g, GroupStats all, double[] e, double totalPP,
                              boolean full) {
        Map<String, Value> values = GroupMetrics.compute(g, e, totalPP);
        Map<String, Estimate> metrics = new LinkedHashMap<>();
        values.forEach((k, v) -> metrics.put(k, Estimate.of(v)));
        List<String> flags = new ArrayList<>();
        Confusion counts = null;
        Confusion weighted = null;
        List<ScoreMetrics.Bin> calibration = null;
        double[] quantiles = null;
        Map<String, Map<String, Estimate>> perClass = null;
        long[][] matrix = null;
        if (g.kind() == TaskKind.BINARY) {
            counts = g.counts();
            weighted = g.weighted() ? g.confusion() : null;
            if (full) {
                for (BinaryMetric m : BinaryMetric.values()) {
                    if (m.isProportion()) {
                        Value v = values.get(m.key());
                        double n = g.effectiveSize(m.denominatorCells());
                        if (v.isDefined() && n > 0) {
                            metrics.put(m.key(), metrics.get(m.key()).withAnalytic(Interval.wilson(v.value() * n, n, spec.confidence())));
                        }
                    }
                }
                Confusion c = g.confusion();
                if (c.positives() == 0 || c.negatives() == 0) {
                    flags.add(c.positives() == 0 ? "no positive labels" : "no negative labels");
                }
                if (c.predictedPositives() == 0 || c.predictedNegatives() == 0) {
                    flags.add(c.predictedPositives() == 0 ? "no positive predictions" : "no negative predictions");
                }
                ScoreHistogram h = g.scores();
                if (h != null && e != null) {
                    calibration = ScoreMetrics.calibration(h, e);
                    quantiles = h.distinct() == 0 ? null : new double[] {h.values()[0], ScoreMetrics.quantile(h, 0.25),
                            ScoreMetrics.quantile(h, 0.5), ScoreMetrics.quantile(h, 0.75), h.values()[h.distinct() - 1]};
                }
            }
        } else if (g.kind() == TaskKind.MULTICLASS) {
            perClass = new LinkedHashMap<>();
            List<String> cls = classNames(g);
            for (int k = 0; k < g.classes(); k++) {
                Confusion c = g.oneVsRest(k);
                Map<String, Estimate> m = new LinkedHashMap<>();
                for (BinaryMetric bm : List.of(BinaryMetric.SELECTION_RATE, BinaryMetric.BASE_RATE, BinaryMetric.TPR,
                        BinaryMetric.FPR, BinaryMetric.FNR, BinaryMetric.PRECISION, BinaryMetric.F1)) {
                    m.put(bm.key(), Estimate.of(bm.compute(c)));
                }
                perClass.put(cls.get(k), m);
            }
            if (full) {
                matrix = new long[g.classes()][g.classes()];
                for (int y = 0; y < g.classes(); y++) {
                    for (int p = 0; p < g.classes(); p++) {
                        matrix[y][p] = g.cellCount(y, p);
                    }
                }
            }
        } else if (full && g.predictionSketch() != null && !g.predictionSketch().isEmpty()) {
            var s = g.predictionSketch();
            quantiles = new double[] {s.min(), s.quantile(0.25), s.quantile(0.5), s.quantile(0.75), s.max()};
        }
        if (full && g.rows() < spec.minGroupSize() && !key.isEmpty()) {
            flags.add(0, "small group: " + g.rows() + " rows (under " + spec.minGroupSize() + ")");
        }
        double share = all.size() == 0 ? 0 : g.size() / all.size();
        return new GroupResult(name, key, g.rows(), g.size(), share, counts, weighted, metrics, flags, calibration, quantiles,
                perClass, matrix);
    }

    private List<String> classNames;

    void setClassNames(List<String> names) {
        this.classNames = names;
    }

    private List<String> classNames(GroupStats g) {
        if (classNames != null) {
            return classNames;
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < g.classes(); k++) {
            out.add("class " + k);
        }
        return out;
    }

    /**
     * Group {@code i} compared: per metric with the group in {@code against} (none when that is the group
     * itself), AIF360's composites with the reference group, Clarify's metrics with all other rows.
     */
    private GroupDisparity disparity(StatsTable t, int i, List<GroupResult> groups, List<GroupStats> stats, int refIndex,
                                     Map<String, Integer> against, GroupStats all, List<String> key,
                                     Map<List<String>, GroupStats> withStrata, boolean full) {
        GroupResult g = groups.get(i);
        GroupStats gs = stats.get(i);
        List<Comparison> comparisons = new ArrayList<>();
        for (String m : g.metrics().keySet()) {
            int j = against.get(m);
            if (j == i) {
                continue;
            }
            GroupResult ref = groups.get(j);
            GroupStats rs = stats.get(j);
            Value a = g.metric(m).value();
            Value b = ref.metric(m).value();
            Value diff = a.minus(b);
            Value ratio = a.over(b, "the reference group's value is 0");
            Boolean parity = ratio.isDefined()
                    ? ratio.value() >= spec.tolerance() - 1e-12 && ratio.value() <= 1 / spec.tolerance() + 1e-12 : null;
            double p = Double.NaN;
            String test = null;
            BinaryMetric bm = t.kind() == TaskKind.BINARY ? BinaryMetric.byKey(m) : null;
            Estimate dEst = Estimate.of(diff);
            Estimate rEst = Estimate.of(ratio);
            if (full && bm != null && bm.isProportion() && bm.key().equals(m)) {
                TwoByTwo.Result r = test(gs, rs, bm);
                if (r != null) {
                    p = r.pValue();
                    test = r.test();
                }
                double n1 = gs.effectiveSize(bm.denominatorCells());
                double n2 = rs.effectiveSize(bm.denominatorCells());
                if (a.isDefined() && b.isDefined() && n1 > 0 && n2 > 0) {
                    dEst = dEst.withAnalytic(ProportionIntervals.newcombe(a.value(), n1, b.value(), n2, spec.confidence()));
                    rEst = rEst.withAnalytic(ProportionIntervals.katz(a.value(), n1, b.value(), n2, spec.confidence()));
                }
            }
            comparisons.add(new Comparison(m, ref.name(), dEst, rEst, parity, p, test, Double.NaN));
        }
        Map<String, Estimate> aif = new LinkedHashMap<>();
        Map<String, Estimate> clarify = new LinkedHashMap<>();
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        if (t.kind() == TaskKind.BINARY && i != refIndex) {
            Confusion c = gs.confusion();
            Confusion r = stats.get(refIndex).confusion();
            for (Composite m : Composite.values()) {
                aif.put(m.key(), Estimate.of(m.compute(c, r)));
            }
        }
        if (t.kind() == TaskKind.BINARY) {
            Confusion c = gs.confusion();
            Confusion rest = all.confusion().minus(c);
            double[] pa = {rest.negatives(), rest.positives()};
            double[] pd = {c.negatives(), c.positives()};
            Clarify.pretraining(rest.n(), c.n(), pa, pd, rest, c).forEach((k, v) -> clarify.put(k, Estimate.of(v)));
            if (withStrata != null) {
                clarify.put(ClarifyMetric.CDDL.key(), Estimate.of(cdd(withStrata, key, true)));
            }
            Clarify.posttraining(rest, c).forEach((k, v) -> clarify.put(k, Estimate.of(v)));
            if (withStrata != null) {
                clarify.put(ClarifyMetric.CDDPL.key(), Estimate.of(cdd(withStrata, key, false)));
            }
            verdicts = comparisons.isEmpty() ? new LinkedHashMap<>() : verdicts(comparisons);
        } else if (t.kind() == TaskKind.MULTICLASS) {
            int k = gs.classes();
            double[] pa = new double[k];
            double[] pd = new double[k];
            for (int y = 0; y < k; y++) {
                for (int p = 0; p < k; p++) {
                    pd[y] += gs.cell(y, p);
                    pa[y] += all.cell(y, p) - gs.cell(y, p);
                }
            }
            double na = 0;
            double nd = 0;
            for (int y = 0; y < k; y++) {
                na += pa[y];
                nd += pd[y];
            }
            Clarify.pretraining(na, nd, pa, pd, null, null).forEach((kk, v) -> clarify.put(kk, Estimate.of(v)));
        }
        return new GroupDisparity(g.name(), comparisons, aif, clarify, verdicts);
    }

    /** Clarify's CDD of the facet {@code key} over the strata, on labels or predictions. */
    private Value cdd(Map<List<String>, GroupStats> withStrata, List<String> key, boolean labels) {
        Map<String, double[]> facet = new LinkedHashMap<>();
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (Map.Entry<List<String>, GroupStats> e : withStrata.entrySet()) {
            List<String> k = e.getKey();
            String stratum = k.get(k.size() - 1);
            Confusion c = e.getValue().confusion();
            double pos = labels ? c.positives() : c.predictedPositives();
            double neg = labels ? c.negatives() : c.predictedNegatives();
            double[] tot = totals.computeIfAbsent(stratum, s -> new double[3]);
            tot[0] += pos;
            tot[1] += neg;
            tot[2] += c.n();
            double[] f = facet.computeIfAbsent(stratum, s -> new double[2]);
            if (k.subList(0, k.size() - 1).equals(key)) {
                f[0] += pos;
                f[1] += neg;
            }
        }
        List<double[]> fs = new ArrayList<>();
        List<double[]> ts = new ArrayList<>();
        for (String s : totals.keySet()) {
            fs.add(facet.get(s));
            ts.add(totals.get(s));
        }
        return Clarify.conditionalDemographicDisparity(fs, ts);
    }

    /** Aequitas' named verdicts from the per-metric parity tests. */
    private static Map<String, Boolean> verdicts(List<Comparison> comparisons) {
        Map<String, Boolean> p = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            p.put(c.metric(), c.parity());
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (AequitasVerdict v : AequitasVerdict.values()) {
            out.put(v.label(), v.of(p));
        }
        return out;
    }

    /**
     * The 2×2 table of a proportion metric, group against reference. Unweighted: exact counts. Weighted:
     * the rate applied to Kish's effective sample size, rounded.
     */
    private static TwoByTwo.Result test(GroupStats g, GroupStats r, BinaryMetric m) {
        long[] a = successes(g, m);
        long[] b = successes(r, m);
        return TwoByTwo.test(a[0], a[1], b[0], b[1]);
    }

    private static long[] successes(GroupStats g, BinaryMetric m) {
        long[] counts = g.cellCounts();
        if (!g.weighted()) {
            long k = 0;
            long n = 0;
            for (int c : m.numeratorCells()) {
                k += counts[c];
            }
            for (int c : m.denominatorCells()) {
                n += counts[c];
            }
            return new long[] {k, n - k};
        }
        double n = g.effectiveSize(m.denominatorCells());
        Value v = m.compute(g.confusion());
        if (!v.isDefined() || n == 0) {
            return new long[] {0, 0};
        }
        long nn = Math.round(n);
        long k = Math.round(v.value() * n);
        return new long[] {k, nn - k};
    }

    /** Between-group entropy indices: all groups, and reference against the rest. */
    private Map<String, Estimate> entropy(List<GroupStats> stats, int refIndex) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        int k = stats.size();
        double[] mu = new double[k];
        double[] w = new double[k];
        Confusion rest = Confusion.ZERO;
        for (int i = 0; i < k; i++) {
            Confusion c = stats.get(i).confusion();
            w[i] = c.n();
            mu[i] = c.n() == 0 ? 0 : (c.tp() + c.tn() + 2 * c.fp()) / c.n();
            if (i != refIndex) {
                rest = rest.plus(c);
            }
        }
        Confusion ref = stats.get(refIndex).confusion();
        double[] mu2 = {ref.n() == 0 ? 0 : (ref.tp() + ref.tn() + 2 * ref.fp()) / ref.n(),
                rest.n() == 0 ? 0 : (rest.tp() + rest.tn() + 2 * rest.fp()) / rest.n()};
        double[] w2 = {ref.n(), rest.n()};
        for (double alpha : spec.entropyAlphas()) {
            out.put("between_all_groups_generalized_entropy_index(" + fmt(alpha) + ")", Estimate.of(EntropyIndex.of(mu, w, alpha)));
        }
        out.put("between_all_groups_theil_index", Estimate.of(EntropyIndex.of(mu, w, 1)));
        out.put("between_all_groups_coefficient_of_variation",
                Estimate.of(EntropyIndex.coefficientOfVariation(EntropyIndex.of(mu, w, 2))));
        for (double alpha : spec.entropyAlphas()) {
            out.put("between_group_generalized_entropy_index(" + fmt(alpha) + ")", Estimate.of(EntropyIndex.of(mu2, w2, alpha)));
        }
        out.put("between_group_theil_index", Estimate.of(EntropyIndex.of(mu2, w2, 1)));
        out.put("between_group_coefficient_of_variation",
                Estimate.of(EntropyIndex.coefficientOfVariation(EntropyIndex.of(mu2, w2, 2))));
        return out;
    }

    private Map<String, Estimate> differentialFairness(Map<List<String>, GroupStats> groups) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        int k = groups.size();
        double[] posL = new double[k];
        double[] posP = new double[k];
        double[] n = new double[k];
        int i = 0;
        for (GroupStats g : groups.values()) {
            Confusion c = g.confusion();
            posL[i] = c.positives();
            posP[i] = c.predictedPositives();
            n[i] = c.n();
            i++;
        }
        Value data = DifferentialFairness.epsilon(posL, n, spec.concentration(), labelClasses);
        Value model = DifferentialFairness.epsilon(posP, n, spec.concentration(), labelClasses);
        out.put("smoothed_empirical_differential_fairness", Estimate.of(data));
        out.put("smoothed_empirical_differential_fairness_predictions", Estimate.of(model));
        out.put("differential_fairness_bias_amplification", Estimate.of(model.minus(data)));
        return out;
    }
}
