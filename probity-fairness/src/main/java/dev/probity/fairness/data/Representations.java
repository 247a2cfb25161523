package dev.probity.fairness.data;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.data.DataAudit.Coded;
import dev.probity.fairness.data.DataAuditResult.GroupShare;
import dev.probity.fairness.data.DataAuditResult.Representation;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Each group's share of the rows against the reference population, and a goodness-of-fit test. */
final class Representations {
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
        return new Representation(g.attribute(), groups, stat, df, pValue, notes.isEmpty() ? null : String.join("; ", notes), sources);
    }

    private static GroupShare compare(String name, long rows, double share, Interval iv, long covered, double p, DataAuditSpec spec) {
        double within = covered == 0 ? 0 : (double) rows / covered;
        Interval ivc = Interval.wilson(rows, covered, spec.confidence());
        Double ratio = p == 0 ? null : within / p;
        String status;
        if (rows == 0 && p > 0) {
            status = "absent";
        } else if (ratio == null) {
            status = "over";
        } else if (ratio < spec.tolerance()) {
            status = "under";
        } else if (ratio > 1 / spec.tolerance()) {
            status = "over";
        } else {
            status = "within";
        }
        boolean significant = ivc != null && !ivc.contains(p);
        return new GroupShare(name, rows, share, iv, p, ratio, status, significant, rows < spec.minGroupSize());
    }

    /** The population's shares for a grouping, keyed by the audit's group names; null when it has none. */
    private static Map<String, Double> population(Population pop, Coded g) {
        return pop == null ? null : pop.of(g.attribute());
    }
}
