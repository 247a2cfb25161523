package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small random tables with random consistent hierarchies, for agreement with exhaustive search. */
final class RandomCases {
    final Frame data;
    final List<String> qi = new ArrayList<>();
    final Map<String, Hierarchy> hierarchies = new LinkedHashMap<>();
    final Hierarchy sensitiveHierarchy;

    RandomCases(long seed) {
        Random rnd = new Random(seed);
        int dims = 2 + rnd.nextInt(3);
        int n = 40 + rnd.nextInt(260);
        List<Column> cols = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            String name = "q" + d;
            qi.add(name);
            int values = 2 + rnd.nextInt(9);
            int levels = 2 + rnd.nextInt(3);
            Hierarchy h = randomHierarchy(name, values, levels, rnd);
            hierarchies.put(name, h);
            String[] col = new String[n];
            for (int i = 0; i < n; i++) {
                // skewed: low values more frequent
                int v = (int) Math.floor(values * Math.pow(rnd.nextDouble(), 1.5));
                col[i] = name + "v" + v;
            }
            cols.add(StringColumn.of(name, col));
        }
        int sv = 2 + rnd.nextInt(5);
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = String.valueOf((int) Math.floor(sv * Math.pow(rnd.nextDouble(), 1.3)));
        }
        cols.add(StringColumn.of("s", s));
        sensitiveHierarchy = randomHierarchy("s", sv, 3, rnd, "");
        data = new Frame("random-" + seed, cols);
    }

    static Hierarchy randomHierarchy(String name, int values, int levels, Random rnd) {
        return randomHierarchy(name, values, levels, rnd, name + "v");
    }

    static Hierarchy randomHierarchy(String name, int values, int levels, Random rnd, String prefix) {
        List<String[]> rows = new ArrayList<>();
        int[] group = new int[values];
        for (int v = 0; v < values; v++) {
            group[v] = v;
        }
        String[][] table = new String[values][levels];
        for (int v = 0; v < values; v++) {
            table[v][0] = prefix + v;
        }
        for (int l = 1; l < levels; l++) {
            if (l == levels - 1) {
                for (int v = 0; v < values; v++) {
                    table[v][l] = "*";
                }
                break;
            }
            // merge groups: each group joins a random group with index ≤ it (keeps consistency)
            int[] next = new int[values];
            Map<Integer, Integer> parent = new LinkedHashMap<>();
            for (int v = 0; v < values; v++) {
                int g = group[v];
                Integer p = parent.get(g);
                if (p == null) {
                    p = rnd.nextInt(g + 1) / 2;
                    parent.put(g, p);
                }
                next[v] = p;
            }
            group = next;
            for (int v = 0; v < values; v++) {
                table[v][l] = "L" + l + "g" + group[v];
            }
        }
        for (String[] r : table) {
            rows.add(r);
        }
        return Hierarchy.of(name, "random", rows);
    }
}
