package dev.probity.fairness.metrics;

import dev.probity.core.Internal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable views that keep order and allow nulls, for the collections inside result records: a result, once
 * made, cannot be changed through it by the code that stores, hashes or renders it. The record takes over the
 * collection it is given (no copy: the bootstrap builds results a thousand times per audit), so the code that
 * builds a result must not keep changing what it handed over; a view of a view is not wrapped twice.
 */
@Internal("use the result records' accessors")
public final class Frozen {
    private Frozen() {
    }

    private static final Class<?> LIST_VIEW = Collections.unmodifiableList(new ArrayList<>()).getClass();
    private static final Class<?> MAP_VIEW = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    public static <T> List<T> list(List<T> l) {
        if (l == null || l.getClass() == LIST_VIEW || l.getClass().getName().startsWith("java.util.ImmutableCollections")) {
            return l;
        }
        return Collections.unmodifiableList(l);
    }

    public static <K, V> Map<K, V> map(Map<K, V> m) {
        if (m == null || m.getClass() == MAP_VIEW || m.getClass().getName().startsWith("java.util.ImmutableCollections")) {
            return m;
        }
        return Collections.unmodifiableMap(m);
    }
}
