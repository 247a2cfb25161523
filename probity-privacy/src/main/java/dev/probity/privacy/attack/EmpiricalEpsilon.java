package dev.probity.privacy.attack;

import dev.probity.core.InputException;
import dev.probity.core.stats.Interval;

/**
 * The empirical lower bound on ε that an attack proves (Jagielski, Ullman &amp; Oprea, "Auditing differentially private
 * machine learning", NeurIPS 2020): an (ε, δ)-DP model forces every membership test to satisfy TPR ≤ e^ε·FPR + δ and
 * 1 − FPR ≤ e^ε·(1 − TPR) + δ. An attack's observed rates, taken at the ends of their Clopper–Pearson intervals that
 * favour the model (TPR low, FPR high), give ε ≥ max(ln((TPR − δ)/FPR), ln((1 − FPR − δ)/(1 − TPR))). With confidence at
 * least the level, the model is not (ε', δ)-DP for any ε' below the bound — so for a model trained with a DP guarantee
 * the bound must stay below the accountant's ε, or something is wrong.
 */
public final class EmpiricalEpsilon {
    private EmpiricalEpsilon() {
    }

    /**
     * @param epsilon   the lower bound (0 when the attack proves nothing)
     * @param threshold the score threshold that gave it
     * @param tpr       the true positive rate there, and its interval
     * @param fpr       the false positive rate there, and its interval
     */
    public record Bound(double epsilon, double delta, double level, double threshold, double tpr, Interval tprInterval, double fpr, Interval fprInterval) {
    }

    /** The bound at one threshold's counts. */
    public static double at(long tp, long members, long fp, long nonMembers, double delta, double level) {
        if (!(delta >= 0 && delta < 1)) {
            throw new InputException("δ is in [0, 1); got " + delta);
        }
        // each interval two-sided at the level; the two ends used fail with probability (1 − level)/2 each: together at most 1 − level
        Interval t = Interval.clopperPearson(tp, members, level);
        Interval f = Interval.clopperPearson(fp, nonMembers, level);
        double tprLow = t.low();
        double fprHigh = f.high();
        double a = fprHigh > 0 && tprLow - delta > 0 ? Math.log((tprLow - delta) / fprHigh) : 0;
        // the second inequality, 1 − FPR ≤ e^ε (1 − TPR) + δ, taken with FPR high and TPR low
        double b = 1 - tprLow > 0 && 1 - fprHigh - delta > 0 ? Math.log((1 - fprHigh - delta) / (1 - tprLow)) : 0;
        return Math.max(0, Math.max(a, b));
    }
}
