package dev.probity.ledger.registry;

import dev.probity.core.InputException;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.core.stats.TwoByTwo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fairness of the humans in the loop: for each group of one attribute, how many of a deployed model's decisions a
 * person overrode, how many were appealed and how many appeals were overturned, each rate with a Wilson interval, and
 * whether a group's rate differs from the rest of the cases (a 2×2 test — Fisher's exact test when an expected count is
 * under 5, else the G-test of independence — Holm-adjusted over the groups). Groups come from the decisions' {@code groups}
 * field. A case counts once however many times it was overridden or appealed.
 *
 * @param attribute the attribute
 * @param decisions decisions with a group for it
 * @param missing   decisions without one
 * @param level     confidence level of the intervals
 * @param rows      one per group, largest first
 */
public record Oversight(String model, String attribute, int decisions, int missing, double level, List<Row> rows) {

    /** A rate, its interval and its Holm-adjusted p-value against the other groups (NaN when no test is possible). */
    public record Rate(int count, double rate, Interval interval, double pValue, String test) {
    }

    public record Row(String group, int decisions, Rate overridden, Rate appealed, Rate overturned) {
    }

    public static Oversight of(ModelState m, String attribute, double level) {
        if (!(level > 0 && level < 1)) {
            throw new InputException("a confidence level is between 0 and 1; got " + level);
        }
        Set<String> overridden = cases(m.overrides(), null);
        Set<String> appealed = cases(m.appeals(), null);
        Set<String> overturned = cases(m.appeals(), "overturned");
        Map<String, int[]> counts = new LinkedHashMap<>(); // decisions, overridden, appealed, overturned
        Set<String> seen = new HashSet<>();
        int missing = 0;
        int total = 0;
        for (Event d : m.decisions()) {
            String c = d.text("case");
            if (!seen.add(c)) {
                continue; // a case decided twice counts once (the first decision)
            }
            Object g = d.object("groups").get(attribute);
            if (g == null) {
                missing++;
                continue;
            }
            total++;
            int[] k = counts.computeIfAbsent(String.valueOf(g), x -> new int[4]);
            k[0]++;
            k[1] += overridden.contains(c) ? 1 : 0;
            k[2] += appealed.contains(c) ? 1 : 0;
            k[3] += overturned.contains(c) ? 1 : 0;
        }
        if (total == 0) {
            throw new InputException("no decision recorded for " + m.key() + " names a group for '" + InputException.shown(attribute)
                    + "'" + (m.decisions().isEmpty() ? " (no decisions are recorded)" : "; record decisions with groups, e.g. groups: {"
                    + attribute + ": …}"));
        }
        List<String> groups = new ArrayList<>(counts.keySet());
        groups.sort((a, b) -> Integer.compare(counts.get(b)[0], counts.get(a)[0]));
        int[] all = new int[4];
        counts.values().forEach(k -> {
            for (int i = 0; i < 4; i++) {
                all[i] += k[i];
            }
        });
        Rate[][] rates = new Rate[groups.size()][3];
        for (int j = 0; j < 3; j++) {
            double[] p = new double[groups.size()];
            String[] test = new String[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                int[] k = counts.get(groups.get(i));
                int n = j == 2 ? k[2] : k[0];
                int x = k[j + 1];
                int nRest = (j == 2 ? all[2] : all[0]) - n;
                int xRest = all[j + 1] - x;
                TwoByTwo.Result r = TwoByTwo.test(x, n - x, xRest, nRest - xRest);
                p[i] = r == null ? Double.NaN : r.pValue();
                test[i] = r == null ? "none (no other cases)" : r.test();
            }
            double[] adj = holm(p);
            for (int i = 0; i < groups.size(); i++) {
                int[] k = counts.get(groups.get(i));
                int n = j == 2 ? k[2] : k[0];
                int x = k[j + 1];
                rates[i][j] = new Rate(x, n == 0 ? Double.NaN : (double) x / n, n == 0 ? null : Interval.wilson(x, n, level), adj[i], test[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            rows.add(new Row(groups.get(i), counts.get(groups.get(i))[0], rates[i][0], rates[i][1], rates[i][2]));
        }
        return new Oversight(m.key(), attribute, total, missing, level, List.copyOf(rows));
    }

    private static double[] holm(double[] p) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                idx.add(i);
            }
        }
        double[] sub = new double[idx.size()];
        for (int i = 0; i < sub.length; i++) {
            sub[i] = p[idx.get(i)];
        }
        double[] adj = MultipleTesting.adjust(sub, MultipleTesting.Method.HOLM);
        double[] out = p.clone();
        for (int i = 0; i < sub.length; i++) {
            out[idx.get(i)] = adj[i];
        }
        return out;
    }

    private static Set<String> cases(List<Event> events, String result) {
        Set<String> s = new HashSet<>();
        for (Event e : events) {
            if (result == null || result.equals(e.text("result"))) {
                s.add(e.text("case"));
            }
        }
        return s;
    }
}
