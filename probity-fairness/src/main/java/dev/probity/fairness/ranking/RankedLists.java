package dev.probity.fairness.ranking;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.frame.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ranked lists: for each query (a search, a user's recommendations, a job's candidates), its items in rank order with
 * their group and, optionally, their relevance (merit). Read from a frame with one row per (query, item); the order
 * within a query comes from a position column (1 = top) or a score column (higher = better; ties keep the rows' order).
 * Immutable.
 *
 * @param groups the groups' names; {@code group[q][r]} indexes them
 */
public record RankedLists(String source, List<String> queryIds, List<String[]> items, List<int[]> group, List<double[]> relevance,
                          List<double[]> scores, List<String> groups) {
    public RankedLists {
        queryIds = List.copyOf(queryIds);
        items = List.copyOf(items);
        group = List.copyOf(group);
        relevance = relevance == null ? null : List.copyOf(relevance);
        scores = scores == null ? null : List.copyOf(scores);
        groups = List.copyOf(groups);
    }

    /** The same lists in a new order per query: {@code order.get(q)[r]} is the old rank (0-based) of the item now at rank r. */
    public RankedLists reorder(List<int[]> order) {
        List<String[]> it = new ArrayList<>();
        List<int[]> gr = new ArrayList<>();
        List<double[]> rel = relevance == null ? null : new ArrayList<>();
        List<double[]> sc = scores == null ? null : new ArrayList<>();
        for (int q = 0; q < queries(); q++) {
            int[] o = order.get(q);
            String[] a = new String[o.length];
            int[] b = new int[o.length];
            double[] c = rel == null ? null : new double[o.length];
            double[] d = sc == null ? null : new double[o.length];
            for (int r = 0; r < o.length; r++) {
                a[r] = items.get(q)[o[r]];
                b[r] = group.get(q)[o[r]];
                if (c != null) {
                    c[r] = relevance.get(q)[o[r]];
                }
                if (d != null) {
                    d[r] = scores.get(q)[o[r]];
                }
            }
            it.add(a);
            gr.add(b);
            if (rel != null) {
                rel.add(c);
            }
            if (sc != null) {
                sc.add(d);
            }
        }
        return new RankedLists(source, queryIds, it, gr, rel, sc, groups);
    }

    /**
     * Each item's merit, for utility (NDCG) and the merit-based measures: its relevance when given, else its
     * {@link #signal}.
     */
    public double[] merit(int q) {
        return relevance != null ? relevance.get(q) : signal(q);
    }

    /**
     * What a re-ranker may order by: the system's own estimate — the item's score when the lists were given by score,
     * else its rank turned into a score (n − rank + 1, higher is better). Never the relevance column, which is for judging
     * the result: a re-ranker that sorted by true relevance would look better than any real one can be.
     */
    public double[] signal(int q) {
        if (scores != null) {
            return scores.get(q);
        }
        int n = group.get(q).length;
        double[] m = new double[n];
        for (int r = 0; r < n; r++) {
            m[r] = n - r;
        }
        return m;
    }

    public int queries() {
        return queryIds.size();
    }

    public boolean hasRelevance() {
        return relevance != null;
    }

    /** Items of all lists. */
    public long itemCount() {
        long n = 0;
        for (int[] g : group) {
            n += g.length;
        }
        return n;
    }

    /** The column roles of a ranking table. */
    public record Columns(String query, String item, String position, String score, String group, String relevance) {
        public Columns {
            if ((position == null) == (score == null)) {
                throw new InputException("give the order of each list by a position column ({{position}}) or a score column ({{score}}), one of them");
            }
            if (group == null) {
                throw new InputException("a ranking table needs an item group column ({{group}})");
            }
        }
    }

    public static RankedLists of(Frame frame, Columns c) {
        frame.requireRows();
        String qName = c.query() == null ? null : resolve(frame, c.query(), "query");
        String gName = resolve(frame, c.group(), "group");
        String iName = c.item() == null ? null : resolve(frame, c.item(), "item");
        String oName = resolve(frame, c.position() != null ? c.position() : c.score(), c.position() != null ? "position" : "score");
        String rName = c.relevance() == null ? null : resolve(frame, c.relevance(), "relevance");
        Column order = frame.column(oName);
        if (!Numbers.isNumeric(order)) {
            int bad = 0;
            while (bad < frame.rowCount() && (order.isMissing(bad) || parsesAsNumber(order.format(bad)))) {
                bad++;
            }
            throw new InputException("the " + (c.position() != null ? "position" : "score") + " column '" + oName + "' must hold numbers"
                    + (bad < frame.rowCount() ? "; it holds '" + InputException.shown(order.format(bad)) + "' on " + frame.origin().describe(bad) : ""));
        }
        double[] key = Numbers.finite(frame, order, c.position() != null ? "position" : "score");
        if (c.position() != null) {
            for (int i = 0; i < key.length; i++) {
                if (!Double.isNaN(key[i]) && (key[i] < 1 || key[i] != Math.rint(key[i]))) {
                    throw new InputException("a position is a whole number from 1 (the top); the column '" + oName + "' holds "
                            + order.format(i) + " on " + frame.origin().describe(i));
                }
            }
        }
        double[] rel = null;
        if (rName != null) {
            Column r = frame.column(rName);
            if (!Numbers.isNumeric(r)) {
                throw new InputException("the relevance column '" + rName + "' must hold numbers");
            }
            rel = Numbers.finite(frame, r, "relevance");
        }
        for (String need : new String[] {qName, gName, oName, rName}) {
            if (need != null && frame.column(need).missing().any()) {
                int row = frame.column(need).missing().next(0);
                throw new InputException("the column '" + need + "' has no value on " + frame.origin().describe(row)
                        + "; every ranked item needs a query, a group, a " + (c.position() != null ? "position" : "score")
                        + (rName != null ? " and a relevance" : ""));
            }
        }
        if (qName == null) {
            frame = frame.withColumn(dev.probity.core.frame.StringColumn.of("(list)", new int[frame.rowCount()], new String[] {"all"},
                    dev.probity.core.frame.Missing.NONE));
            qName = "(list)";
        }
        Grouping q = frame.groupBy(List.of(qName));
        Grouping g = frame.groupBy(List.of(gName));
        int nq = q.groupCount();
        int[] qc = q.rowGroups();
        int[] counts = new int[nq];
        for (int v : qc) {
            counts[v]++;
        }
        int[][] rows = new int[nq][];
        for (int k = 0; k < nq; k++) {
            rows[k] = new int[counts[k]];
        }
        int[] fill = new int[nq];
        for (int i = 0; i < qc.length; i++) {
            rows[qc[i]][fill[qc[i]]++] = i;
        }
        boolean byPosition = c.position() != null;
        List<String> ids = new ArrayList<>();
        List<String[]> items = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        List<double[]> rels = rel == null ? null : new ArrayList<>();
        List<double[]> scoreLists = byPosition ? null : new ArrayList<>();
        Column itemCol = iName == null ? null : frame.column(iName);
        int[] gc = g.rowGroups();
        for (int k = 0; k < nq; k++) {
            if (counts[k] == 0) {
                continue;
            }
            Integer[] r = Arrays.stream(rows[k]).boxed().toArray(Integer[]::new);
            // stable: ties keep the rows' order
            Arrays.sort(r, (a, b) -> byPosition ? Double.compare(key[a], key[b]) : Double.compare(key[b], key[a]));
            if (byPosition) {
                for (int j = 1; j < r.length; j++) {
                    if (key[r[j]] == key[r[j - 1]]) {
                        throw new InputException((c.query() == null ? "the list" : "query '" + q.labels(k)[0] + "'") + " has two items at position " + order.format(r[j])
                                + " (" + frame.origin().describe(r[j - 1]) + " and " + frame.origin().describe(r[j]) + ")");
                    }
                }
            }
            String[] it = new String[r.length];
            int[] gr = new int[r.length];
            double[] rv = rel == null ? null : new double[r.length];
            double[] sv = byPosition ? null : new double[r.length];
            for (int j = 0; j < r.length; j++) {
                it[j] = itemCol == null ? Integer.toString(j + 1) : itemCol.format(r[j]);
                gr[j] = gc[r[j]];
                if (sv != null) {
                    sv[j] = key[r[j]];
                }
                if (rv != null) {
                    rv[j] = rel[r[j]];
                    if (rv[j] < 0) {
                        throw new InputException("relevance must be at least 0; it is " + rv[j] + " on " + frame.origin().describe(r[j]));
                    }
                }
            }
            ids.add(q.labels(k)[0]);
            items.add(it);
            groups.add(gr);
            if (rels != null) {
                rels.add(rv);
            }
            if (scoreLists != null) {
                scoreLists.add(sv);
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < g.groupCount(); k++) {
            names.add(g.labels(k)[0]);
        }
        return new RankedLists(frame.source(), ids, items, groups, rels, scoreLists, names);
    }

    private static boolean parsesAsNumber(String s) {
        return dev.probity.core.model.Binarization.parseNumber(s) != null;
    }

    private static String resolve(Frame frame, String name, String role) {
        if (!frame.has(name)) {
            throw new InputException("the " + role + " column '" + InputException.shown(name) + "': " + frame.unknownColumnMessage(name));
        }
        return frame.resolve(name);
    }

    /** The code of a group, or −1. */
    public int groupCode(String name) {
        return groups.indexOf(name);
    }
}
