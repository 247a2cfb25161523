package dev.probity.core.model;

import dev.probity.core.frame.Frame;

/**
 * A fitted model, called in batches over a {@link Frame}. Implementations read the columns named in
 * {@link ModelInfo#features()} and ignore the others; they check inputs with
 * {@link ModelInfo#checkInputs(Frame)} and throw {@link dev.probity.core.InputException} when the data
 * does not fit the model.
 */
public interface Model {
    ModelInfo info();

    /**
     * Where this model came from: the trainer, mitigation or file that made it, its parameters, seed, training
     * data fingerprint and parent models. Models made by Probity record it; the default says nobody did.
     */
    default Provenance provenance() {
        return Provenance.unrecorded(info());
    }

    /**
     * Class probabilities for classifiers; regressors throw {@link UnsupportedOperationException}.
     */
    Probabilities predictProba(Frame data);

    /**
     * Predictions: for classifiers the index into {@link ModelInfo#classes()} of the predicted class
     * (the most probable one; for binary models probability ≥ 0.5 means class 1), for regressors the
     * predicted value.
     */
    default double[] predict(Frame data) {
        Probabilities p = predictProba(data);
        double[] out = new double[p.rows()];
        if (p.classes() == 2) {
            for (int i = 0; i < out.length; i++) {
                out[i] = p.get(i, 1) >= 0.5 ? 1 : 0;
            }
            return out;
        }
        int[] best = p.argmax();
        for (int i = 0; i < out.length; i++) {
            out[i] = best[i];
        }
        return out;
    }

    /**
     * The gradient of the log-odds in the numeric inputs, for binary classifiers whose log-odds are differentiable
     * there (Probity's logistic regression on unbinned numbers); empty for every other model, which gradient
     * attacks then skip in favour of attacks that only need decisions.
     */
    default java.util.Optional<LogitGradient> logitGradient() {
        return java.util.Optional.empty();
    }

    /** For binary classifiers, the probability of the positive class (class 1) of each row. */
    default double[] score(Frame data) {
        if (info().output() != TaskKind.BINARY) {
            throw new UnsupportedOperationException(info().algorithm() + " model is not a binary classifier");
        }
        return predictProba(data).column(1);
    }
}
