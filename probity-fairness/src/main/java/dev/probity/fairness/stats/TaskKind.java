package dev.probity.fairness.stats;

/** What the audited outputs are. */
public enum TaskKind {
    /** Binary labels and binary predictions (optionally with scores). */
    BINARY,
    /** Labels and predictions from K classes. */
    MULTICLASS,
    /** Numeric labels and predictions. */
    REGRESSION
}
