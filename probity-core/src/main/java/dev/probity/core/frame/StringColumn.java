package dev.probity.core.frame;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A dictionary-encoded text column: row {@code i} holds {@code dictionary()[codes()[i]]}, and code
 * {@code -1} marks a missing value. Dictionary entries are distinct; their order is the order of first
 * appearance in the source, so codes are deterministic whatever the number of reader threads.
 */
public final class StringColumn implements Column {
    /** The code of a missing value. */
    public static final int MISSING = -1;

    private final String name;
    private final int[] codes;
    private final String[] dictionary;
    private final Missing missing;
    private Map<String, Integer> index;

    public StringColumn(String name, int[] codes, String[] dictionary) {
        this(name, codes, dictionary, maskOf(codes));
    }

    StringColumn(String name, int[] codes, String[] dictionary, Missing missing) {
        this.name = Objects.requireNonNull(name);
        this.codes = Objects.requireNonNull(codes);
        this.dictionary = Objects.requireNonNull(dictionary);
        this.missing = missing;
    }

    /** Builds a column from values ({@code null} = missing). */
    public static StringColumn of(String name, String... values) {
        Map<String, Integer> seen = new HashMap<>();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                codes[i] = MISSING;
            } else {
                codes[i] = seen.computeIfAbsent(values[i], k -> seen.size());
            }
        }
        String[] dict = new String[seen.size()];
        seen.forEach((k, v) -> dict[v] = k);
        return new StringColumn(name, codes, dict);
    }

    /** A column over existing codes whose missing rows (code -1) are already known; no scan. */
    public static StringColumn of(String name, int[] codes, String[] dictionary, Missing missing) {
        return new StringColumn(name, codes, dictionary, missing == null ? Missing.NONE : missing);
    }

    private static Missing maskOf(int[] codes) {
        BitSet bits = null;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0) {
                if (bits == null) {
                    bits = new BitSet(codes.length);
                }
                bits.set(i);
            }
        }
        return Missing.adopt(bits);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.STRING; }
    @Override public int size() { return codes.length; }
    @Override public Missing missing() { return missing; }

    /** The codes; do not modify. */
    public int[] codes() {
        return codes;
    }

    /** The dictionary; do not modify. */
    public String[] dictionary() {
        return dictionary;
    }

    /** Number of distinct values (dictionary size). */
    public int cardinality() {
        return dictionary.length;
    }

    public String getString(int row) {
        int c = codes[row];
        return c < 0 ? null : dictionary[c];
    }

    /** The code of a value, or -1 when the value does not occur. */
    public synchronized int codeOf(String value) {
        if (index == null) {
            Map<String, Integer> m = new HashMap<>(dictionary.length * 2);
            for (int i = 0; i < dictionary.length; i++) {
                m.put(dictionary[i], i);
            }
            index = m;
        }
        Integer c = index.get(value);
        return c == null ? MISSING : c;
    }

    @Override
    public String format(int row) {
        return getString(row);
    }

    @Override
    public Object get(int row) {
        return getString(row);
    }

    /** Rows keep their codes; the dictionary is shared, so some entries may no longer occur. */
    @Override
    public StringColumn select(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = codes[rows[i]];
        }
        return new StringColumn(name, out, dictionary, missing.select(rows));
    }

    /** A copy whose dictionary holds only values that occur, in order of first appearance. */
    public StringColumn compact() {
        int[] remap = new int[dictionary.length];
        Arrays.fill(remap, -1);
        int next = 0;
        int[] out = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            if (c < 0) {
                out[i] = MISSING;
                continue;
            }
            if (remap[c] < 0) {
                remap[c] = next++;
            }
            out[i] = remap[c];
        }
        String[] dict = new String[next];
        for (int c = 0; c < remap.length; c++) {
            if (remap[c] >= 0) {
                dict[remap[c]] = dictionary[c];
            }
        }
        return new StringColumn(name, out, dict, missing);
    }

    @Override
    public StringColumn rename(String newName) {
        return new StringColumn(newName, codes, dictionary, missing);
    }
}
