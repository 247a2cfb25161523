package dev.probity.fairness.data;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.data.DataAudit.Coded;
import dev.probity.fairness.data.DataAuditResult.GroupShare;
import dev.probity.fairness.data.DataAuditResult.Representation;
import dev.probity.core.stats.MultipleTesting;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.inference.BinomialTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Each group's share of the rows against the reference population, and a goodness-of-fit test. */
final class Representations {
    /** Ratios within this of a threshold are on it: 32 rows of 200 against 20% is a ratio of 0.8, not 0.7999999999999999. */
    static final double EPSILON = 1e-9;

    private Representations() {
    }

    static Representation of(Coded g, DataAuditSpec spec, Consumer<String> warnings) {
        long n = g.rows();
        double level = spec.confidence();
        Map<String, Double> pop = population(spec.population(), g);
        if (pop == null) {
            List<GroupShare> groups = new ArrayList<>();
            for (int k = 0; k < g.count(); k++) {
                long rows = g.sizes()[k];
                groups.add(new GroupShare(g.names()[k], rows, (double) rows / n, Interval.wilson(rows, n, level), null, null,
                        "no-population", false, rows < spec.minGroupSize()));
            }
            return new Representation(g.attribute(), groups, null, null, null,
                    spec.population() == null ? "no reference population was given" : "the reference population does not give '" + g.attribute() + "'",
                    List.of());
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int k = 0; k < g.count(); k++) {
            index.put(g.names()[k], k);
        }
        // rows in groups the population names: the base of the comparison
        long covered = 0;
        List<String> outside = new ArrayList<>();
        for (int k = 0; k < g.count(); k++) {
            if (pop.containsKey(g.names()[k])) {
                covered += g.sizes()[k];
            } else {
                outside.add(g.names()[k]);
            }
        }
        List<GroupShare> groups = new ArrayList<>();
        for (int k = 0; k < g.count(); k++) {
            String name = g.names()[k];
            long rows = g.sizes()[k];
            double share = (double) rows / n;
            Interval iv = Interval.wilson(rows, n, level);
            Double p = pop.get(name);
            if (p == null) {
                groups.add(new GroupShare(name, rows, share, iv, null, null, "not-in-population", false, rows < spec.minGroupSize()));
                continue;
            }
            groups.add(compare(name, rows, share, iv, covered, p, spec));
        }
        for (Map.Entry<String, Double> e : pop.entrySet()) {
            if (!index.containsKey(e.getKey())) {
                double p = e.getValue();
                groups.add(compare(e.getKey(), 0, 0, Interval.wilson(0, n, level), covered, p, spec));
            }
        }
        groups = withSignificance(groups, covered, spec);
        // Pearson's chi-square goodness of fit over the groups the population names (absent ones count 0)
        double chi = 0;
        int cells = 0;
        int smallExpected = 0;
        int impossible = 0;
        for (Map.Entry<String, Double> e : pop.entrySet()) {
            Integer k = index.get(e.getKey());
            long obs = k == null ? 0 : g.sizes()[k];
            double exp = covered * e.getValue();
            if (exp == 0) {
                if (obs > 0) {
                    impossible++;
                }
                continue;
            }
            cells++;
            if (exp < 5) {
                smallExpected++;
            }
            chi += (obs - exp) * (obs - exp) / exp;
        }
        List<String> notes = new ArrayList<>();
        Double stat = null;
        Integer df = null;
        Double pValue = null;
        if (covered == 0) {
            notes.add("no row is in a group the population names");
        } else if (cells < 2) {
            notes.add("fewer than two groups with a population share above 0: nothing to test");
        } else if (impossible > 0) {
            notes.add(impossible + " group(s) with a population share of 0 have rows: the data cannot come from this population");
            stat = Double.POSITIVE_INFINITY;
        } else {
            stat = chi;
            df = cells - 1;
            pValue = ChiSquaredDistribution.of(df).survivalProbability(chi);
        }
        if (stat != null && stat.isInfinite()) {
            stat = null;
            pValue = 0.0;
            df = cells - 1;
        }
        if (smallExpected > 0) {
            notes.add(smallExpected + " group(s) expected fewer than 5 rows: the p-value is approximate");
        }
        if (!outside.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%d row(s) in group(s) the population does not name (%s) are left out of the comparison",
                    n - covered, String.join(", ", outside)));
            warnings.accept("the reference population does not name " + outside.size() + " group(s) of '" + g.attribute() + "' ("
                    + String.join(", ", outside.subList(0, Math.min(5, outside.size()))) + (outside.size() > 5 ? ", …" : "")
                    + "); their rows are left out of the comparison");
        }
        List<String> sources = spec.population().sources().getOrDefault(g.attribute(), List.of());
        if (sources.isEmpty()) {
            for (Map.Entry<String, List<String>> e : spec.population().sources().entrySet()) {
                List<String> parts = List.of(e.getKey().split("&"));
                if (parts.size() == g.columns().size() && parts.containsAll(g.columns())) {
                    sources = e.getValue();
                }
            }
        }
        return new Representation(g.attribute(), groups, stat, df, pValue, notes.isEmpty() ? null : String.join("; ", notes), sources);
    }

    private static GroupShare compare(String name, long rows, double share, Interval iv, long covered, double p, DataAuditSpec spec) {
        double within = covered == 0 ? 0 : (double) rows / covered;
        Double ratio = p == 0 ? null : within / p;
        String status;
        if (rows == 0 && p > 0) {
            status = "absent";
        } else if (ratio == null) {
            status = "over";
        } else if (ratio < spec.tolerance() - EPSILON) {
            status = "under";
        } else if (ratio > 1 / spec.tolerance() + EPSILON) {
            status = "over";
        } else {
            status = "within";
        }
        return new GroupShare(name, rows, share, iv, p, ratio, status, false, rows < spec.minGroupSize());
    }

    /**
     * Marks the groups whose count differs from their population share beyond chance: the exact two-sided binomial test
     * of the count among the rows the population covers, Holm-adjusted over the attribute's groups (with many groups,
     * some intervals exclude the population share by chance alone).
     */
    private static List<GroupShare> withSignificance(List<GroupShare> groups, long covered, DataAuditSpec spec) {
        List<Integer> tested = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            GroupShare g = groups.get(i);
            if (g.populationShare() == null || covered == 0 || covered > Integer.MAX_VALUE) {
                continue;
            }
            double share = Math.min(1, Math.max(0, g.populationShare()));
            double pv = BinomialTest.withDefaults().test((int) covered, (int) g.rows(), share).getPValue();
            tested.add(i);
            p.add(pv);
        }
        double[] adjusted = MultipleTesting.adjust(p.stream().mapToDouble(Double::doubleValue).toArray(), MultipleTesting.Method.HOLM);
        List<GroupShare> out = new ArrayList<>(groups);
        double alpha = 1 - spec.confidence();
        for (int j = 0; j < tested.size(); j++) {
            GroupShare g = groups.get(tested.get(j));
            out.set(tested.get(j), new GroupShare(g.group(), g.rows(), g.share(), g.interval(), g.populationShare(), g.ratio(), g.status(),
                    adjusted[j] < alpha, g.small()));
        }
        return out;
    }

    /**
     * The population's shares for a grouping, keyed by the audit's group names; null when it has none. An intersection
     * matches whatever order the population names its parts in ({@code race&sex} for the grouping {@code sex&race}).
     */
    private static Map<String, Double> population(Population pop, Coded g) {
        if (pop == null) {
            return null;
        }
        Map<String, Double> exact = pop.of(g.attribute());
        if (exact != null || g.columns().size() < 2) {
            return exact;
        }
        List<String> mine = g.columns();
        for (String key : pop.shares().keySet()) {
            List<String> parts = List.of(key.split("&"));
            if (parts.size() != mine.size() || !parts.containsAll(mine) || !mine.containsAll(parts)) {
                continue;
            }
            // reorder each group's parts into the grouping's order
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : pop.of(key).entrySet()) {
                String[] values = e.getKey().split(" & ", -1);
                if (values.length != parts.size()) {
                    continue;
                }
                String[] reordered = new String[mine.size()];
                for (int j = 0; j < mine.size(); j++) {
                    reordered[j] = values[parts.indexOf(mine.get(j))];
                }
                out.put(String.join(" & ", reordered), e.getValue());
            }
            return out;
        }
        return null;
    }

    /** The population's attributes that no grouping of the report uses (a typo, a different case, an intersection not asked for). */
    static List<String> unused(Population pop, List<Coded> groupings) {
        List<String> out = new ArrayList<>();
        for (String key : pop.shares().keySet()) {
            List<String> parts = List.of(key.split("&"));
            boolean used = groupings.stream().anyMatch(c -> c.columns().size() == parts.size() && c.columns().containsAll(parts));
            if (!used) {
                out.add(key);
            }
        }
        return out;
    }
}
