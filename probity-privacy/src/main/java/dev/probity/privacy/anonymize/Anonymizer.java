package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Globally optimal full-domain generalization: among all transformations (one generalization level per
 * quasi-identifier) whose release satisfies the privacy models within the suppression limit, the one with the lowest
 * {@linkplain Utility#loss() loss}; ties go to the lower sum of levels, then to the lexicographically smaller levels.
 *
 * <p>The search visits the lattice of transformations in order of a lower bound of the loss (the loss with every
 * record generalized and none suppressed, which never decreases upwards in the lattice and never exceeds the loss),
 * and stops once the bound is above the best loss found; it is exact for any loss, monotone or not, and with
 * suppression. When the privacy models are monotone (k-anonymity alone, or any models without suppression), a node
 * found not anonymous tags all its generalizations' predecessors as not anonymous and an anonymous node tags its
 * successors as anonymous (predictive tagging, as Flash does), and anonymity is decided first by binary search along
 * paths of the lattice; ℓ-diversity and t-closeness with suppression are not monotone, and there every node below
 * the bound is checked.
 */
public final class Anonymizer {
    private Anonymizer() {
    }

    /** The optimal full-domain generalization; an {@link InputException} when no transformation is anonymous. */
    public static Anonymization anonymize(Frame data, AnonymizationSpec spec) {
        long start = System.nanoTime();
        Engine engine = new Engine(data, spec);
        Search search = new Search(engine);
        Engine.Result best = search.run();
        double millis = (System.nanoTime() - start) / 1e6;
        if (best == null) {
            throw new InputException("no generalization of the quasi-identifiers satisfies the privacy models with at most "
                    + engine.maxSuppressed + " of " + engine.n + " records suppressed; raise the {{suppression}} limit, "
                    + "or relax the models");
        }
        SearchStatistics stats = new SearchStatistics(search.nodes, search.checked, search.tagged,
                search.nodes - search.checked - search.tagged, millis);
        return result(engine, best, stats);
    }

    /** Applies the given transformation (one level per quasi-identifier), suppressing the classes that fail the models. */
    public static Anonymization apply(Frame data, AnonymizationSpec spec, int[] levels) {
        Engine engine = new Engine(data, spec);
        if (levels.length != engine.dims) {
            throw new InputException("a transformation gives one level per quasi-identifier: " + engine.dims
                    + " expected, " + levels.length + " given");
        }
        for (int d = 0; d < engine.dims; d++) {
            if (levels[d] < 0 || levels[d] >= engine.levels[d]) {
                throw new InputException("the level of '" + spec.quasiIdentifiers().get(d) + "' is between 0 and "
                        + (engine.levels[d] - 1) + "; got " + levels[d]);
            }
        }
        Engine.Result r = engine.evaluate(levels);
        if (!r.anonymous) {
            throw new InputException("the transformation " + Arrays.toString(levels) + " needs " + r.suppressed
                    + " records suppressed, more than the limit of " + engine.maxSuppressed);
        }
        return result(engine, r, null);
    }

    static Anonymization result(Engine e, Engine.Result r, SearchStatistics stats) {
        List<Integer> levels = new ArrayList<>();
        List<Integer> heights = new ArrayList<>();
        for (int d = 0; d < e.dims; d++) {
            levels.add(r.node[d]);
            heights.add(e.levels[d] - 1);
        }
        int classes = 0;
        int smallest = 0;
        for (int c = 0; c < r.classes; c++) {
            if (!r.fails[c]) {
                classes++;
                smallest = smallest == 0 ? r.classSize[c] : Math.min(smallest, r.classSize[c]);
            }
        }
        Engine.Result original = e.evaluate(new int[e.dims]);
        Arrays.fill(original.fails, false);
        original.suppressed = 0;
        return new Anonymization(e.spec.quasiIdentifiers(), List.copyOf(levels), List.copyOf(heights), e.n,
                r.suppressed, e.maxSuppressed, classes, smallest, utility(e, original), utility(e, r), stats,
                output(e, r));
    }

    static Utility utility(Engine e, Engine.Result r) {
        int n = e.n;
        Map<String, Double> perAttr = new LinkedHashMap<>();
        double[] perDim = new double[e.dims];
        double nue = 0;
        double nueMax = 0;
        double precision = 0;
        for (int d = 0; d < e.dims; d++) {
            Hierarchy h = e.hierarchies[d];
            int level = r.node[d];
            int[] gen = h.codes(level);
            int[] rows = e.tupleRow[d];
            // loss, recomputed from the classes rather than taken from the search
            double sum = 0;
            int[] genFreq = new int[h.distinct(level)];
            int[] origFreq = new int[h.size()];
            for (int t = 0; t < e.tuples; t++) {
                int c = r.classOfTuple[t];
                origFreq[rows[t]] += e.count[t];
                if (r.fails[c]) {
                    sum += e.count[t];
                } else {
                    sum += e.count[t] * e.share[d][level][gen[rows[t]]];
                    genFreq[gen[rows[t]]] += e.count[t];
                }
            }
            perDim[d] = e.normalize(sum, d);
            perAttr.put(e.spec.quasiIdentifiers().get(d), perDim[d]);
            double pr = 0;
            for (int t = 0; t < e.tuples; t++) {
                int c = r.classOfTuple[t];
                double orig = origFreq[rows[t]];
                double released = r.fails[c] ? n : genFreq[gen[rows[t]]];
                nue += e.count[t] * log2(released / orig);
                nueMax += e.count[t] * log2(n / orig);
                pr += e.count[t] * (r.fails[c] ? 1.0 : (h.levels() == 1 ? 0.0 : (double) level / (h.levels() - 1)));
            }
            precision += pr / n;
        }
        double discern = 0;
        int released = 0;
        for (int c = 0; c < r.classes; c++) {
            if (r.fails[c]) {
                discern += (double) r.classSize[c] * n;
            } else {
                discern += (double) r.classSize[c] * r.classSize[c];
                released++;
            }
        }
        int classes = released + (r.suppressed > 0 ? 1 : 0);
        double mean = Arrays.stream(perDim).average().orElse(0);
        return new Utility(Engine.aggregate(perDim), perAttr, mean, discern, classes == 0 ? 0 : (double) n / classes,
                nueMax == 0 ? 0 : nue / nueMax, e.dims == 0 ? 0 : precision / e.dims);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static Frame output(Engine e, Engine.Result r) {
        Frame in = e.frame;
        Map<String, Integer> qi = new LinkedHashMap<>();
        for (int d = 0; d < e.dims; d++) {
            qi.put(in.resolve(e.spec.quasiIdentifiers().get(d)), d);
        }
        List<Column> cols = new ArrayList<>();
        for (Column c : in.columns()) {
            Integer d = qi.get(c.name());
            if (d == null) {
                cols.add(c);
                continue;
            }
            Hierarchy h = e.hierarchies[d];
            int level = r.node[d];
            int distinct = h.distinct(level);
            int star = -1;
            for (int g = 0; g < distinct && star < 0; g++) {
                if (h.label(level, g).equals("*")) {
                    star = g;
                }
            }
            String[] dict = new String[star < 0 ? distinct + 1 : distinct];
            for (int g = 0; g < distinct; g++) {
                dict[g] = h.label(level, g);
            }
            if (star < 0) {
                star = distinct;
                dict[distinct] = "*";
            }
            int[] codes = new int[e.n];
            int[] gen = h.codes(level);
            for (int i = 0; i < e.n; i++) {
                int t = e.tupleOfRecord[i];
                codes[i] = r.fails[r.classOfTuple[t]] ? star : gen[e.tupleRow[d][t]];
            }
            cols.add(new StringColumn(c.name(), codes, dict));
        }
        return new Frame(in.source(), cols, in.origin());
    }
}
