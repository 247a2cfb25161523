package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of a release written apart from the library's code: equivalence classes, suppression and the loss are
 * recomputed from the output table and the hierarchies' rows only.
 */
final class Independent {
    private Independent() {
    }

    static boolean allTop(Anonymization a) {
        for (int d = 0; d < a.levels().size(); d++) {
            if (a.levels().get(d) < a.heights().get(d)) {
                return false;
            }
        }
        return true;
    }

    /** Rows whose quasi-identifiers are all {@code *}, when the transformation is not the top: the suppressed rows. */
    static boolean[] suppressedRows(Anonymization a) {
        Frame out = a.output();
        boolean[] s = new boolean[out.rowCount()];
        if (allTop(a)) {
            return s;
        }
        for (int i = 0; i < s.length; i++) {
            boolean all = true;
            for (String q : a.quasiIdentifiers()) {
                all &= "*".equals(out.column(q).format(i));
            }
            s[i] = all;
        }
        return s;
    }

    /** The released classes: quasi-identifier texts joined → row numbers. */
    static Map<List<String>, List<Integer>> classes(Anonymization a) {
        Frame out = a.output();
        boolean[] sup = suppressedRows(a);
        Map<List<String>, List<Integer>> m = new LinkedHashMap<>();
        for (int i = 0; i < out.rowCount(); i++) {
            if (sup[i]) {
                continue;
            }
            List<String> key = new ArrayList<>();
            for (String q : a.quasiIdentifiers()) {
                key.add(out.column(q).format(i));
            }
            m.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
        }
        return m;
    }

    /** ARX's loss recomputed from the output and the hierarchies' rows. */
    static double loss(Anonymization a, Map<String, Hierarchy> hierarchies) {
        Frame out = a.output();
        boolean[] sup = suppressedRows(a);
        int n = out.rowCount();
        double product = 1;
        int dims = a.quasiIdentifiers().size();
        for (int d = 0; d < dims; d++) {
            String q = a.quasiIdentifiers().get(d);
            List<String[]> rows = hierarchies.get(q).rows();
            int level = a.levels().get(d);
            Map<String, Integer> covered = new HashMap<>();
            for (String[] r : rows) {
                covered.merge(r[level], 1, Integer::sum);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (sup[i]) {
                    sum += 1;
                } else {
                    sum += (double) covered.get(out.column(q).format(i)) / rows.size();
                }
            }
            double min = (double) n / rows.size();
            double v = Math.max(0, (sum - min) / (n - min));
            product *= Math.pow(1 + v, 1.0 / dims);
        }
        return product - 1;
    }
}
