package dev.probity.fairness.stats;

/**
 * The four cells of a binary confusion matrix, weighted (sums of row weights) or counted. Positive means
 * the favourable/positive label value; {@code tp} counts rows with label 1 and prediction 1.
 */
public record Confusion(double tp, double fp, double tn, double fn) {
    public static final Confusion ZERO = new Confusion(0, 0, 0, 0);

    /** All rows. */
    public double n() {
        return tp + fp + tn + fn;
    }

    /** Rows whose label is positive: TP + FN. */
    public double positives() {
        return tp + fn;
    }

    /** Rows whose label is negative: TN + FP. */
    public double negatives() {
        return tn + fp;
    }

    /** Rows predicted positive: TP + FP. */
    public double predictedPositives() {
        return tp + fp;
    }

    /** Rows predicted negative: TN + FN. */
    public double predictedNegatives() {
        return tn + fn;
    }

    public Confusion plus(Confusion o) {
        return new Confusion(tp + o.tp, fp + o.fp, tn + o.tn, fn + o.fn);
    }

    public Confusion minus(Confusion o) {
        return new Confusion(tp - o.tp, fp - o.fp, tn - o.tn, fn - o.fn);
    }

    /** Cell by index {@code label * 2 + prediction}: 0 = TN, 1 = FP, 2 = FN, 3 = TP. */
    public double cell(int index) {
        return switch (index) {
            case 0 -> tn;
            case 1 -> fp;
            case 2 -> fn;
            case 3 -> tp;
            default -> throw new IllegalArgumentException("cell " + index);
        };
    }

    public static Confusion ofCells(double[] cells) {
        return new Confusion(cells[3], cells[1], cells[0], cells[2]);
    }

    public static Confusion ofCells(long[] cells) {
        return new Confusion(cells[3], cells[1], cells[0], cells[2]);
    }
}
