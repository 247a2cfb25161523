package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;

import java.util.Arrays;

/** The search over the lattice of full-domain generalizations; see {@link Anonymizer}. */
final class Search {
    private static final byte UNKNOWN = 0;
    private static final byte ANONYMOUS = 1;
    private static final byte NOT_ANONYMOUS = 2;

    private final Engine e;
    private final int dims;
    private final int[] strides;
    private final boolean monotone;
    private byte[] state;
    long nodes;
    long checked;
    long tagged;

    Search(Engine e) {
        this.e = e;
        this.dims = e.dims;
        this.strides = new int[dims];
        long total = 1;
        for (int d = dims - 1; d >= 0; d--) {
            strides[d] = (int) total;
            total *= e.levels[d];
            if (total > 50_000_000L) {
                throw new InputException("the lattice of generalizations has more than 50,000,000 nodes; "
                        + "use fewer quasi-identifiers or hierarchies with fewer levels");
            }
        }
        this.nodes = total;
        boolean onlyK = true;
        for (PrivacyModel m : e.spec.models()) {
            onlyK &= m instanceof PrivacyModel.KAnonymity;
        }
        this.monotone = onlyK || e.maxSuppressed == 0;
    }

    int index(int[] node) {
        int i = 0;
        for (int d = 0; d < dims; d++) {
            i += node[d] * strides[d];
        }
        return i;
    }

    int[] node(int index) {
        int[] node = new int[dims];
        for (int d = 0; d < dims; d++) {
            node[d] = index / strides[d];
            index %= strides[d];
        }
        return node;
    }

    static int height(int[] node) {
        int h = 0;
        for (int v : node) {
            h += v;
        }
        return h;
    }

    /** The better of two anonymous results: lower loss, then lower height, then smaller levels. */
    static boolean better(Engine.Result a, Engine.Result b) {
        if (b == null) {
            return true;
        }
        if (a.loss != b.loss) {
            return a.loss < b.loss;
        }
        int ha = height(a.node);
        int hb = height(b.node);
        if (ha != hb) {
            return ha < hb;
        }
        return Arrays.compare(a.node, b.node) < 0;
    }

    Engine.Result run() {
        int total = (int) nodes;
        state = new byte[total];
        double[] lb = new double[total];
        long[] keyed = new long[total];
        double[] v = new double[dims];
        for (int i = 0; i < total; i++) {
            int[] node = node(i);
            for (int d = 0; d < dims; d++) {
                v[d] = e.boundNorm[d][node[d]];
            }
            lb[i] = Engine.aggregate(v);
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(lb[a], lb[b]);
            if (c != 0) {
                return c;
            }
            return Integer.compare(height(node(a)), height(node(b)));
        });
        Engine.Result best = null;
        for (int idx : order) {
            if (best != null && lb[idx] > best.loss + 1e-12) {
                break;
            }
            if (state[idx] == NOT_ANONYMOUS) {
                continue;
            }
            Engine.Result r = e.evaluate(node(idx));
            checked++;
            if (!r.anonymous) {
                if (monotone) {
                    tagDown(idx);
                }
                continue;
            }
            state[idx] = ANONYMOUS;
            if (better(r, best)) {
                best = r;
            }
        }
        return best;
    }

    private void tagDown(int idx) {
        state[idx] = NOT_ANONYMOUS;
        int[] node = node(idx);
        for (int d = 0; d < dims; d++) {
            if (node[d] > 0) {
                int p = idx - strides[d];
                if (state[p] == UNKNOWN) {
                    tagged++;
                    tagDown(p);
                }
            }
        }
    }

    /** Every node evaluated, for tests: the optimum by exhaustive search. */
    static Engine.Result bruteForce(Engine e) {
        Search s = new Search(e);
        Engine.Result best = null;
        for (int i = 0; i < s.nodes; i++) {
            Engine.Result r = e.evaluate(s.node(i));
            if (r.anonymous && better(r, best)) {
                best = r;
            }
        }
        return best;
    }
}
