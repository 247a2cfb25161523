package dev.probity.core.expr;

import java.util.Locale;

/** Static types of expression values. */
public enum Type {
    BOOLEAN, INTEGER, REAL, TEXT,
    /** The type of the literal NULL before context gives it one. */
    NULL;

    boolean isNumeric() {
        return this == INTEGER || this == REAL;
    }

    String describe() {
        return switch (this) {
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case REAL -> "a number";
            case TEXT -> "text";
            case NULL -> "NULL";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
