package dev.probity.mitigation;

import java.util.Map;

/**
 * A way to reduce a disparity: before training (reweighing, resampling, massaging, repairing features), during
 * training (reductions, a penalized fit) or after (thresholds, flips, mixing). Every method takes the same
 * {@link MitigationTask} and returns a {@link Mitigated} that holds a {@link dev.probity.core.model.Model} with its
 * provenance. The catalogue {@link Mitigations} creates methods by name; {@link MitigationRun} trains the baseline,
 * runs a method and audits both.
 */
public interface Mitigation {
    /** The catalogue name, e.g. {@code threshold-optimizer}. */
    String name();

    Stage stage();

    /** Every setting that shapes the result (recorded in the model's provenance). */
    Map<String, Object> parameters();

    Mitigated fit(MitigationTask task);
}
