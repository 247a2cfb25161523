package dev.probity.privacy.audit;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.RowSelection;
import dev.probity.core.model.TaskKind;
import dev.probity.core.stats.Normal;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.Confusion;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.privacy.audit.PrivateAuditResult.Attribute;
import dev.probity.privacy.audit.PrivateAuditResult.Disparity;
import dev.probity.privacy.audit.PrivateAuditResult.Group;
import dev.probity.privacy.audit.PrivateAuditResult.Interval;
import dev.probity.privacy.audit.PrivateAuditResult.Privacy;
import dev.probity.privacy.audit.PrivateAuditResult.Rate;
import dev.probity.privacy.budget.Charge;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.DiscreteGaussianMechanism;
import dev.probity.privacy.mechanism.GeometricMechanism;
import dev.probity.privacy.mechanism.Randomness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The private fairness audit: the audit's group statistics — the confusion counts (TP, FP, TN, FN) of every
 * combination of the protected attributes' groups — are released once with integer noise, and every rate, disparity
 * and interval is computed from the noisy counts alone.
 *
 * <p><b>What is released, and its sensitivity.</b> The statistics are kept per <em>joint cell</em>: one combination
 * of a group of every protected attribute (for race and sex: African-American × Female, …), four counts each. A
 * person (one row, or one privacy unit after contribution bounding) is in exactly one cell and one of its four counts,
 * so adding or removing a person changes exactly one count by 1: the vector of all counts has L1 and L2 sensitivity 1,
 * however many attributes there are. Each count gets independent noise — discrete Laplace with scale 1/ε (pure ε-DP)
 * or, when δ > 0, the discrete Gaussian calibrated to (ε, δ) against its exact δ (since one person moves one
 * coordinate, the vector's privacy loss is the single count's). Each attribute's groups are then sums of noisy joint
 * cells (post-processing): no further privacy is spent, and the groups of one attribute have independent noise.
 * Noising each attribute's own table instead would have sensitivity k for k attributes.
 *
 * <p><b>The cells are fixed before the data are looked at</b> when the groups are declared
 * ({@link PrivateAuditSettings#withGroups}): every combination is noised, including those with no rows, so that
 * which cells exist reveals nothing. Groups not declared are taken from the data; the release then shows which groups
 * occur (a group of one person reveals that person's presence), and the result says so.
 *
 * <p><b>Intervals.</b> A rate a/(a+b) (FPR = FP/(FP+TN), say) is estimated as ã/(ã+b̃) from the noisy sums; its
 * variance is the binomial p(1−p)/n plus the noise's, propagated by the delta method:
 * ((1−p)²·Var(noise of ã) + p²·Var(noise of b̃))/n², where a sum of c noisy counts has c times one count's noise
 * variance (2e^{−1/b}/(1−e^{−1/b})² for the discrete Laplace of scale b, at most σ² for the discrete Gaussian). The
 * interval is normal (Wald) and clipped to [0, 1]. Differences to the reference group add the two groups' variances
 * (independent); ratios use the log scale. A rate whose noisy denominator is not positive is undefined (noise).
 *
 * <p>With intersections, every combination of two or more protected attributes is reported too (named as the exact
 * audit names them: "race&amp;sex", groups "African-American &amp; Female"), as sums of the same noisy joint cells:
 * post-processing, spending nothing more; a group of the full combination is one cell.
 *
 * <p>Binary tasks only, unweighted, with a prediction (not a score), without features, strata or a bootstrap: other
 * audits are refused with a message.
 */
public final class PrivateAudit {
    /** The rates of each group, in order. */
    public static final List<String> METRICS = List.of("selection_rate", "base_rate", "accuracy", "tpr", "fnr", "fpr", "precision");
    /** Most joint cells noised (four counts each). */
    static final int MAX_CELLS = 250_000;

    // indices of the four counts of a cell
    private static final int TP = 0;
    private static final int FP = 1;
    private static final int TN = 2;
    private static final int FN = 3;
    /** For each metric: the counts of its numerator, and of the rest of its denominator. */
    private static final int[][][] PARTS = {
            {{TP, FP}, {TN, FN}},   // selection_rate
            {{TP, FN}, {FP, TN}},   // base_rate
            {{TP, TN}, {FP, FN}},   // accuracy
            {{TP}, {FN}},           // tpr
            {{FN}, {TP}},           // fnr
            {{FP}, {TN}},           // fpr
            {{TP}, {FP}},           // precision
    };
    private static final String ROW_INDEX = "__probity_private_audit_row";

    private PrivateAudit() {
    }

    /** The private audit, without a budget: the caller accounts for the spending. */
    public static PrivateAuditResult run(Frame frame, AuditSpec spec, PrivateAuditSettings settings) {
        return prepare(frame, spec, settings).release();
    }

    /**
     * The private audit, paid for from {@code budget}: the exact statistics are computed (nothing is released), the
     * budget is debited (ε, δ) — or refuses, and nothing is released — and only then is the noise drawn.
     */
    public static PrivacyBudget.Released<PrivateAuditResult> run(Frame frame, AuditSpec spec, PrivateAuditSettings settings,
                                                                 PrivacyBudget budget, String who) {
        Prepared p = prepare(frame, spec, settings);
        return budget.release(p.charge(who), p::release);
    }

    /**
     * The private audit of group statistics already gathered ({@link Audit#statistics}, merged over windows, say),
     * paid for from {@code budget}: the budget is debited (ε, δ) — or refuses, and nothing is released — and only then
     * is the noise drawn. Each row the statistics counted is one person here: statistics keep no rows, so there is no
     * privacy unit to bound by ({@link PrivateAuditSettings#unit()} is refused), and a person with several rows is
     * protected only to ε times their number of rows.
     *
     * @param source how the result names what was audited
     */
    public static PrivacyBudget.Released<PrivateAuditResult> fromStatistics(StatsTable table, String source, AuditSpec spec,
                                                                            PrivateAuditSettings settings, PrivacyBudget budget, String who) {
        check(spec);
        if (settings.unit() != null) {
            throw new InputException("group statistics keep no rows, so they cannot be bounded per privacy unit ('" + settings.unit()
                    + "'): each counted row is a person here");
        }
        Prepared p = prepare(source, table, spec, settings, 0, new ArrayList<>());
        return budget.release(p.charge(who), p::release);
    }

    /**
     * The private audit of statistics gathered elsewhere from rows already bounded to one per privacy unit
     * ({@code settings.unit()}, required) — a cluster keeps one row of each unit, chosen at random, then counts — paid
     * for from {@code budget} first. The release is the one {@link #run(Frame, AuditSpec, PrivateAuditSettings,
     * PrivacyBudget, String)} makes after its own bounding: a unit changes one count; its notes say the bounding was done
     * where the rows were, and how many rows it left out ({@code dropped}, exact and not protected by the noise).
     */
    public static PrivacyBudget.Released<PrivateAuditResult> fromBoundedStatistics(StatsTable table, String source, AuditSpec spec,
                                                                                   PrivateAuditSettings settings, long dropped,
                                                                                   PrivacyBudget budget, String who) {
        Prepared p = bounded(table, source, spec, settings, dropped);
        return budget.release(p.charge(who), p::release);
    }

    /** {@link #fromBoundedStatistics(StatsTable, String, AuditSpec, PrivateAuditSettings, long, PrivacyBudget, String)} without a budget. */
    public static PrivateAuditResult fromBoundedStatistics(StatsTable table, String source, AuditSpec spec, PrivateAuditSettings settings,
                                                           long dropped) {
        return bounded(table, source, spec, settings, dropped).release();
    }

    static Prepared bounded(StatsTable table, String source, AuditSpec spec, PrivateAuditSettings settings, long dropped) {
        check(spec);
        if (settings.unit() == null) {
            throw new InputException("bounded statistics name the privacy unit they were bounded by; without one, use fromStatistics");
        }
        if (dropped < 0) {
            throw new IllegalArgumentException("rows left out cannot be negative: " + dropped);
        }
        List<String> notes = new ArrayList<>();
        notes.add("contribution bounding: one row kept per '" + settings.unit() + "' (chosen at random where the rows are); " + dropped
                + " rows left out — this number is exact and not protected by the noise");
        return prepare(source, table, spec, settings, dropped, notes);
    }

    /** Refuses what the private audit does not do, with the reason. */
    static void check(AuditSpec spec) {
        if (spec.task() != TaskKind.BINARY) {
            throw new InputException("the private audit is for binary tasks; this audit is " + spec.task().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (spec.weight() != null) {
            throw new InputException("the private audit does not take weights ('" + spec.weight() + "'): a weight is a "
                    + "person's contribution, and an unbounded one has no sensitivity; audit unweighted");
        }
        if (spec.score() != null) {
            throw new InputException("the private audit releases confusion counts, not score distributions: give a "
                    + "prediction (e.g. --prediction '" + spec.score() + " >= " + (spec.threshold() == null ? "0.5" : spec.threshold()) + "') instead of a score");
        }
        if (spec.prediction() == null) {
            throw new InputException("the private audit needs a prediction");
        }
        if (!spec.features().isEmpty()) {
            throw new InputException("the private audit does not compute consistency (features): it compares individual rows");
        }
        if (spec.strata() != null) {
            throw new InputException("the private audit does not take strata");
        }
        if (spec.bootstrap() > 0) {
            throw new InputException("the private audit's intervals are analytic (sampling and noise together); a bootstrap "
                    + "of noisy statistics is not built: leave the bootstrap off");
        }
        if (spec.protectedAttributes().isEmpty()) {
            throw new InputException("the private audit needs at least one protected attribute");
        }
    }

    static Prepared prepare(Frame frame, AuditSpec spec, PrivateAuditSettings s) {
        check(spec);
        List<String> notes = new ArrayList<>();
        long dropped = 0;
        Frame f = frame;
        if (s.unit() != null) {
            Bounded b = bound(frame, spec, s.unit(), s.randomness());
            f = b.frame;
            dropped = b.dropped;
            notes.add("contribution bounding: one row kept per '" + s.unit() + "' (chosen at random); " + dropped
                    + " rows left out — this number is exact and not protected by the noise");
        }
        return prepare(frame.source(), Audit.statistics(f, spec), spec, s, dropped, notes);
    }

    /** The cells of {@code t}, ready to be noised; {@code notes} (mutable) may already hold bounding's. */
    static Prepared prepare(String source, StatsTable t, AuditSpec spec, PrivateAuditSettings s, long dropped, List<String> notes) {
        List<String> attrs = t.attributes();
        for (String declared : s.groups().keySet()) {
            if (attrs.stream().noneMatch(a -> a.equalsIgnoreCase(declared))) {
                throw new InputException("groups are declared for '" + declared + "', which is not a protected attribute " + attrs);
            }
        }
        List<List<String>> domain = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (int j = 0; j < attrs.size(); j++) {
            List<String> declared = declaredGroups(s, attrs.get(j), spec.protectedAttributes().get(j));
            if (declared != null) {
                domain.add(declared);
            } else {
                TreeSet<String> seen = new TreeSet<>();
                for (List<String> key : t.cells().keySet()) {
                    seen.add(key.get(j));
                }
                domain.add(List.copyOf(seen));
                undeclared.add(attrs.get(j));
            }
        }
        long cells = 1;
        for (List<String> d : domain) {
            cells *= d.size();
            if (cells > MAX_CELLS) {
                throw new InputException("the protected attributes' groups make more than " + MAX_CELLS + " combinations to noise; "
                        + "audit fewer attributes at a time");
            }
        }
        int[] radix = new int[attrs.size()];
        List<Map<String, Integer>> index = new ArrayList<>();
        for (List<String> d : domain) {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (int i = 0; i < d.size(); i++) {
                m.put(d.get(i), i);
            }
            index.add(m);
        }
        for (int j = 0; j < radix.length; j++) {
            radix[j] = domain.get(j).size();
        }
        long[] counts = new long[(int) cells * 4];
        for (Map.Entry<List<String>, GroupStats> e : t.cells().entrySet()) {
            int c = 0;
            boolean in = true;
            for (int j = 0; j < radix.length; j++) {
                Integer v = index.get(j).get(e.getKey().get(j));
                if (v == null) {
                    in = false;
                    break;
                }
                c = c * radix[j] + v;
            }
            if (!in) {
                continue;
            }
            Confusion k = e.getValue().counts();
            counts[c * 4 + TP] = (long) k.tp();
            counts[c * 4 + FP] = (long) k.fp();
            counts[c * 4 + TN] = (long) k.tn();
            counts[c * 4 + FN] = (long) k.fn();
        }
        if (!s.groups().isEmpty()) {
            notes.add("rows in no declared group are left out" + " (how many is not released)");
        }
        List<String> references = new ArrayList<>();
        Map<String, String> refs = spec.references();
        for (int j = 0; j < attrs.size(); j++) {
            String r = refs.containsKey(attrs.get(j)) ? refs.get(attrs.get(j)) : refs.get(spec.protectedAttributes().get(j));
            if (r != null && !index.get(j).containsKey(r)) {
                throw new InputException("the reference group '" + r + "' of '" + attrs.get(j) + "' is not one of its groups "
                        + domain.get(j));
            }
            references.add(r);
        }
        if (!undeclared.isEmpty()) {
            notes.add("the groups of " + undeclared + " were taken from the data, so the release shows which groups occur "
                    + "(not protected); declare them in advance for a release that protects that too");
        }
        Prepared prepared = new Prepared(source, spec, s, attrs, domain, radix, counts, references, dropped, notes);
        if (spec.intersections()) { // a wrong intersection reference is refused now, before any budget is debited
            for (int mask = 1; mask < (1 << attrs.size()); mask++) {
                if (Integer.bitCount(mask) >= 2) {
                    List<Integer> members = new ArrayList<>();
                    for (int j = 0; j < attrs.size(); j++) {
                        if ((mask & (1 << j)) != 0) {
                            members.add(j);
                        }
                    }
                    prepared.intersectionReference(String.join("&", members.stream().map(attrs::get).toList()), members);
                }
            }
        }
        return prepared;
    }

    private static List<String> declaredGroups(PrivateAuditSettings s, String resolved, String asGiven) {
        for (Map.Entry<String, List<String>> e : s.groups().entrySet()) {
            if (e.getKey().equals(resolved) || e.getKey().equals(asGiven) || e.getKey().equalsIgnoreCase(resolved)) {
                return e.getValue();
            }
        }
        return null;
    }

    private record Bounded(Frame frame, long dropped) {
    }

    /**
     * Keeps one row of each unit, chosen uniformly at random among its rows that pass the audit's filter; units are
     * chosen independently, so that adding or removing a unit changes the kept rows by at most one.
     */
    private static Bounded bound(Frame frame, AuditSpec spec, String unitName, Randomness randomness) {
        Column unit = frame.column(unitName);
        if (unit.missing().any()) {
            throw new InputException("the privacy unit '" + unit.name() + "' is missing on " + frame.origin().describe(unit.missing().next(0))
                    + " (" + unit.missing().count() + " rows in all): every row must name its unit");
        }
        if (frame.has(ROW_INDEX)) {
            throw new InputException(frame.source() + " has a column '" + ROW_INDEX + "'");
        }
        int n = frame.rowCount();
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        // the audit's filter first, so that a unit's kept row is one the audit reads
        Frame filtered = new RowSelection(spec.derived(), spec.where()).apply(frame.withColumn(LongColumn.of(ROW_INDEX, idx)));
        long[] passing = ((LongColumn) filtered.column(ROW_INDEX)).values();
        Grouping g = filtered.groupBy(List.of(filtered.resolve(unit.name())));
        int units = g.groupCount();
        int[] rowGroup = g.rowGroups();
        int[] size = new int[units];
        for (int r : rowGroup) {
            size[r]++;
        }
        int[] chosen = new int[units];
        for (int u = 0; u < units; u++) {
            chosen[u] = (int) randomness.uniform(size[u]);
        }
        int[] seen = new int[units];
        int[] keep = new int[units];
        for (int i = 0; i < rowGroup.length; i++) {
            int u = rowGroup[i];
            if (seen[u]++ == chosen[u]) {
                keep[u] = (int) passing[i];
            }
        }
        java.util.Arrays.sort(keep);
        return new Bounded(frame.select(keep), passing.length - units);
    }

    /** The exact statistics, ready to be noised: nothing here has been released. */
    static final class Prepared {
        final String source;
        final AuditSpec spec;
        final PrivateAuditSettings settings;
        final List<String> attributes;
        final List<List<String>> domain;
        final int[] radix;
        final long[] counts;
        final List<String> references;
        final long dropped;
        final List<String> notes;
        final String mechanism;
        final double noiseScale;
        final double noiseVariance;
        final double rho;
        final GeometricMechanism laplace;
        final DiscreteGaussianMechanism gaussian;

        Prepared(String source, AuditSpec spec, PrivateAuditSettings settings, List<String> attributes, List<List<String>> domain,
                 int[] radix, long[] counts, List<String> references, long dropped, List<String> notes) {
            this.source = source;
            this.spec = spec;
            this.settings = settings;
            this.attributes = attributes;
            this.domain = domain;
            this.radix = radix;
            this.counts = counts;
            this.references = references;
            this.dropped = dropped;
            this.notes = notes;
            if (settings.delta() == 0) {
                laplace = GeometricMechanism.of(settings.epsilon(), 1);
                gaussian = null;
                mechanism = "geometric (discrete Laplace)";
                noiseScale = laplace.scale().doubleValue();
                double q = Math.exp(-1 / noiseScale);
                noiseVariance = 2 * q / ((1 - q) * (1 - q));
                rho = laplace.guarantee().rho();
            } else {
                laplace = null;
                gaussian = DiscreteGaussianMechanism.of(settings.epsilon(), settings.delta(), 1);
                mechanism = "discrete Gaussian";
                noiseScale = gaussian.sigma();
                noiseVariance = gaussian.sigmaSquared().doubleValue();
                rho = gaussian.guarantee().rho();
            }
        }

        /** The name of group {@code v} of the combination of {@code members}: their values joined with " &amp; ". */
        String groupName(List<Integer> members, int v) {
            String[] parts = new String[members.size()];
            for (int i = members.size() - 1; i >= 0; i--) {
                int j = members.get(i);
                parts[i] = domain.get(j).get(v % radix[j]);
                v /= radix[j];
            }
            return String.join(" & ", parts);
        }

        /** An intersection's reference as given ("Caucasian &amp; Male" under "race&amp;sex"), or null for the largest. */
        String intersectionReference(String name, List<Integer> members) {
            String given = spec.references().get(name);
            if (given == null) {
                return null;
            }
            String[] parts = given.split("\\s*&\\s*");
            if (parts.length != members.size()) {
                throw new InputException("the reference group '" + given + "' of " + name + " names " + parts.length + " values; it needs "
                        + members.size() + ", joined with &");
            }
            for (int i = 0; i < parts.length; i++) {
                if (!domain.get(members.get(i)).contains(parts[i])) {
                    throw new InputException("the reference group '" + given + "' of " + name + ": '" + parts[i] + "' is not a group of "
                            + attributes.get(members.get(i)) + " " + domain.get(members.get(i)));
                }
            }
            return String.join(" & ", parts);
        }

        int cells() {
            return counts.length / 4;
        }

        Charge charge(String who) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("sensitivity", "1");
            p.put("noise scale", Double.toString(noiseScale));
            p.put("counts", Integer.toString(counts.length));
            p.put("attributes", String.join(",", attributes));
            if (settings.unit() != null) {
                p.put("unit", settings.unit());
            }
            return Charge.of(who, "private fairness audit of " + source + ": confusion counts of " + cells()
                            + " cells of " + attributes, mechanism, p, settings.epsilon(), settings.delta());
        }

        /** Draws the noise and derives everything from the noisy counts. */
        PrivateAuditResult release() {
            Randomness r = settings.randomness();
            long[] noisy = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                noisy[i] = laplace != null ? laplace.release(counts[i], r).value() : gaussian.release(counts[i], r).value();
            }
            double z = Normal.quantile(1 - (1 - spec.confidence()) / 2);
            List<Attribute> out = new ArrayList<>();
            int cells = cells();
            int m = attributes.size();
            int[] stride = new int[m];
            for (int j = m - 1, st = 1; j >= 0; st *= radix[j], j--) {
                stride[j] = st;
            }
            // each attribute alone, then (with intersections) every combination of two or more, as the exact audit
            List<Integer> masks = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                masks.add(1 << j);
            }
            if (spec.intersections()) {
                for (int mask = 1; mask < (1 << m); mask++) {
                    if (Integer.bitCount(mask) >= 2) {
                        masks.add(mask);
                    }
                }
            }
            for (int mask : masks) {
                List<Integer> members = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    if ((mask & (1 << j)) != 0) {
                        members.add(j);
                    }
                }
                int k = 1;
                for (int j : members) {
                    k *= radix[j];
                }
                long[][] sums = new long[k][4];
                for (int c = 0; c < cells; c++) {
                    int v = 0;
                    for (int j : members) {
                        v = v * radix[j] + (c / stride[j]) % radix[j];
                    }
                    for (int q = 0; q < 4; q++) {
                        sums[v][q] += noisy[c * 4 + q];
                    }
                }
                int summed = cells / k;
                List<Group> groups = new ArrayList<>();
                for (int v = 0; v < k; v++) {
                    Map<String, Rate> rates = new LinkedHashMap<>();
                    for (int mi = 0; mi < METRICS.size(); mi++) {
                        rates.put(METRICS.get(mi), rate(sums[v], PARTS[mi], summed * noiseVariance, z));
                    }
                    groups.add(new Group(groupName(members, v), sums[v][TP], sums[v][FP], sums[v][TN], sums[v][FN], summed, rates));
                }
                String name = members.size() == 1 ? attributes.get(members.get(0))
                        : String.join("&", members.stream().map(attributes::get).toList());
                String ref = members.size() == 1 ? references.get(members.get(0)) : intersectionReference(name, members);
                if (ref == null) {
                    Group largest = groups.get(0);
                    for (Group g : groups) {
                        if (g.rows() > largest.rows()) {
                            largest = g;
                        }
                    }
                    ref = largest.name();
                }
                Group reference = null;
                for (Group g : groups) {
                    if (g.name().equals(ref)) {
                        reference = g;
                    }
                }
                List<Disparity> disparities = new ArrayList<>();
                for (Group g : groups) {
                    if (g == reference) {
                        continue;
                    }
                    for (String metric : METRICS) {
                        disparities.add(disparity(g, reference, metric, z));
                    }
                }
                out.add(new Attribute(name, ref, groups, disparities));
            }
            Privacy privacy = new Privacy(mechanism, settings.epsilon(), settings.delta(), rho, noiseScale, noiseVariance, cells,
                    counts.length, settings.unit(), dropped, r.isPrivate());
            List<String> n = new ArrayList<>();
            n.add((r.isPrivate() ? "private: " + privacy.guarantee() : dev.probity.privacy.mechanism.Release.NOT_PRIVATE)
                    + " — the " + counts.length + " confusion counts of " + cells + " combinations of " + attributes
                    + " were released with " + mechanism + " noise of scale " + fmt(noiseScale) + " each (sensitivity 1: a "
                    + (settings.unit() == null ? "row" : "'" + settings.unit() + "'") + " is in one count); every rate, "
                    + "disparity and interval is computed from the noisy counts");
            n.add("intervals (" + Math.round(spec.confidence() * 1000) / 10.0 + " %) account for sampling and noise together "
                    + "(normal, delta method); a rate whose noisy denominator is not positive is undefined (noise)");
            n.addAll(notes);
            for (Attribute a : out) {
                List<String> small = new ArrayList<>();
                for (Group g : a.groups()) {
                    if (g.rows() < spec.minGroupSize()) {
                        small.add("'" + g.name() + "' (about " + Math.max(0, g.rows()) + ")");
                    }
                }
                if (small.size() == 1) {
                    n.add(small.get(0) + " of " + a.name() + " has fewer than " + spec.minGroupSize() + " rows by the noisy counts: its "
                            + "rates are rough, or undefined");
                } else if (!small.isEmpty()) {
                    n.add(small.size() + " groups of " + a.name() + " have fewer than " + spec.minGroupSize() + " rows by the noisy counts, "
                            + "so their rates are rough, or undefined: " + String.join(", ", small));
                }
            }
            if (spec.references().isEmpty() || references.stream().anyMatch(x -> x == null)) {
                n.add("a reference group not given is the group with the most rows by the noisy counts");
            }
            return new PrivateAuditResult(source, out, privacy, spec.confidence(), n);
        }
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.4g", x);
    }

    /** A rate a/(a+b) of noisy sums, with sampling and noise variance; {@code v} is the noise variance of one summed count. */
    static Rate rate(long[] sums, int[][] parts, double v, double z) {
        long a = 0;
        long b = 0;
        for (int q : parts[0]) {
            a += sums[q];
        }
        for (int q : parts[1]) {
            b += sums[q];
        }
        double n = (double) a + b;
        if (!(n > 0)) {
            return Rate.undefined("undefined (noise): the noisy denominator is " + (long) n);
        }
        double raw = a / n;
        double p = Math.min(1, Math.max(0, raw));
        double sampling = p * (1 - p) / n;
        double noise = ((1 - p) * (1 - p) * parts[0].length * v + p * p * parts[1].length * v) / (n * n);
        double se = Math.sqrt(sampling + noise);
        return new Rate(p, clamp(raw - z * se), clamp(raw + z * se), se, sampling, noise, null);
    }

    private static double clamp(double x) {
        return Math.min(1, Math.max(0, x));
    }

    static Disparity disparity(Group g, Group ref, String metric, double z) {
        Rate a = g.metric(metric);
        Rate b = ref.metric(metric);
        if (!a.defined() || !b.defined()) {
            String why = !a.defined() ? "'" + g.name() + "': " + a.undefined() : "'" + ref.name() + "': " + b.undefined();
            return new Disparity(g.name(), ref.name(), metric, Interval.undefined(why), Interval.undefined(why));
        }
        double d = a.value() - b.value();
        double sd = Math.hypot(a.standardError(), b.standardError());
        Interval diff = new Interval(d, Math.max(-1, d - z * sd), Math.min(1, d + z * sd), null);
        Interval ratio;
        if (a.value() > 0 && b.value() > 0) {
            double lr = Math.log(a.value() / b.value());
            double se = Math.sqrt(Math.pow(a.standardError() / a.value(), 2) + Math.pow(b.standardError() / b.value(), 2));
            ratio = new Interval(Math.exp(lr), Math.exp(lr - z * se), Math.exp(lr + z * se), null);
        } else {
            ratio = Interval.undefined("undefined: a rate of 0 (" + (a.value() > 0 ? ref.name() : g.name()) + ")");
        }
        return new Disparity(g.name(), ref.name(), metric, diff, ratio);
    }
}
