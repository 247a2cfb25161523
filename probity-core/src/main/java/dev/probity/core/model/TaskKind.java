package dev.probity.core.model;

/**
 * The kind of prediction task, the same for a model's output and for an audit: what the predictions mean and
 * therefore which statistics and metrics apply.
 */
public enum TaskKind {
    /** Two classes; a model's {@code predictProba} column 1 is the probability of the positive class. */
    BINARY,
    /** More than two classes. */
    MULTICLASS,
    /** A real number per row. */
    REGRESSION;

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
