package dev.probity.core.frame;

/**
 * Where a row of a frame came from, so that messages can point at the input ("line 18 of compas.csv")
 * rather than at an internal row index.
 */
@FunctionalInterface
public interface RowOrigin {
    /** Rows that know nothing of their source: "row 17" (1-based). */
    RowOrigin ROWS = row -> "row " + (row + 1);

    /** Describes row {@code row} (0-based) for a message, e.g. {@code "line 18 of data.csv"}. */
    String describe(int row);

    /** The origin of rows {@code rows[0], rows[1], ...} of this frame. */
    default RowOrigin select(int[] rows) {
        RowOrigin outer = this;
        return row -> outer.describe(rows[row]);
    }
}
