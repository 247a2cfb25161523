package dev.probity.explain.tree;

/**
 * Feature attributions of a batch, row-major: for row {@code r} and output {@code g},
 * {@code values[(r * outputs + g) * width + j]} is feature {@code j}'s value and index {@code width − 1}
 * the bias (the expected raw score), so each row's values sum to its raw score (margin).
 */
public record Attributions(int rows, int outputs, int width, double[] values) {
    public double get(int row, int output, int feature) {
        return values[(row * outputs + output) * width + feature];
    }

    public double bias(int row, int output) {
        return values[(row * outputs + output) * width + width - 1];
    }

    /** Σ attributions + bias of one row and output. */
    public double total(int row, int output) {
        double s = 0;
        int base = (row * outputs + output) * width;
        for (int j = 0; j < width; j++) {
            s += values[base + j];
        }
        return s;
    }
}
