package dev.probity.core.model;

import dev.probity.core.Internal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain values that parameters, details and facts hold — text, booleans, numbers, and lists and maps of
 * those — in one canonical form, so a value written to JSON and read back equals the original: whole numbers that
 * fit an {@code int} are {@code Integer}s (a {@code long} seed of 42 and the 42 a JSON reader returns compare
 * equal), other whole numbers {@code Long}s, fractions {@code Double}s; lists and maps keep their order and become
 * read-only. Anything else is kept as its text.
 */
@Internal("use the result records' equals")
public final class PlainValues {
    private PlainValues() {
    }

    public static Object of(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue()) : l;
            case Short s -> Integer.valueOf(s);
            case Byte b -> Integer.valueOf(b);
            case Float f -> Double.valueOf(f);
            case Double d -> d;
            case Number n -> n.doubleValue();
            case Enum<?> e -> e.name().toLowerCase(java.util.Locale.ROOT);
            case Map<?, ?> m -> map(m);
            case List<?> l -> list(l);
            case Object[] a -> list(java.util.Arrays.asList(a));
            default -> v.toString();
        };
    }

    public static Map<String, Object> map(Map<?, ?> m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
        return Collections.unmodifiableMap(out);
    }

    private static List<Object> list(List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object x : l) {
            out.add(of(x));
        }
        return Collections.unmodifiableList(out);
    }
}
