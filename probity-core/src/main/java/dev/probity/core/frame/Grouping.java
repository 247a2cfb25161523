package dev.probity.core.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows grouped by the cross product of some columns' values. Every row has a group code in
 * {@code [0, groupCount())}; each attribute has its own list of levels, and each group is a tuple of level
 * codes. Groups follow first appearance; a group may hold no rows when a text column's dictionary has values
 * that no remaining row holds (after a filter).
 */
public final class Grouping {
    /** The level that stands for a missing value. */
    public static final String MISSING_LABEL = "(missing)";

    private final List<String> attributes;
    private final int[] rowGroups;
    private final String[][] levels;
    private final int[][] keys;

    private Grouping(List<String> attributes, int[] rowGroups, String[][] levels, int[][] keys) {
        this.attributes = List.copyOf(attributes);
        this.rowGroups = rowGroups;
        this.levels = levels;
        this.keys = keys;
    }

    static Grouping of(Frame frame, List<String> names) {
        if (names.size() == 1 && frame.column(names.get(0)) instanceof StringColumn sc && !sc.missing().any()) {
            // One text column without missing values: its codes are the group codes already. Levels that no
            // row holds (after a filter) simply form no group for whoever counts rows.
            int[][] keys = new int[sc.cardinality()][];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = new int[] {k};
            }
            return new Grouping(List.of(sc.name()), sc.codes(), new String[][] {sc.dictionary()}, keys);
        }
        int n = frame.rowCount();
        int a = names.size();
        int[][] attrCodes = new int[a][];
        String[][] levels = new String[a][];
        List<String> actual = new ArrayList<>(a);
        for (int j = 0; j < a; j++) {
            Column c = frame.column(names.get(j));
            actual.add(c.name());
            Levels lv = levelsOf(c);
            attrCodes[j] = lv.codes;
            levels[j] = lv.labels;
        }
        int[] rowGroups = new int[n];
        List<int[]> keys = new ArrayList<>();
        if (a == 1) {
            // One attribute: group codes are the level codes, compacted to occurring levels.
            int[] map = new int[levels[0].length];
            Arrays.fill(map, -1);
            int[] codes = attrCodes[0];
            for (int i = 0; i < n; i++) {
                int c = codes[i];
                int g = map[c];
                if (g < 0) {
                    g = map[c] = keys.size();
                    keys.add(new int[] {c});
                }
                rowGroups[i] = g;
            }
        } else {
            Map<Key, Integer> seen = new HashMap<>();
            int[] scratch = new int[a];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < a; j++) {
                    scratch[j] = attrCodes[j][i];
                }
                Key k = new Key(scratch.clone());
                Integer g = seen.get(k);
                if (g == null) {
                    g = keys.size();
                    seen.put(k, g);
                    keys.add(k.codes);
                }
                rowGroups[i] = g;
            }
        }
        return new Grouping(actual, rowGroups, levels, keys.toArray(new int[0][]));
    }

    private record Key(int[] codes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(codes, k.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }
    }

    private record Levels(int[] codes, String[] labels) {}

    /** Per-row level codes and level labels of one column; missing becomes an extra level. */
    private static Levels levelsOf(Column c) {
        int n = c.size();
        int[] codes = new int[n];
        List<String> labels = new ArrayList<>();
        switch (c) {
            case StringColumn s -> {
                int[] src = s.codes();
                labels.addAll(Arrays.asList(s.dictionary()));
                int missing = -1;
                for (int i = 0; i < n; i++) {
                    int v = src[i];
                    if (v < 0) {
                        if (missing < 0) {
                            missing = labels.size();
                            labels.add(MISSING_LABEL);
                        }
                        v = missing;
                    }
                    codes[i] = v;
                }
            }
            default -> {
                Map<Object, Integer> seen = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    Object v = c.get(i);
                    String label = v == null ? MISSING_LABEL : c.format(i);
                    Integer code = seen.get(label);
                    if (code == null) {
                        code = labels.size();
                        seen.put(label, code);
                        labels.add(label);
                    }
                    codes[i] = code;
                }
            }
        }
        return new Levels(codes, labels.toArray(new String[0]));
    }

    public List<String> attributes() {
        return attributes;
    }

    /** Group code of each row; do not modify. */
    public int[] rowGroups() {
        return rowGroups;
    }

    public int groupCount() {
        return keys.length;
    }

    /** The levels of attribute {@code j}; some may not occur in any group. */
    public String[] levels(int j) {
        return levels[j];
    }

    /** Level codes of group {@code g}, one per attribute. */
    public int[] key(int g) {
        return keys[g];
    }

    /** Level labels of group {@code g}, one per attribute. */
    public String[] labels(int g) {
        int[] k = keys[g];
        String[] out = new String[k.length];
        for (int j = 0; j < k.length; j++) {
            out[j] = levels[j][k[j]];
        }
        return out;
    }
}
