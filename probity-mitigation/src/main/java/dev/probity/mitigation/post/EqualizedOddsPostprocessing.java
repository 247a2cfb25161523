package dev.probity.mitigation.post;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.List;

/**
 * Equalized-odds post-processing of binary predictions (Hardt, Price & Srebro, 2016, §4; AIF360's
 * {@code EqOddsPostprocessing}): for each group, the probabilities of keeping a positive prediction
 * (p₁₁) and of turning a negative prediction positive (p₀₁) are chosen by a linear program that minimizes
 * the expected error subject to equal true- and false-positive rates in every group:
 * <pre>
 *   TPR_g' = p₁₁·TPR_g + p₀₁·(1 − TPR_g),   FPR_g' = p₁₁·FPR_g + p₀₁·(1 − FPR_g)
 * </pre>
 * Any number of groups is handled (AIF360 handles two). Decisions are seeded draws.
 */
public final class EqualizedOddsPostprocessing {
    /** Per group: P(ŷ'=1 | ŷ=1) and P(ŷ'=1 | ŷ=0). */
    public record Fitted(Groups groups, double[] keepPositive, double[] flipNegative) {
        public double[] probabilities(double[] pred, Groups rows) {
            double[] p = new double[pred.length];
            for (int i = 0; i < p.length; i++) {
                int g = rows.of()[i];
                p[i] = pred[i] >= 0.5 ? keepPositive[g] : flipNegative[g];
            }
            return p;
        }
    }

    public Fitted fit(double[] pred, int[] y, Groups groups) {
        int g = groups.count();
        double[] tp = new double[g];
        double[] fp = new double[g];
        double[] pos = new double[g];
        double[] neg = new double[g];
        for (int i = 0; i < y.length; i++) {
            int k = groups.of()[i];
            if (y[i] == 1) {
                pos[k]++;
                tp[k] += pred[i] >= 0.5 ? 1 : 0;
            } else if (y[i] == 0) {
                neg[k]++;
                fp[k] += pred[i] >= 0.5 ? 1 : 0;
            } else {
                throw new InputException("equalized-odds post-processing needs binary 0/1 labels; row " + (i + 1) + " has " + y[i]);
            }
        }
        for (int k = 0; k < g; k++) {
            if (pos[k] == 0 || neg[k] == 0) {
                throw new InputException("group '" + groups.names().get(k) + "' needs both positive and negative labels for equalized odds");
            }
        }
        int n = y.length;
        // variables: (p11_k, p01_k) for each group k; objective: expected errors / n
        double[] c = new double[2 * g];
        for (int k = 0; k < g; k++) {
            double tpr = tp[k] / pos[k];
            double fpr = fp[k] / neg[k];
            // errors = pos·(1 − TPR') + neg·FPR'; the constant pos drops out
            c[2 * k] = (-pos[k] * tpr + neg[k] * fpr) / n;
            c[2 * k + 1] = (-pos[k] * (1 - tpr) + neg[k] * (1 - fpr)) / n;
        }
        List<LinearConstraint> cons = new ArrayList<>();
        for (int k = 0; k < 2 * g; k++) {
            double[] row = new double[2 * g];
            row[k] = 1;
            cons.add(new LinearConstraint(row, Relationship.LEQ, 1));
        }
        double tpr0 = tp[0] / pos[0];
        double fpr0 = fp[0] / neg[0];
        for (int k = 1; k < g; k++) {
            double tpr = tp[k] / pos[k];
            double fpr = fp[k] / neg[k];
            double[] t = new double[2 * g];
            t[2 * k] = tpr;
            t[2 * k + 1] = 1 - tpr;
            t[0] = -tpr0;
            t[1] = -(1 - tpr0);
            cons.add(new LinearConstraint(t, Relationship.EQ, 0));
            double[] f = new double[2 * g];
            f[2 * k] = fpr;
            f[2 * k + 1] = 1 - fpr;
            f[0] = -fpr0;
            f[1] = -(1 - fpr0);
            cons.add(new LinearConstraint(f, Relationship.EQ, 0));
        }
        PointValuePair r = new SimplexSolver(1e-10, 10, 1e-14).optimize(new MaxIter(100_000), new LinearObjectiveFunction(c, 0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        double[] keep = new double[g];
        double[] flip = new double[g];
        for (int k = 0; k < g; k++) {
            keep[k] = clamp(r.getPoint()[2 * k]);
            flip[k] = clamp(r.getPoint()[2 * k + 1]);
        }
        return new Fitted(groups, keep, flip);
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
