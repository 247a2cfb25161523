package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.mitigation.inprocess.AdversarialDebiasing;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.reductions.Constraint;

/**
 * The tuning of every mitigation method, with the defaults the catalogue documents. Each method reads the settings
 * it uses ({@link Mitigations#methods()} lists them) and ignores the rest.
 *
 * @param constraint    the fairness constraint (reductions, threshold optimizer, reject option; the disparity the
 *                      report shows for the others). Default demographic parity.
 * @param bound         reductions: the difference bound ε; with a ratio bound, the additive slack. Default 0.01.
 * @param ratioBound    reductions: a ratio bound r ∈ (0, 1] instead of a difference bound, or null
 * @param maxIterations exponentiated gradient's iteration cap. Default 50.
 * @param gridSize      grid search: multiplier vectors. Default 11.
 * @param gridLimit     grid search: the largest multiplier. Default 2.
 * @param eta           prejudice remover: weight η of the prejudice index. Default 25.
 * @param objective     threshold optimizer: accuracy (default) or balanced accuracy
 * @param deterministic threshold optimizer: one threshold per group instead of randomized thresholds
 * @param tolerance     deterministic thresholds: the largest gap allowed between groups' rates. Default 0.01.
 * @param repairLevel   disparate impact remover: 0 (none) to 1 (full, default)
 * @param alpha         correlation remover: 0 (none) to 1 (full, default)
 * @param cost          calibrated equalized odds: the generalized rate to equalize. Default weighted (50/50).
 * @param metricBound   reject option: the largest allowed disparity. Default 0.05.
 * @param adversaryWeight adversarial debiasing: weight α of the adversary's loss in the predictor's update; 0 trains
 *                      the predictor alone. Default 0.1 (AIF360's).
 * @param epochs        adversarial debiasing: passes over the training rows. Default 50 (AIF360's).
 */
public record MitigationSettings(Constraint constraint, double bound, Double ratioBound, int maxIterations, int gridSize,
                                 double gridLimit, double eta, ThresholdOptimizer.Objective objective, boolean deterministic,
                                 double tolerance, double repairLevel, double alpha, CalibratedEqualizedOdds.Cost cost,
                                 double metricBound, double adversaryWeight, int epochs) {
    public MitigationSettings {
        if (constraint == null || objective == null || cost == null) {
            throw new IllegalArgumentException("constraint, objective and cost are required");
        }
        if (ratioBound != null && !(ratioBound > 0 && ratioBound <= 1)) {
            throw new InputException("a ratio bound must be in (0, 1], got " + ratioBound);
        }
    }

    public static MitigationSettings defaults() {
        return new MitigationSettings(Constraint.DEMOGRAPHIC_PARITY, 0.01, null, 50, 11, 2.0, 25,
                ThresholdOptimizer.Objective.ACCURACY, false, 0.01, 1.0, 1.0, CalibratedEqualizedOdds.Cost.WEIGHTED, 0.05,
                AdversarialDebiasing.DEFAULT_ADVERSARY_WEIGHT, AdversarialDebiasing.DEFAULT_EPOCHS);
    }

    public MitigationSettings withConstraint(Constraint v) {
        return new MitigationSettings(v, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withBound(double v) {
        return new MitigationSettings(constraint, v, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withRatioBound(Double v) {
        return new MitigationSettings(constraint, bound, v, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withMaxIterations(int v) {
        return new MitigationSettings(constraint, bound, ratioBound, v, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withGrid(int size, double limit) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, size, limit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withEta(double v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, v, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withObjective(ThresholdOptimizer.Objective v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, v, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withDeterministic(boolean v, double tol) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, v,
                tol, repairLevel, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withRepairLevel(double v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, v, alpha, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withAlpha(double v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, v, cost, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withCost(CalibratedEqualizedOdds.Cost v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, v, metricBound, adversaryWeight, epochs);
    }

    public MitigationSettings withMetricBound(double v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, v, adversaryWeight, epochs);
    }

    public MitigationSettings withAdversaryWeight(double v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, v, epochs);
    }

    public MitigationSettings withEpochs(int v) {
        return new MitigationSettings(constraint, bound, ratioBound, maxIterations, gridSize, gridLimit, eta, objective, deterministic,
                tolerance, repairLevel, alpha, cost, metricBound, adversaryWeight, v);
    }
}
