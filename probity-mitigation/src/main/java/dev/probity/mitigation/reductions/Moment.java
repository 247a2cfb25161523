package dev.probity.mitigation.reductions;

/**
 * A vector of moments of a predictor's outputs on the training rows, as in the reductions approach: the
 * constraint values γ(h), their bounds, and the per-row costs that a Lagrange multiplier vector λ puts
 * on predicting 1 rather than 0 (for classification) or on each row's loss (for regression).
 */
interface Moment {
    /** Number of constraints (the dimension of λ). */
    int size();

    /** A readable name of constraint {@code k}, such as {@code "+ all sex=Female"}. */
    String name(int k);

    /** γ(h) for predictions {@code pred} on the training rows. */
    double[] gamma(double[] pred);

    /** The bound of each constraint: γ ≤ bound is satisfied. */
    double[] bound();

    /** Per-row costs of the constraints under λ. */
    double[] signedWeights(double[] lambda);

    /** λ projected so the Lagrangian is at least as large for every h (Fairlearn's project_lambda). */
    double[] project(double[] lambda);
}
