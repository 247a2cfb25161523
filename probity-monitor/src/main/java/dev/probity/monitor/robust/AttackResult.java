package dev.probity.monitor.robust;

/**
 * What an attack found, row by row. Distances are in standard deviations of each feature, under {@link #norm}; a row
 * whose decision the attack could not change within its limits has distance +∞. An attack only ever shows that a
 * decision <em>can</em> be changed: a larger distance, or none found, is not a proof of robustness (only the exact
 * geometry of a linear model, {@link LinearBoundary}, is).
 *
 * @param attack      the attack's name ({@code fgsm}, {@code pgd}, {@code hop-skip-jump}, {@code boundary}, {@code linear-exact})
 * @param norm        how distances are measured
 * @param rows        the rows of the data attacked
 * @param original    each row's decision before the attack (0 or 1)
 * @param distance    the size of the smallest change found that flips the decision; +∞ when none was found
 * @param adversarial the changed numeric features of each row, row-major {@code rows.length × dimension} in the data's units
 *                    (the original values where no change was found)
 * @param modelCalls  how many rows the model was asked to score, in all
 */
public record AttackResult(String attack, Norm norm, int[] rows, int[] original, double[] distance, double[] adversarial, long modelCalls) {
    /** Number of rows whose decision the attack changed. */
    public int flipped() {
        int n = 0;
        for (double d : distance) {
            if (Double.isFinite(d)) {
                n++;
            }
        }
        return n;
    }

    /** The median distance over the rows flipped, NaN when none was. */
    public double medianDistance() {
        double[] d = java.util.Arrays.stream(distance).filter(Double::isFinite).sorted().toArray();
        if (d.length == 0) {
            return Double.NaN;
        }
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }
}
