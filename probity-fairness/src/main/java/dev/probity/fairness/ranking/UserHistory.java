package dev.probity.fairness.ranking;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each user has consumed before (Steck, "Calibrated Recommendations", RecSys 2018): for each user, the weight of
 * each group (genre, category) among the items in their history. A list is calibrated when its groups come in the
 * proportions of its user's history; the query id of a list is its user.
 *
 * @param users user → group → weight (summing to 1)
 */
public record UserHistory(String source, Map<String, Map<String, Double>> users) {
    /** Steck's smoothing of the list's distribution towards the history's. */
    public static final double ALPHA = 0.01;

    public UserHistory {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        users.forEach((u, m) -> copy.put(u, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        users = Collections.unmodifiableMap(copy);
    }

    /** From a table with one row per consumed item: its user, its group and optionally a weight (recency, rating). */
    public static UserHistory of(Frame frame, String user, String group, String weight) {
        for (String c : new String[] {user, group, weight}) {
            if (c != null && !frame.has(c)) {
                throw new InputException("the history column '" + InputException.shown(c) + "': " + frame.unknownColumnMessage(c));
            }
        }
        Column u = frame.column(user);
        Column g = frame.column(group);
        double[] w = null;
        if (weight != null) {
            Column wc = frame.column(weight);
            if (!Numbers.isNumeric(wc)) {
                throw new InputException("the history weight column '" + weight + "' must hold numbers");
            }
            w = Numbers.finite(frame, wc, "history weight");
        }
        Map<String, Map<String, Double>> raw = new LinkedHashMap<>();
        for (int i = 0; i < frame.rowCount(); i++) {
            if (u.isMissing(i) || g.isMissing(i)) {
                throw new InputException("the history has no user or group on " + frame.origin().describe(i));
            }
            double x = w == null ? 1 : w[i];
            if (!(x >= 0)) {
                throw new InputException("a history weight must be at least 0; it is " + x + " on " + frame.origin().describe(i));
            }
            raw.computeIfAbsent(u.format(i), k -> new LinkedHashMap<>()).merge(g.format(i), x, Double::sum);
        }
        Map<String, Map<String, Double>> norm = new LinkedHashMap<>();
        raw.forEach((k, m) -> {
            double s = m.values().stream().mapToDouble(Double::doubleValue).sum();
            if (s > 0) {
                Map<String, Double> n = new LinkedHashMap<>();
                m.forEach((gg, v) -> n.put(gg, v / s));
                norm.put(k, n);
            }
        });
        return new UserHistory(frame.source(), norm);
    }

    /**
     * Steck's miscalibration C_KL(p, q) = Σ_g p(g) ln(p(g) / q̃(g)) with q̃ = (1 − α) q + α p, α = 0.01: p the user's
     * history, q the list's groups (each item weighing the same). 0 for a list in the history's proportions.
     */
    public static double miscalibration(Map<String, Double> p, Map<String, Double> q, double alpha) {
        double kl = 0;
        for (Map.Entry<String, Double> e : p.entrySet()) {
            double pg = e.getValue();
            if (pg <= 0) {
                continue;
            }
            double qg = (1 - alpha) * q.getOrDefault(e.getKey(), 0.0) + alpha * pg;
            kl += pg * Math.log(pg / qg);
        }
        return kl;
    }
}
