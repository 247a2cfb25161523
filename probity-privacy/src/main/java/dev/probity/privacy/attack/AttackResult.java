package dev.probity.privacy.attack;

import dev.probity.core.stats.Interval;

import java.util.List;

/**
 * How well an attack tells the training rows (members) from rows the model never saw (non-members).
 *
 * @param attack           the attack's name
 * @param members          member rows scored
 * @param nonMembers       non-member rows scored
 * @param auc              ROC AUC of the attack's score (½: no better than a coin)
 * @param aucInterval      its DeLong interval
 * @param balancedAccuracy the best balanced accuracy over thresholds, ½(TPR + TNR)
 * @param advantage        membership advantage, max over thresholds of TPR − FPR (Yeom et al. 2018)
 * @param lowFpr           the true positive rate at fixed low false positive rates (0.1 %, 1 %), with intervals — the
 *                         measure Carlini et al. (2022) ask for: can the attack be sure about <em>some</em> people?
 * @param epsilon          the empirical lower bound on ε that the attack proves (Jagielski et al. 2020)
 * @param roc              the ROC curve (false and true positive rates at each distinct threshold, from (0, 0) to (1, 1))
 * @param notes            what the reader should know (sizes, assumptions)
 */
public record AttackResult(String attack, int members, int nonMembers, double auc, Interval aucInterval, double balancedAccuracy,
                           double advantage, List<LowFpr> lowFpr, EmpiricalEpsilon.Bound epsilon, Roc roc, List<String> notes) {

    /** The true positive rate at a false positive rate no larger than {@code targetFpr}, at the threshold that reaches it. */
    public record LowFpr(double targetFpr, double fpr, double tpr, Interval tprInterval, long truePositives, long falsePositives) {
    }

    /** A ROC curve, thinned to at most a few thousand points (the corners of the staircase kept). */
    public record Roc(double[] fpr, double[] tpr) {
    }
}
