package dev.probity.mitigation.reductions;

import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.models.ConstantModel;
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
 * The Lagrangian L(Q, λ) = err(Q) + λ·(γ(Q) − bound) of the reductions approach, its best responses and
 * duality gap, over the classifiers {@code hs} found so far (Agarwal et al., 2018, Algorithm 1 and §3).
 */
final class Lagrangian {
    static final double PRECISION = 1e-8;

    private final TrainingSet data;
    /** One fitting session per kind of call, so each warm-starts from the fit most like it. */
    private final Trainer main;
    private final Trainer averaged;
    private final Trainer linearProgram;
    private final Moment constraints;
    private final boolean classification;
    private final int[] y;
    private final BoundedGroupLoss regressionLoss;
    final double b;
    final List<Model> hs = new ArrayList<>();
    final List<double[]> predictions = new ArrayList<>();
    final List<Double> errors = new ArrayList<>();
    final List<double[]> gammas = new ArrayList<>();
    int oracleCalls;
    private int lastLpSize = -1;
    private Object[] lastLp;

    Lagrangian(TrainingSet data, Trainer trainer, Moment constraints, double b, BoundedGroupLoss regressionLoss) {
        this.data = data;
        this.main = trainer.forRepeatedFits();
        this.averaged = trainer.forRepeatedFits();
        this.linearProgram = trainer.forRepeatedFits();
        this.constraints = constraints;
        this.classification = data.labels().isClassification();
        this.y = data.labels().codes();
        this.regressionLoss = regressionLoss;
        this.b = b;
    }

    double error(double[] pred) {
        if (!classification) {
            return regressionLoss.meanLoss(pred);
        }
        double e = 0;
        for (int i = 0; i < pred.length; i++) {
            e += Math.abs(y[i] - pred[i]);
        }
        return e / pred.length;
    }

    /** (L, L_high, γ, error) of a mixture {@code q} over {@code hs}. */
    double[] evaluate(double[] q, double[] lambda, double[] gammaOut) {
        double err = 0;
        java.util.Arrays.fill(gammaOut, 0);
        for (int h = 0; h < q.length; h++) {
            if (q[h] == 0) {
                continue;
            }
            err += q[h] * errors.get(h);
            double[] g = gammas.get(h);
            for (int k = 0; k < g.length; k++) {
                gammaOut[k] += q[h] * g[k];
            }
        }
        double[] bound = constraints.bound();
        double[] lp = constraints.project(lambda);
        double l = err;
        double maxViolation = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < bound.length; k++) {
            l += lp[k] * (gammaOut[k] - bound[k]);
            maxViolation = Math.max(maxViolation, gammaOut[k] - bound[k]);
        }
        double high = maxViolation <= 0 ? err : err + b * maxViolation;
        return new double[] {l, high, err};
    }

    /** The duality gap of (Q, λ̂), with the best response to λ̂ scaled by 1, 2, 5 and 10. */
    Gap gap(double[] q, double[] lambdaHat, double nu) {
        return gap(q, lambdaHat, nu, averaged);
    }

    private Gap gap(double[] q, double[] lambdaHat, double nu, Trainer session) {
        double[] gamma = new double[constraints.size()];
        double[] r = evaluate(q, lambdaHat, gamma);
        double low = r[0];
        for (double mul : new double[] {1, 2, 5, 10}) {
            double[] scaled = lambdaHat.clone();
            for (int k = 0; k < scaled.length; k++) {
                scaled[k] *= mul;
            }
            int h = bestH(scaled, session);
            double[] single = new double[hs.size()];
            single[h] = 1;
            double lowMul = evaluate(single, lambdaHat, new double[constraints.size()])[0];
            low = Math.min(low, lowMul);
            if (Math.max(r[0] - low, r[1] - r[0]) > nu + PRECISION) {
                break;
            }
        }
        return new Gap(r[0], low, r[1], gamma, r[2]);
    }

    record Gap(double l, double low, double high, double[] gamma, double error) {
        double value() {
            return Math.max(l - low, high - l);
        }
    }

    /** Fits the best response to λ (if better than every h so far, keeps it) and returns its index. */
    int bestH(double[] lambda) {
        return bestH(lambda, main);
    }

    private int bestH(double[] lambda, Trainer session) {
        double[] cw = constraints.signedWeights(lambda);
        CostSensitive problem = classification ? CostSensitive.classification(data.labels().name(), y, cw)
                : CostSensitive.regression(data.labels(), cw);
        Model model;
        if (classification && problem.constant()) {
            ModelInfo info = new ModelInfo("constant", List.of(), data.labels().name(), List.of("0", "1"), TaskKind.BINARY, null);
            model = new ConstantModel(info, problem.labels().codes()[0]);
        } else {
            model = session.fit(data.with(problem.labels(), problem.weights()));
        }
        oracleCalls++;
        double[] pred = model.predict(data.data());
        double err = error(pred);
        double[] gamma = constraints.gamma(pred);
        double value = err + dot(gamma, lambda);
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int h = 0; h < hs.size(); h++) {
            double v = errors.get(h) + dot(gammas.get(h), lambda);
            if (v < bestValue) {
                bestValue = v;
                best = h;
            }
        }
        if (value < bestValue - PRECISION) {
            hs.add(model);
            predictions.add(pred);
            errors.add(err);
            gammas.add(gamma);
            best = hs.size() - 1;
        }
        return best;
    }

    /** The saddle point over the convex hull of {@code hs}: (Q, λ, gap), by two linear programs. */
    Object[] solveLp(double nu) {
        int nh = hs.size();
        if (nh == lastLpSize) {
            return lastLp;
        }
        int nc = constraints.size();
        double[] bound = constraints.bound();
        // primal: min err·q + B z  s.t. (γ_h − bound)·q − z ≤ 0,  Σq = 1,  q, z ≥ 0
        double[] c = new double[nh + 1];
        for (int h = 0; h < nh; h++) {
            c[h] = errors.get(h);
        }
        c[nh] = b;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int k = 0; k < nc; k++) {
            double[] row = new double[nh + 1];
            for (int h = 0; h < nh; h++) {
                row[h] = gammas.get(h)[k] - bound[k];
            }
            row[nh] = -1;
            cons.add(new LinearConstraint(row, Relationship.LEQ, 0));
        }
        double[] ones = new double[nh + 1];
        for (int h = 0; h < nh; h++) {
            ones[h] = 1;
        }
        cons.add(new LinearConstraint(ones, Relationship.EQ, 1));
        PointValuePair primal = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(100_000),
                new LinearObjectiveFunction(c, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        double[] q = java.util.Arrays.copyOf(primal.getPoint(), nh);
        // dual: min −μ  s.t. −(γ_h − bound)·λ + μ ≤ err_h,  Σλ ≤ B,  λ ≥ 0, μ free
        double[] dc = new double[nc + 1];
        dc[nc] = -1;
        List<LinearConstraint> dcons = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            double[] row = new double[nc + 1];
            for (int k = 0; k < nc; k++) {
                row[k] = -(gammas.get(h)[k] - bound[k]);
            }
            row[nc] = 1;
            dcons.add(new LinearConstraint(row, Relationship.LEQ, errors.get(h)));
        }
        double[] sumRow = new double[nc + 1];
        for (int k = 0; k < nc; k++) {
            sumRow[k] = 1;
            double[] nonNeg = new double[nc + 1];
            nonNeg[k] = 1;
            dcons.add(new LinearConstraint(nonNeg, Relationship.GEQ, 0));
        }
        dcons.add(new LinearConstraint(sumRow, Relationship.LEQ, b));
        PointValuePair dual = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(100_000),
                new LinearObjectiveFunction(dc, 0), new LinearConstraintSet(dcons), GoalType.MINIMIZE, new NonNegativeConstraint(false));
        double[] lambda = java.util.Arrays.copyOf(dual.getPoint(), nc);
        for (int k = 0; k < nc; k++) {
            lambda[k] = Math.max(0, lambda[k]);
        }
        Gap gap = gap(q, lambda, nu, linearProgram);
        lastLpSize = nh;
        lastLp = new Object[] {q, lambda, gap};
        return lastLp;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
