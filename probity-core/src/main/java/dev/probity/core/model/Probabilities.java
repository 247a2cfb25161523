package dev.probity.core.model;

/**
 * Class probabilities of a batch, row-major: {@code values[row * classes + k]} is the probability of
 * class {@code k} for {@code row}. The array is the caller's to keep.
 */
public record Probabilities(int rows, int classes, double[] values) {
    public Probabilities {
        if (values.length != (long) rows * classes) {
            throw new IllegalArgumentException(values.length + " values for " + rows + " rows x " + classes + " classes");
        }
    }

    public double get(int row, int k) {
        return values[row * classes + k];
    }

    /** The probabilities of class {@code k} for every row, as a new array. */
    public double[] column(int k) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = values[i * classes + k];
        }
        return out;
    }

    /** The most probable class of every row; ties go to the lower class index. */
    public int[] argmax() {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            double bestP = values[i * classes];
            for (int k = 1; k < classes; k++) {
                double p = values[i * classes + k];
                if (p > bestP) {
                    bestP = p;
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Two-class probabilities from the positive-class probability of each row. */
    public static Probabilities binary(double[] positive) {
        double[] v = new double[positive.length * 2];
        for (int i = 0; i < positive.length; i++) {
            v[2 * i] = 1 - positive[i];
            v[2 * i + 1] = positive[i];
        }
        return new Probabilities(positive.length, 2, v);
    }
}
