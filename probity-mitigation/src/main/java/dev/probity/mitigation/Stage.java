package dev.probity.mitigation;

/** When a mitigation method acts. */
public enum Stage {
    /** Changes the training data (weights, labels, rows or feature values); the model trains on the result. */
    PRE_PROCESSING("before training"),
    /** Changes how the model is fitted (a constrained or penalized fit). */
    IN_PROCESSING("during training"),
    /** Changes the decisions of a trained model (group thresholds, flips, mixing). */
    POST_PROCESSING("after training");

    private final String words;

    Stage(String words) {
        this.words = words;
    }

    /** "before training", "during training", "after training". */
    public String words() {
        return words;
    }
}
