package dev.probity.mitigation.reductions;

import dev.probity.core.InputException;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.models.MixtureModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exponentiated-gradient reduction (Agarwal et al., "A Reductions Approach to Fair Classification",
 * ICML 2018; bounded group loss from Agarwal, Dudík & Wu, ICML 2019). It plays a two-player game: the
 * λ-player updates Lagrange multipliers by exponentiated gradient, the Q-player answers with a classifier
 * trained on relabelled, reweighted rows; after each step a linear program finds the best mixture of the
 * classifiers found so far. The result is a randomized classifier whose error is within 2·gap of the best
 * under the constraint, and whose violation is at most 2·(ε + gap). The schedule (η₀ = 2, ν from the first
 * classifier's error, η shrunk by 0.8 when regret stalls, at least 5 iterations) follows Fairlearn 0.x so
 * results are comparable; unlike Fairlearn, it is deterministic for a given seed.
 */
public final class ExponentiatedGradient {
    private static final double ACCURACY_MUL = 0.5;
    private static final int REGRET_CHECK_START_T = 5;
    private static final double REGRET_CHECK_INCREASE_T = 1.6;
    private static final double SHRINK_REGRET = 0.8;
    private static final double SHRINK_ETA = 0.8;
    private static final int MIN_ITER = 5;

    private final Constraint constraint;
    private final double eps;
    private final double ratio;
    private final int maxIterations;
    private final double eta0;
    private final Double nuOverride;

    /**
     * @param constraint    the fairness constraint
     * @param eps           the difference bound ε (the slack when {@code ratio < 1}); also sets B = 1/ε
     * @param ratio         1 for a difference bound, else the ratio bound r ∈ (0, 1]
     * @param maxIterations iteration cap (50 by default)
     */
    public ExponentiatedGradient(Constraint constraint, double eps, double ratio, int maxIterations) {
        this(constraint, eps, ratio, maxIterations, 2.0, null);
    }

    private ExponentiatedGradient(Constraint constraint, double eps, double ratio, int maxIterations, double eta0, Double nu) {
        if (!(eps > 0) && ratio == 1) {
            throw new InputException("the constraint bound must be positive, got " + eps);
        }
        if (!(ratio > 0 && ratio <= 1)) {
            throw new InputException("a ratio bound must be in (0, 1], got " + ratio);
        }
        if (maxIterations < 1) {
            throw new InputException("max iterations must be at least 1, got " + maxIterations);
        }
        this.constraint = constraint;
        this.eps = eps;
        this.ratio = ratio;
        this.maxIterations = maxIterations;
        this.eta0 = eta0;
        this.nuOverride = nu;
    }

    /**
     * The same game with a fixed convergence threshold ν for the duality gap instead of Fairlearn's
     * automatic one; ν = 0 runs every iteration.
     */
    public ExponentiatedGradient withNu(double nu) {
        if (!(nu >= 0)) {
            throw new InputException("ν must be ≥ 0, got " + nu);
        }
        return new ExponentiatedGradient(constraint, eps, ratio, maxIterations, eta0, nu);
    }

    /** The outcome: the randomized classifier and how the game ended. */
    public record Result(MixtureModel model, int iterations, int bestIteration, double bestGap, int oracleCalls,
                         List<Double> gaps, Map<String, Double> constraintValues) {
    }

    public Result fit(Trainer trainer, TrainingSet data, Groups groups) {
        if (!trainer.supportsWeights()) {
            throw new InputException(trainer.algorithm() + " does not take sample weights, which the reductions approach needs");
        }
        Moment moment;
        BoundedGroupLoss regressionLoss = null;
        boolean classification = data.labels().isClassification();
        if (constraint == Constraint.BOUNDED_GROUP_LOSS) {
            if (classification) {
                data.labels().requireBinary("bounded group loss on classes");
            }
            BoundedGroupLoss bgl = new BoundedGroupLoss(groups, classification ? codesAsValues(data) : data.labels().values(), eps);
            moment = bgl;
            regressionLoss = classification ? null : bgl;
        } else {
            if (!classification) {
                throw new InputException("constraint " + constraint.label() + " is for classification; for a numeric label use bounded-group-loss");
            }
            data.labels().requireBinary("the " + constraint.label() + " constraint");
            moment = UtilityParity.of(constraint, groups, data.labels().codes(), ratio, eps);
        }
        double bBound = 1 / (eps > 0 ? eps : 0.01);
        Lagrangian lag = new Lagrangian(data, trainer, moment, bBound, regressionLoss);
        int k = moment.size();
        double[] theta = new double[k];
        List<double[]> lambdasEg = new ArrayList<>();
        List<Double> qsum = new ArrayList<>();
        List<Double> gapsEg = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        List<double[]> qs = new ArrayList<>();
        double nu = 0;
        double eta = 0;
        double lastRegretChecked = REGRET_CHECK_START_T;
        double lastGap = Double.POSITIVE_INFINITY;
        int t;
        for (t = 0; t < maxIterations; t++) {
            double sumExp = 0;
            for (double v : theta) {
                sumExp += Math.exp(v);
            }
            double[] lambda = new double[k];
            for (int j = 0; j < k; j++) {
                lambda[j] = bBound * Math.exp(theta[j]) / (1 + sumExp);
            }
            lambdasEg.add(lambda);
            double[] lambdaEg = new double[k];
            for (double[] l : lambdasEg) {
                for (int j = 0; j < k; j++) {
                    lambdaEg[j] += l[j] / lambdasEg.size();
                }
            }
            int h = lag.bestH(lambda);
            if (t == 0) {
                nu = nuOverride != null ? nuOverride : ACCURACY_MUL * errorSpread(lag, h, data) / Math.sqrt(data.rows());
                eta = eta0 / bBound;
            }
            while (qsum.size() < lag.hs.size()) {
                qsum.add(0.0);
            }
            qsum.set(h, qsum.get(h) + 1);
            double total = qsum.stream().mapToDouble(Double::doubleValue).sum();
            double[] qEg = new double[qsum.size()];
            for (int j = 0; j < qEg.length; j++) {
                qEg[j] = qsum.get(j) / total;
            }
            double[] gamma = lag.gammas.get(h);
            Lagrangian.Gap gapEg = lag.gap(qEg, lambdaEg, nu);
            gapsEg.add(gapEg.value());
            double gapLp = Double.POSITIVE_INFINITY;
            double[] qLp = null;
            if (t > 0) {
                Object[] lp = lag.solveLp(nu);
                qLp = (double[]) lp[0];
                gapLp = ((Lagrangian.Gap) lp[2]).value();
            }
            if (gapEg.value() < gapLp) {
                qs.add(qEg);
                gaps.add(gapEg.value());
            } else {
                qs.add(qLp);
                gaps.add(gapLp);
            }
            if (gaps.get(t) < nu && t >= MIN_ITER) {
                break;
            }
            if (t >= lastRegretChecked * REGRET_CHECK_INCREASE_T) {
                double bestGap = gapsEg.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                if (bestGap > lastGap * SHRINK_REGRET) {
                    eta *= SHRINK_ETA;
                }
                lastRegretChecked = t;
                lastGap = bestGap;
            }
            double[] bound = moment.bound();
            for (int j = 0; j < k; j++) {
                theta[j] += eta * (gamma[j] - bound[j]);
            }
        }
        int iterations = Math.min(t + 1, maxIterations);
        double minGap = gaps.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        int best = 0;
        for (int i = 0; i < gaps.size(); i++) {
            if (gaps.get(i) <= minGap + Lagrangian.PRECISION) {
                best = i;
            }
        }
        double[] q = java.util.Arrays.copyOf(qs.get(best), lag.hs.size());
        ModelInfo first = lag.hs.stream().filter(m -> !m.info().algorithm().equals("constant")).findFirst()
                .orElse(lag.hs.get(0)).info();
        Map<String, Object> params = new LinkedHashMap<>(first.parameters());
        params.put("mitigation", "exponentiated-gradient");
        params.put("constraint", constraint.label());
        params.put(ratio == 1 ? "difference_bound" : "ratio_bound", ratio == 1 ? eps : ratio);
        params.put("max_iterations", maxIterations);
        params.put("seed", data.seed());
        TaskKind kind = classification ? TaskKind.BINARY : TaskKind.REGRESSION;
        List<String> classes = classification ? data.labels().classes() : List.of();
        ModelInfo info = new ModelInfo("exponentiated-gradient(" + first.algorithm() + ")", first.features(),
                data.labels().name(), classes, kind, params);
        MixtureModel model = new MixtureModel(info, new ArrayList<Model>(lag.hs), q, data.seed());
        double[] gammaBest = new double[k];
        lag.evaluate(q, new double[k], gammaBest);
        Map<String, Double> named = new LinkedHashMap<>();
        for (int j = 0; j < k; j++) {
            named.put(moment.name(j), gammaBest[j]);
        }
        return new Result(model, iterations, best, gaps.get(best), lag.oracleCalls, gaps, named);
    }

    private static double[] codesAsValues(TrainingSet data) {
        int[] c = data.labels().codes();
        double[] v = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            v[i] = c[i];
        }
        return v;
    }

    /** Standard deviation of |h(x) − y| over the training rows, for Fairlearn's automatic ν. */
    private static double errorSpread(Lagrangian lag, int h, TrainingSet data) {
        double[] pred = lag.predictions.get(h);
        int n = pred.length;
        double[] e = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double yi = data.labels().isClassification() ? data.labels().codes()[i] : data.labels().values()[i];
            e[i] = Math.abs(pred[i] - yi);
            mean += e[i] / n;
        }
        double ss = 0;
        for (double v : e) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - 1));
    }
}
