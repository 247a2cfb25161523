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
                          List<String> groups) {
    public RankedLists {
        queryIds = List.copyOf(queryIds);
        items = List.copyOf(items);
        group = List.copyOf(group);
        relevance = relevance == null ? null : List.copyOf(relevance);
        groups = List.copyOf(groups);
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
            if (query == null || group == null) {
                throw new InputException("a ranking table needs a query column ({{query}}) and an item group column ({{group}})");
            }
        }
    }

    public static RankedLists of(Frame frame, Columns c) {
        frame.requireRows();
        String qName = resolve(frame, c.query(), "query");
        String gName = resolve(frame, c.group(), "group");
        String iName = c.item() == null ? null : resolve(frame, c.item(), "item");
        String oName = resolve(frame, c.position() != null ? c.position() : c.score(), c.position() != null ? "position" : "score");
        String rName = c.relevance() == null ? null : resolve(frame, c.relevance(), "relevance");
        Column order = frame.column(oName);
        if (!Numbers.isNumeric(order)) {
            throw new InputException("the " + (c.position() != null ? "position" : "score") + " column '" + oName + "' must hold numbers");
        }
        double[] key = Numbers.finite(frame, order, c.position() != null ? "position" : "score");
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
                        throw new InputException("query '" + q.labels(k)[0] + "' has two items at position " + order.format(r[j])
                                + " (" + frame.origin().describe(r[j - 1]) + " and " + frame.origin().describe(r[j]) + ")");
                    }
                }
            }
            String[] it = new String[r.length];
            int[] gr = new int[r.length];
            double[] rv = rel == null ? null : new double[r.length];
            for (int j = 0; j < r.length; j++) {
                it[j] = itemCol == null ? Integer.toString(j + 1) : itemCol.format(r[j]);
                gr[j] = gc[r[j]];
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
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < g.groupCount(); k++) {
            names.add(g.labels(k)[0]);
        }
        return new RankedLists(frame.source(), ids, items, groups, rels, names);
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
