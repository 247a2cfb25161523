package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local recoding by Mondrian (LeFevre, DeWitt and Ramakrishnan 2006, strict multidimensional partitioning): the
 * records are split recursively at the median of the quasi-identifier whose values spread widest in the part
 * (relative to the whole table), as long as both halves still satisfy the privacy models; each final part is released
 * with its quasi-identifiers summarized — a number as the range {@code lo-hi} of the part, a category as its lowest
 * common generalization in its hierarchy. Unlike full-domain generalization, different parts may be generalized
 * differently, so it usually loses less; it suppresses nothing.
 *
 * <p>Numbers are ordered by value; categories by the order of their hierarchy's lines (siblings are adjacent there).
 * Supported models: k-anonymity and ℓ-diversity (a cut is allowed when both halves satisfy them).
 */
public final class Mondrian {
    private Mondrian() {
    }

    /**
     * The result.
     *
     * @param output     the data with the quasi-identifiers summarized per part (as text)
     * @param partOfRow  each row's part, 0-based
     * @param parts      the number of parts (equivalence classes)
     * @param ncp        the normalized certainty penalty (Xu et al. 2006): per record and quasi-identifier, a number's
     *                   range over the table's range, a category's share of its hierarchy's values covered by the
     *                   released generalization (0 for a single value); averaged over attributes and records, in [0, 1]
     */
    public record Result(Frame output, int[] partOfRow, int parts, double ncp) {
    }

    /**
     * @param hierarchies a hierarchy for each categorical quasi-identifier (numeric ones need none)
     */
    public static Result anonymize(Frame data, List<String> quasiIdentifiers, Map<String, Hierarchy> hierarchies,
                                   List<PrivacyModel> models) {
        int n = data.rowCount();
        int dims = quasiIdentifiers.size();
        if (dims == 0) {
            throw new InputException("Mondrian needs at least one quasi-identifier");
        }
        int k = 1;
        List<PrivacyModel.LDiversity> diversity = new ArrayList<>();
        for (PrivacyModel m : models) {
            switch (m) {
                case PrivacyModel.KAnonymity ka -> k = Math.max(k, ka.k());
                case PrivacyModel.LDiversity l -> diversity.add(l);
                case PrivacyModel.TCloseness t -> throw new InputException(
                        "Mondrian here supports k-anonymity and ℓ-diversity; use the full-domain search for t-closeness");
            }
        }
        // ranks per dimension
        double[][] value = new double[dims][n];
        int[][] rank = new int[dims][n];
        Hierarchy[] h = new Hierarchy[dims];
        boolean[] numeric = new boolean[dims];
        double[] span = new double[dims];
        for (int d = 0; d < dims; d++) {
            String q = quasiIdentifiers.get(d);
            if (!data.has(q)) {
                throw new InputException(data.unknownColumnMessage(q));
            }
            Column c = data.column(data.resolve(q));
            for (int i = 0; i < n; i++) {
                if (c.isMissing(i)) {
                    throw new InputException(data.origin().describe(i) + ": the quasi-identifier '" + q + "' is missing",
                            new InputException.Location(data.source(), 0, 0, q, null));
                }
            }
            if (c instanceof LongColumn || c instanceof DoubleColumn) {
                numeric[d] = true;
                for (int i = 0; i < n; i++) {
                    value[d][i] = c instanceof LongColumn l ? l.values()[i] : ((DoubleColumn) c).values()[i];
                }
                double[] sorted = value[d].clone();
                Arrays.sort(sorted);
                span[d] = sorted[n - 1] - sorted[0];
                for (int i = 0; i < n; i++) {
                    rank[d][i] = Arrays.binarySearch(sorted, value[d][i]);
                }
            } else {
                h[d] = hierarchies.get(q);
                if (h[d] == null) {
                    throw new InputException("the categorical quasi-identifier '" + q + "' has no hierarchy");
                }
                for (int i = 0; i < n; i++) {
                    int r = h[d].row(c.format(i));
                    if (r < 0) {
                        throw new InputException(data.origin().describe(i) + ": the quasi-identifier '" + q + "' has the value '"
                                + InputException.shown(c.format(i)) + "', which its hierarchy (" + h[d].source() + ") does not list",
                                new InputException.Location(data.source(), 0, 0, q, c.format(i)));
                    }
                    rank[d][i] = r;
                    value[d][i] = r;
                }
                span[d] = h[d].size() - 1;
            }
        }
        // sensitive codes for ℓ-diversity
        int[][] sens = new int[diversity.size()][n];
        int[] domain = new int[diversity.size()];
        for (int s = 0; s < diversity.size(); s++) {
            String name = diversity.get(s).attribute();
            if (!data.has(name)) {
                throw new InputException(data.unknownColumnMessage(name));
            }
            Column c = data.column(data.resolve(name));
            Map<String, Integer> codes = new HashMap<>();
            for (int i = 0; i < n; i++) {
                sens[s][i] = codes.computeIfAbsent(c.format(i) == null ? "" : c.format(i), x -> codes.size());
            }
            domain[s] = codes.size();
        }
        final int kk = k;
        java.util.function.Predicate<int[]> ok = rows -> {
            if (rows.length < kk) {
                return false;
            }
            for (int s = 0; s < diversity.size(); s++) {
                int[] hist = new int[domain[s]];
                for (int i : rows) {
                    hist[sens[s][i]]++;
                }
                if (!SensitiveChecks.diverse(diversity.get(s), hist, rows.length)) {
                    return false;
                }
            }
            return true;
        };
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (!ok.test(all)) {
            throw new InputException("the whole table does not satisfy the privacy models, so no partition can");
        }
        List<int[]> parts = new ArrayList<>();
        Deque<int[]> work = new ArrayDeque<>();
        work.push(all);
        while (!work.isEmpty()) {
            int[] part = work.pop();
            int[][] cut = cut(part, rank, span, numeric, value, ok);
            if (cut == null) {
                parts.add(part);
            } else {
                work.push(cut[1]);
                work.push(cut[0]);
            }
        }
        // summaries
        int[] partOf = new int[n];
        String[][] out = new String[dims][n];
        double ncp = 0;
        for (int p = 0; p < parts.size(); p++) {
            int[] part = parts.get(p);
            for (int d = 0; d < dims; d++) {
                String label;
                double penalty;
                if (numeric[d]) {
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (int i : part) {
                        lo = Math.min(lo, value[d][i]);
                        hi = Math.max(hi, value[d][i]);
                    }
                    label = lo == hi ? num(lo) : num(lo) + "-" + num(hi);
                    penalty = span[d] == 0 ? 0 : (hi - lo) / span[d];
                } else {
                    int level = 0;
                    while (level < h[d].levels() - 1 && !shared(h[d], part, rank[d], level)) {
                        level++;
                    }
                    int code = h[d].code(level, rank[d][part[0]]);
                    label = h[d].label(level, code);
                    int covered = h[d].leaves(level, code);
                    penalty = h[d].size() <= 1 || covered == 1 ? 0 : (double) covered / h[d].size();
                }
                for (int i : part) {
                    out[d][i] = label;
                }
                ncp += penalty * part.length;
            }
            for (int i : part) {
                partOf[i] = p;
            }
        }
        Map<String, Integer> qi = new LinkedHashMap<>();
        for (int d = 0; d < dims; d++) {
            qi.put(data.resolve(quasiIdentifiers.get(d)), d);
        }
        List<Column> cols = new ArrayList<>();
        for (Column c : data.columns()) {
            Integer d = qi.get(c.name());
            cols.add(d == null ? c : StringColumn.of(c.name(), out[d]));
        }
        return new Result(new Frame(data.source(), cols, data.origin()), partOf, parts.size(), ncp / ((double) n * dims));
    }

    private static boolean shared(Hierarchy h, int[] part, int[] rows, int level) {
        int first = h.code(level, rows[part[0]]);
        for (int i : part) {
            if (h.code(level, rows[i]) != first) {
                return false;
            }
        }
        return true;
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** The allowed cut of the widest dimension at its median (trying the others in order of width), or null. */
    private static int[][] cut(int[] part, int[][] rank, double[] span, boolean[] numeric, double[][] value,
                               java.util.function.Predicate<int[]> ok) {
        int dims = rank.length;
        Integer[] order = new Integer[dims];
        double[] width = new double[dims];
        for (int d = 0; d < dims; d++) {
            order[d] = d;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i : part) {
                lo = Math.min(lo, value[d][i]);
                hi = Math.max(hi, value[d][i]);
            }
            width[d] = span[d] == 0 ? 0 : (hi - lo) / span[d];
        }
        Arrays.sort(order, (a, b) -> Double.compare(width[b], width[a]));
        for (int d : order) {
            if (width[d] == 0) {
                break;
            }
            int[] ranks = new int[part.length];
            for (int j = 0; j < part.length; j++) {
                ranks[j] = rank[d][part[j]];
            }
            int[] sorted = ranks.clone();
            Arrays.sort(sorted);
            int median = sorted[part.length / 2];
            // left: values below the median, or up to it; the first allowed cut wins
            for (boolean inclusive : new boolean[]{false, true}) {
                int left = 0;
                for (int r : ranks) {
                    if (r < median || (inclusive && r == median)) {
                        left++;
                    }
                }
                if (left == 0 || left == part.length) {
                    continue;
                }
                int[] l = new int[left];
                int[] rr = new int[part.length - left];
                int a = 0;
                int b = 0;
                for (int j = 0; j < part.length; j++) {
                    if (ranks[j] < median || (inclusive && ranks[j] == median)) {
                        l[a++] = part[j];
                    } else {
                        rr[b++] = part[j];
                    }
                }
                if (ok.test(l) && ok.test(rr)) {
                    return new int[][]{l, rr};
                }
            }
        }
        return null;
    }
}
