package dev.probity.core.model;

/** What a model's predictions mean. */
public enum OutputKind {
    /** Two classes; {@code predictProba} column 1 is the probability of the positive class. */
    BINARY,
    /** More than two classes. */
    MULTICLASS,
    /** A real number per row. */
    REGRESSION;

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
