package dev.probity.core.model;

import dev.probity.core.frame.ColumnType;

import java.util.Objects;

/** One input column a model reads: its name in the data and the type it expects. */
public record Feature(String name, ColumnType type) {
    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** Whether a column of type {@code actual} can feed this feature (numbers widen; text only feeds text). */
    public boolean accepts(ColumnType actual) {
        if (type == ColumnType.STRING || actual == ColumnType.STRING) {
            return type == actual;
        }
        return true;
    }
}
