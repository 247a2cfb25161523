package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.reductions.Constraint;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The tuning options of the mitigation methods, turned into the library's {@link MitigationSettings}. */
final class MitigationOptions {
    @Option(names = {"-c", "--constraint"}, defaultValue = "demographic-parity", paramLabel = "NAME",
            description = "demographic-parity (default), equalized-odds, true-positive-rate-parity, false-positive-rate-parity, "
                    + "error-rate-parity, bounded-group-loss.")
    String constraint;

    @Option(names = "--bound", defaultValue = "0.01", paramLabel = "EPS",
            description = "Reductions: difference bound ε (default 0.01); with --ratio-bound, the additive slack.")
    double bound;

    @Option(names = "--ratio-bound", paramLabel = "R", description = "Reductions: a ratio bound in (0, 1] instead of a difference bound.")
    Double ratioBound;

    @Option(names = "--max-iterations", defaultValue = "50", paramLabel = "N", description = "Exponentiated gradient: iteration cap (default 50).")
    int maxIterations;

    @Option(names = "--grid-size", defaultValue = "11", paramLabel = "N", description = "Grid search: number of multiplier vectors (default 11).")
    int gridSize;

    @Option(names = "--grid-limit", defaultValue = "2.0", paramLabel = "L", description = "Grid search: largest multiplier (default 2).")
    double gridLimit;

    @Option(names = "--eta", defaultValue = "25", paramLabel = "η", description = "Prejudice remover: weight of the prejudice index (default 25).")
    double eta;

    @Option(names = "--objective", defaultValue = "accuracy", paramLabel = "NAME", description = "Threshold optimizer: accuracy or balanced-accuracy.")
    String objective;

    @Option(names = "--deterministic", description = "Threshold optimizer: one threshold per group instead of randomized thresholds.")
    boolean deterministic;

    @Option(names = "--tolerance", defaultValue = "0.01", paramLabel = "T", description = "Deterministic thresholds: largest rate gap allowed (default 0.01).")
    double tolerance;

    @Option(names = "--repair-level", defaultValue = "1.0", paramLabel = "λ", description = "Disparate impact remover: 0 (none) to 1 (full, default).")
    double repairLevel;

    @Option(names = "--alpha", defaultValue = "1.0", paramLabel = "α", description = "Correlation remover: 0 (none) to 1 (full, default).")
    double alpha;

    @Option(names = "--cost", defaultValue = "weighted", paramLabel = "fnr|fpr|weighted",
            description = "Calibrated equalized odds: the generalized rate to equalize (default weighted, 50/50).")
    String cost;

    @Option(names = "--metric-bound", defaultValue = "0.05", paramLabel = "B",
            description = "Reject option: largest allowed disparity (demographic parity, or equalized odds with that constraint; default 0.05).")
    double metricBound;

    @Option(names = "--adversary-weight", defaultValue = "0.1", paramLabel = "α",
            description = "Adversarial debiasing: weight of the adversary's loss in the predictor's update (default 0.1; 0 trains "
                    + "the predictor alone).")
    double adversaryWeight;

    @Option(names = "--epochs", defaultValue = "50", paramLabel = "N", description = "Adversarial debiasing: passes over the training rows (default 50).")
    int epochs;

    MitigationSettings settings() {
        ThresholdOptimizer.Objective obj = switch (objective.toLowerCase(Locale.ROOT)) {
            case "accuracy" -> ThresholdOptimizer.Objective.ACCURACY;
            case "balanced-accuracy" -> ThresholdOptimizer.Objective.BALANCED_ACCURACY;
            default -> throw new InputException("--objective must be accuracy or balanced-accuracy, got '" + objective + "'");
        };
        CalibratedEqualizedOdds.Cost c = switch (cost.toLowerCase(Locale.ROOT)) {
            case "fnr" -> CalibratedEqualizedOdds.Cost.FALSE_NEGATIVE_RATE;
            case "fpr" -> CalibratedEqualizedOdds.Cost.FALSE_POSITIVE_RATE;
            case "weighted" -> CalibratedEqualizedOdds.Cost.WEIGHTED;
            default -> throw new InputException("--cost must be fnr, fpr or weighted, got '" + cost + "'");
        };
        return new MitigationSettings(Constraint.parse(constraint), bound, ratioBound, maxIterations, gridSize, gridLimit, eta, obj,
                deterministic, tolerance, repairLevel, alpha, c, metricBound, adversaryWeight, epochs);
    }
}
