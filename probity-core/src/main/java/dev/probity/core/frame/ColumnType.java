package dev.probity.core.frame;

import java.util.Locale;

/** The physical type of a {@link Column}. */
public enum ColumnType {
    /** 64-bit floating point. */
    DOUBLE,
    /** 64-bit signed integer. */
    LONG,
    /** true/false. */
    BOOLEAN,
    /** Text, dictionary-encoded to int codes. */
    STRING;

    /** Parses a user-facing type name: {@code double|float|real}, {@code long|int|integer|bigint}, {@code boolean|bool}, {@code string|text|varchar|category}. */
    public static ColumnType parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "double", "float", "real", "number", "numeric" -> DOUBLE;
            case "long", "int", "integer", "bigint" -> LONG;
            case "boolean", "bool" -> BOOLEAN;
            case "string", "text", "varchar", "category", "categorical" -> STRING;
            default -> throw new IllegalArgumentException(
                    "unknown column type '" + name + "' (use double, long, boolean or string)");
        };
    }

    /** Lower-case name as used in schemas and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
