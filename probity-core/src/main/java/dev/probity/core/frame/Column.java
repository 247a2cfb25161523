package dev.probity.core.frame;

/**
 * One typed column of a {@link Frame}. Values live in primitive arrays; the arrays returned by the typed
 * accessors are the column's own storage and must not be modified.
 */
public sealed interface Column permits DoubleColumn, LongColumn, BooleanColumn, StringColumn {
    String name();

    ColumnType type();

    int size();

    Missing missing();

    default boolean isMissing(int row) {
        return missing().isMissing(row);
    }

    /** The value of one row as text, {@code null} when missing; for messages and tables, not hot paths. */
    String format(int row);

    /** The value of one row boxed ({@code Double}, {@code Long}, {@code Boolean}, {@code String}), {@code null} when missing. */
    Object get(int row);

    /** A new column holding rows {@code rows[0], rows[1], ...} in that order. */
    Column select(int[] rows);

    /** The same data under another name. */
    Column rename(String newName);
}
