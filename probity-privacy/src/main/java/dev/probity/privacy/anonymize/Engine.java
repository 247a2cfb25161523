package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of one anonymization, encoded once: each record's quasi-identifiers as rows of their hierarchies, the
 * distinct combinations of quasi-identifiers and sensitive values ("tuples") with their counts, and the sensitive
 * attributes' codes. Evaluates a full-domain generalization (a node of the lattice: one level per quasi-identifier)
 * by grouping the tuples, never the records.
 */
final class Engine {
    final Frame frame;
    final AnonymizationSpec spec;
    final int n;
    final int dims;
    final Hierarchy[] hierarchies;
    /** levels per dimension (including level 0) */
    final int[] levels;
    final int k;
    final int maxSuppressed;
    /** distinct tuples */
    final int tuples;
    final int[] count;
    /** tupleRow[d][t]: hierarchy row of dimension d in tuple t */
    final int[][] tupleRow;
    /** tupleSens[s][t]: code of sensitive attribute s in tuple t */
    final int[][] tupleSens;
    final int[] tupleOfRecord;
    final Sensitive[] sensitive;
    final Check[] checks;
    /** share[d][level][code] = leaves / |hierarchy| (ARX's domain share) */
    final double[][][] share;
    /** lower bound of the loss per dimension and level: every record generalized, none suppressed (normalized) */
    final double[][] boundNorm;

    /** A sensitive attribute: its codes and global distribution. */
    static final class Sensitive {
        final String name;
        final String[] values;
        final int[] codeOfRecord;
        final double[] global;

        Sensitive(String name, String[] values, int[] codes, double[] global) {
            this.name = name;
            this.values = values;
            this.codeOfRecord = codes;
            this.global = global;
        }
    }

    /** One ℓ-diversity or t-closeness model bound to a sensitive attribute. */
    record Check(PrivacyModel model, int attribute, int[] order, int[] hierarchyRow) {
    }

    Engine(Frame frame, AnonymizationSpec spec) {
        frame.requireRows();
        this.frame = frame;
        this.spec = spec;
        this.n = frame.rowCount();
        this.dims = spec.quasiIdentifiers().size();
        this.hierarchies = new Hierarchy[dims];
        this.levels = new int[dims];
        this.k = spec.k();
        this.maxSuppressed = (int) Math.floor(spec.suppressionLimit() * n + 1e-9);
        int[][] recordRow = new int[dims][n];
        for (int d = 0; d < dims; d++) {
            String q = spec.quasiIdentifiers().get(d);
            Column col = column(q);
            Hierarchy h = spec.hierarchies().get(q);
            hierarchies[d] = h;
            levels[d] = h.levels();
            Map<String, Integer> memo = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String v = col.format(i);
                if (col.isMissing(i)) {
                    throw new InputException(frame.origin().describe(i) + ": the quasi-identifier '" + q
                            + "' is missing; give missing values a line of their own in the hierarchy, or remove the row",
                            new InputException.Location(frame.source(), 0, 0, q, null));
                }
                Integer r = memo.get(v);
                if (r == null) {
                    r = h.row(v);
                    if (r < 0) {
                        throw new InputException(frame.origin().describe(i) + ": the quasi-identifier '" + q + "' has the value '"
                                + InputException.shown(v) + "', which its hierarchy (" + h.source() + ") does not list",
                                new InputException.Location(frame.source(), 0, 0, q, v));
                    }
                    memo.put(v, r);
                }
                recordRow[d][i] = r;
            }
        }
        // sensitive attributes
        List<String> sensNames = new ArrayList<>();
        List<Check> checkList = new ArrayList<>();
        for (PrivacyModel m : spec.models()) {
            String s = switch (m) {
                case PrivacyModel.KAnonymity ka -> null;
                case PrivacyModel.LDiversity l -> l.attribute();
                case PrivacyModel.TCloseness t -> t.attribute();
            };
            if (s == null) {
                continue;
            }
            int idx = sensNames.indexOf(s);
            if (idx < 0) {
                idx = sensNames.size();
                sensNames.add(s);
            }
            checkList.add(new Check(m, idx, null, null));
        }
        sensitive = new Sensitive[sensNames.size()];
        for (int s = 0; s < sensitive.length; s++) {
            String name = sensNames.get(s);
            Column col = column(name);
            Map<String, Integer> codes = new HashMap<>();
            List<String> values = new ArrayList<>();
            int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                if (col.isMissing(i)) {
                    throw new InputException(frame.origin().describe(i) + ": the sensitive attribute '" + name + "' is missing",
                            new InputException.Location(frame.source(), 0, 0, name, null));
                }
                String v = col.format(i);
                Integer code = codes.get(v);
                if (code == null) {
                    code = values.size();
                    codes.put(v, code);
                    values.add(v);
                }
                c[i] = code;
            }
            double[] global = new double[values.size()];
            for (int i = 0; i < n; i++) {
                global[c[i]]++;
            }
            for (int v = 0; v < global.length; v++) {
                global[v] /= n;
            }
            sensitive[s] = new Sensitive(name, values.toArray(new String[0]), c, global);
        }
        checks = new Check[checkList.size()];
        for (int i = 0; i < checks.length; i++) {
            Check ch = checkList.get(i);
            Sensitive s = sensitive[ch.attribute()];
            int[] order = null;
            int[] hrow = null;
            if (ch.model() instanceof PrivacyModel.TCloseness t) {
                if (t.distance() == PrivacyModel.Distance.ORDERED) {
                    order = Ordering.ranks(s.values);
                } else if (t.distance() == PrivacyModel.Distance.HIERARCHICAL) {
                    hrow = new int[s.values.length];
                    for (int v = 0; v < hrow.length; v++) {
                        hrow[v] = t.hierarchy().row(s.values[v]);
                        if (hrow[v] < 0) {
                            throw new InputException("the sensitive attribute '" + s.name + "' has the value '"
                                    + InputException.shown(s.values[v]) + "', which its hierarchy does not list",
                                    new InputException.Location(frame.source(), 0, 0, s.name, s.values[v]));
                        }
                    }
                }
            }
            if (ch.model() instanceof PrivacyModel.LDiversity l && s.values.length < Math.ceil(l.l() - 1e-9)) {
                throw new InputException("the sensitive attribute '" + s.name + "' has " + s.values.length
                        + " distinct value" + (s.values.length == 1 ? "" : "s") + " in the whole data, so no group of records can be "
                        + l.variant().name().toLowerCase() + " " + fmt(l.l()) + "-diverse",
                        new InputException.Location(frame.source(), 0, 0, s.name, null));
            }
            checks[i] = new Check(ch.model(), ch.attribute(), order, hrow);
        }
        // distinct tuples over quasi-identifier rows and sensitive codes
        int[] card = new int[dims + sensitive.length];
        for (int d = 0; d < dims; d++) {
            card[d] = hierarchies[d].size();
        }
        for (int s = 0; s < sensitive.length; s++) {
            card[dims + s] = sensitive[s].values.length;
        }
        Grouper g = new Grouper(card, Math.min(n, 1 << 16));
        tupleOfRecord = new int[n];
        int[] key = new int[card.length];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                key[d] = recordRow[d][i];
            }
            for (int s = 0; s < sensitive.length; s++) {
                key[dims + s] = sensitive[s].codeOfRecord[i];
            }
            tupleOfRecord[i] = g.id(key);
        }
        tuples = g.size();
        count = new int[tuples];
        tupleRow = new int[dims][tuples];
        tupleSens = new int[sensitive.length][tuples];
        for (int i = 0; i < n; i++) {
            int t = tupleOfRecord[i];
            if (count[t]++ == 0) {
                for (int d = 0; d < dims; d++) {
                    tupleRow[d][t] = recordRow[d][i];
                }
                for (int s = 0; s < sensitive.length; s++) {
                    tupleSens[s][t] = sensitive[s].codeOfRecord[i];
                }
            }
        }
        share = new double[dims][][];
        boundNorm = new double[dims][];
        for (int d = 0; d < dims; d++) {
            Hierarchy h = hierarchies[d];
            share[d] = new double[levels[d]][];
            boundNorm[d] = new double[levels[d]];
            for (int l = 0; l < levels[d]; l++) {
                share[d][l] = new double[h.distinct(l)];
                for (int c = 0; c < share[d][l].length; c++) {
                    share[d][l][c] = (double) h.leaves(l, c) / h.size();
                }
                double sum = 0;
                int[] codes = h.codes(l);
                for (int t = 0; t < tuples; t++) {
                    sum += count[t] * share[d][l][codes[tupleRow[d][t]]];
                }
                boundNorm[d][l] = normalize(sum, d);
            }
        }
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    private Column column(String name) {
        if (!frame.has(name)) {
            throw new InputException(frame.unknownColumnMessage(name));
        }
        return frame.column(frame.resolve(name));
    }

    /** ARX's normalization of one dimension's loss: (sum − N/|D|) / (N − N/|D|), at least 0. */
    double normalize(double sum, int d) {
        double min = (double) n / hierarchies[d].size();
        double max = n;
        if (max - min <= 0) {
            return 0;
        }
        double r = (sum - min) / (max - min);
        return r > 0 ? r : 0;
    }

    /** ARX's default aggregate of the loss: the geometric mean of (1 + value), less 1. */
    static double aggregate(double[] perDim) {
        double r = 1;
        for (double v : perDim) {
            r *= Math.pow(v + 1, 1.0 / perDim.length);
        }
        return r - 1;
    }

    double lowerBound(int[] node) {
        double[] v = new double[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = boundNorm[d][node[d]];
        }
        return aggregate(v);
    }

    /** The outcome of one node. */
    static final class Result {
        int[] node;
        int classes;
        int[] classOfTuple;
        int[] classSize;
        int[] classRep;
        boolean[] fails;
        int suppressed;
        boolean anonymous;
        double[] lossPerDim;
        double loss;
    }

    private final ThreadLocal<Grouper> grouper = new ThreadLocal<>();

    /** The equivalence classes of a node, without the tuple assignment: for the search, and for rolling up. */
    static final class Classes {
        int count;
        /** codes[d][c]: generalized code of dimension d in class c at the node's level */
        int[][] codes;
        int[] size;
        /** hist[s][c * m + v]: records of class c with value v of sensitive attribute s */
        int[][] hist;

        long weight() {
            return (long) count * (codes.length + 1 + (hist == null ? 0 : hist.length * 4L));
        }
    }

    private int[][][][] up;

    /** up[d][from][to][code]: the code at level {@code to} of a code at level {@code from} ≤ to. */
    private int[] up(int d, int from, int to) {
        if (up == null) {
            up = new int[dims][][][];
            for (int dd = 0; dd < dims; dd++) {
                Hierarchy h = hierarchies[dd];
                up[dd] = new int[levels[dd]][levels[dd]][];
                for (int a = 0; a < levels[dd]; a++) {
                    for (int b = a; b < levels[dd]; b++) {
                        int[] map = new int[h.distinct(a)];
                        int[] ca = h.codes(a);
                        int[] cb = h.codes(b);
                        for (int r = 0; r < h.size(); r++) {
                            map[ca[r]] = cb[r];
                        }
                        up[dd][a][b] = map;
                    }
                }
            }
        }
        return up[d][from][to];
    }

    private Grouper grouper() {
        Grouper g = grouper.get();
        if (g == null) {
            int[] card = new int[dims];
            for (int d = 0; d < dims; d++) {
                card[d] = hierarchies[d].size();
            }
            g = new Grouper(card, tuples);
            grouper.set(g);
        }
        g.reset();
        return g;
    }

    /** The classes of {@code node} from the tuples. */
    Classes group(int[] node) {
        Grouper g = grouper();
        int[][] codes = new int[dims][];
        for (int d = 0; d < dims; d++) {
            codes[d] = hierarchies[d].codes(node[d]);
        }
        int[] key = new int[dims];
        int[] classOf = new int[tuples];
        for (int t = 0; t < tuples; t++) {
            for (int d = 0; d < dims; d++) {
                key[d] = codes[d][tupleRow[d][t]];
            }
            classOf[t] = g.id(key);
        }
        Classes c = new Classes();
        c.count = g.size();
        c.codes = new int[dims][c.count];
        c.size = new int[c.count];
        for (int t = 0; t < tuples; t++) {
            int cl = classOf[t];
            if (c.size[cl] == 0) {
                for (int d = 0; d < dims; d++) {
                    c.codes[d][cl] = codes[d][tupleRow[d][t]];
                }
            }
            c.size[cl] += count[t];
        }
        if (sensitive.length > 0) {
            c.hist = new int[sensitive.length][];
            for (int s = 0; s < sensitive.length; s++) {
                int m = sensitive[s].values.length;
                int[] h = new int[c.count * m];
                int[] sens = tupleSens[s];
                for (int t = 0; t < tuples; t++) {
                    h[classOf[t] * m + sens[t]] += count[t];
                }
                c.hist[s] = h;
            }
        }
        return c;
    }

    /** The classes of {@code node} from those of a node below it (every level ≤ the node's). */
    Classes rollup(Classes from, int[] fromNode, int[] node) {
        Grouper g = grouper();
        int[][] maps = new int[dims][];
        for (int d = 0; d < dims; d++) {
            maps[d] = up(d, fromNode[d], node[d]);
        }
        int[] key = new int[dims];
        int[] classOf = new int[from.count];
        for (int c = 0; c < from.count; c++) {
            for (int d = 0; d < dims; d++) {
                key[d] = maps[d][from.codes[d][c]];
            }
            classOf[c] = g.id(key);
        }
        Classes out = new Classes();
        out.count = g.size();
        out.codes = new int[dims][out.count];
        out.size = new int[out.count];
        for (int c = 0; c < from.count; c++) {
            int cl = classOf[c];
            if (out.size[cl] == 0) {
                for (int d = 0; d < dims; d++) {
                    out.codes[d][cl] = maps[d][from.codes[d][c]];
                }
            }
            out.size[cl] += from.size[c];
        }
        if (from.hist != null) {
            out.hist = new int[from.hist.length][];
            for (int s = 0; s < from.hist.length; s++) {
                int m = sensitive[s].values.length;
                int[] h = new int[out.count * m];
                int[] src = from.hist[s];
                for (int c = 0; c < from.count; c++) {
                    int base = classOf[c] * m;
                    int sb = c * m;
                    for (int v = 0; v < m; v++) {
                        h[base + v] += src[sb + v];
                    }
                }
                out.hist[s] = h;
            }
        }
        return out;
    }

    /** {@link #judge}'s answer when the classes smaller than k alone exceed the suppression limit (a monotone failure). */
    static final double K_FAILS = -1;

    /**
     * Whether a node's classes are anonymous within the suppression limit, and its loss: {@link #K_FAILS} when the
     * classes smaller than k alone need more suppression than allowed, NaN when ℓ-diversity or t-closeness does.
     */
    double judge(int[] node, Classes c) {
        boolean[] fails = new boolean[c.count];
        int suppressed = 0;
        for (int i = 0; i < c.count; i++) {
            if (c.size[i] < k) {
                fails[i] = true;
                suppressed += c.size[i];
            }
        }
        if (suppressed > maxSuppressed) {
            return K_FAILS;
        }
        for (Check ch : checks) {
            Sensitive s = sensitive[ch.attribute()];
            int m = s.values.length;
            int[] hist = c.hist[ch.attribute()];
            int[] h = new int[m];
            for (int i = 0; i < c.count; i++) {
                if (fails[i]) {
                    continue;
                }
                System.arraycopy(hist, i * m, h, 0, m);
                if (!SensitiveChecks.holds(ch, s, h, c.size[i])) {
                    fails[i] = true;
                    suppressed += c.size[i];
                    if (suppressed > maxSuppressed) {
                        return Double.NaN;
                    }
                }
            }
        }
        double[] perDim = new double[dims];
        for (int d = 0; d < dims; d++) {
            double sum = suppressed;
            int[] cd = c.codes[d];
            double[] sh = share[d][node[d]];
            for (int i = 0; i < c.count; i++) {
                if (!fails[i]) {
                    sum += c.size[i] * sh[cd[i]];
                }
            }
            perDim[d] = normalize(sum, d);
        }
        return aggregate(perDim);
    }


    Result evaluate(int[] node) {
        Grouper g = grouper.get();
        if (g == null) {
            int[] card = new int[dims];
            for (int d = 0; d < dims; d++) {
                card[d] = hierarchies[d].size();
            }
            g = new Grouper(card, tuples);
            grouper.set(g);
        }
        g.reset();
        int[][] codes = new int[dims][];
        for (int d = 0; d < dims; d++) {
            codes[d] = hierarchies[d].codes(node[d]);
        }
        Result r = new Result();
        r.node = node.clone();
        r.classOfTuple = new int[tuples];
        int[] key = new int[dims];
        int[] sizes = new int[Math.min(tuples, 1024)];
        int[] reps = new int[sizes.length];
        for (int t = 0; t < tuples; t++) {
            for (int d = 0; d < dims; d++) {
                key[d] = codes[d][tupleRow[d][t]];
            }
            int c = g.id(key);
            if (c >= sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
                reps = Arrays.copyOf(reps, reps.length * 2);
            }
            if (sizes[c] == 0) {
                reps[c] = t;
            }
            sizes[c] += count[t];
            r.classOfTuple[t] = c;
        }
        int classes = g.size();
        r.classes = classes;
        r.classSize = Arrays.copyOf(sizes, classes);
        r.classRep = Arrays.copyOf(reps, classes);
        r.fails = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            r.fails[c] = r.classSize[c] < k;
        }
        for (Check ch : checks) {
            Sensitive s = sensitive[ch.attribute()];
            int m = s.values.length;
            int[] hist = new int[classes * m];
            int[] sens = tupleSens[ch.attribute()];
            for (int t = 0; t < tuples; t++) {
                hist[r.classOfTuple[t] * m + sens[t]] += count[t];
            }
            int[] h = new int[m];
            for (int c = 0; c < classes; c++) {
                if (r.fails[c]) {
                    continue;
                }
                System.arraycopy(hist, c * m, h, 0, m);
                if (!SensitiveChecks.holds(ch, s, h, r.classSize[c])) {
                    r.fails[c] = true;
                }
            }
        }
        int suppressed = 0;
        for (int c = 0; c < classes; c++) {
            if (r.fails[c]) {
                suppressed += r.classSize[c];
            }
        }
        r.suppressed = suppressed;
        r.anonymous = suppressed <= maxSuppressed;
        r.lossPerDim = new double[dims];
        for (int d = 0; d < dims; d++) {
            double sum = suppressed;
            int[] cd = codes[d];
            double[] sh = share[d][node[d]];
            int[] rows = tupleRow[d];
            for (int c = 0; c < classes; c++) {
                if (!r.fails[c]) {
                    sum += r.classSize[c] * sh[cd[rows[r.classRep[c]]]];
                }
            }
            r.lossPerDim[d] = normalize(sum, d);
        }
        r.loss = aggregate(r.lossPerDim);
        return r;
    }
}
