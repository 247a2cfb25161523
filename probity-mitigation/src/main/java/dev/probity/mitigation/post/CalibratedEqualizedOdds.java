package dev.probity.mitigation.post;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;

import java.util.Locale;

/**
 * Calibrated equalized odds (Pleiss, Raghavan, Wu, Kleinberg & Weinberger, "On Fairness and Calibration",
 * NeurIPS 2017; AIF360's {@code CalibratedEqOddsPostprocessing}): keeps scores calibrated and equalizes
 * one generalized error rate — the generalized false-negative rate E[1 − s | y = 1], the generalized
 * false-positive rate E[s | y = 0], or a weighted sum — by withholding information: each group whose cost
 * is below the highest has, with probability α_g, its score replaced by the group's base rate μ_g,
 * where α_g = (max cost − cost_g) / (trivial cost_g − cost_g) and the trivial cost is that of the constant
 * score μ_g (α is capped at 1 when even the trivial score's cost is below the highest, where the paper's
 * feasibility condition fails and equality cannot be reached). With two groups this is the paper's Algorithm 1; with more, every group is raised to the
 * highest cost. Decisions threshold the (mixed) score at 0.5; the mixing draws are seeded. The fnr and fpr
 * costs are the paper's generalized rates themselves; AIF360 multiplies them by the base rate (μ or 1 − μ),
 * which equalizes a different quantity. The weighted cost is AIF360's.
 */
public final class CalibratedEqualizedOdds {
    public enum Cost { FALSE_NEGATIVE_RATE, FALSE_POSITIVE_RATE, WEIGHTED }

    private final Cost cost;
    private final double fnWeight;

    public CalibratedEqualizedOdds(Cost cost, double fnWeight) {
        if (!(fnWeight >= 0 && fnWeight <= 1)) {
            throw new InputException("the false-negative weight must be in [0, 1], got " + fnWeight);
        }
        this.cost = cost;
        this.fnWeight = cost == Cost.FALSE_NEGATIVE_RATE ? 1 : cost == Cost.FALSE_POSITIVE_RATE ? 0 : fnWeight;
    }

    public static Cost parseCost(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fnr", "false-negative-rate" -> Cost.FALSE_NEGATIVE_RATE;
            case "fpr", "false-positive-rate" -> Cost.FALSE_POSITIVE_RATE;
            case "weighted" -> Cost.WEIGHTED;
            default -> throw new InputException("cost must be fnr, fpr or weighted, got '" + s + "'");
        };
    }

    /** Per group: base rate μ_g and mixing probability α_g. */
    public record Fitted(Groups groups, double[] baseRate, double[] mixRate, double[] costBefore, double costAfter) {
        /** P(ŷ=1) of each row: α_g·1[μ_g ≥ ½] + (1 − α_g)·1[s ≥ ½]. */
        public double[] probabilities(double[] score, Groups rows) {
            double[] p = new double[score.length];
            for (int i = 0; i < p.length; i++) {
                int g = rows.of()[i];
                p[i] = mixRate[g] * (baseRate[g] >= 0.5 ? 1 : 0) + (1 - mixRate[g]) * (score[i] >= 0.5 ? 1 : 0);
            }
            return p;
        }
    }

    public Fitted fit(double[] score, int[] y, Groups groups) {
        int g = groups.count();
        double[] n = new double[g];
        double[] pos = new double[g];
        double[] sumPosComplement = new double[g];
        double[] sumNegScore = new double[g];
        for (int i = 0; i < y.length; i++) {
            int k = groups.of()[i];
            if (score[i] < 0 || score[i] > 1 || Double.isNaN(score[i])) {
                throw new InputException("calibrated equalized odds needs probabilities in [0, 1]; row " + (i + 1) + " has " + score[i]);
            }
            n[k]++;
            if (y[i] == 1) {
                pos[k]++;
                sumPosComplement[k] += 1 - score[i];
            } else {
                sumNegScore[k] += score[i];
            }
        }
        double[] mu = new double[g];
        double[] c = new double[g];
        double[] trivial = new double[g];
        for (int k = 0; k < g; k++) {
            double neg = n[k] - pos[k];
            if (pos[k] == 0 || neg == 0) {
                throw new InputException("group '" + groups.names().get(k) + "' needs both positive and negative labels");
            }
            mu[k] = pos[k] / n[k];
            double gfnr = sumPosComplement[k] / pos[k];
            double gfpr = sumNegScore[k] / neg;
            c[k] = weighted(gfnr, gfpr, mu[k]);
            trivial[k] = weighted(1 - mu[k], mu[k], mu[k]);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : c) {
            max = Math.max(max, v);
        }
        double[] alpha = new double[g];
        for (int k = 0; k < g; k++) {
            double room = trivial[k] - c[k];
            alpha[k] = room > 0 ? Math.min(1, Math.max(0, (max - c[k]) / room)) : 0;
        }
        return new Fitted(groups, mu, alpha, c, max);
    }

    /** AIF360's weighting: fn weight on the generalized FNR times the base rate, fp weight on the FPR times 1 − base rate. */
    private double weighted(double gfnr, double gfpr, double base) {
        if (fnWeight == 1) {
            return gfnr;
        }
        if (fnWeight == 0) {
            return gfpr;
        }
        return fnWeight * gfnr * base + (1 - fnWeight) * gfpr * (1 - base);
    }
}
