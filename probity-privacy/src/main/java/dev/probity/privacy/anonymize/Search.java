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
    long anonymousChecked;

    Search(Engine e) {
        this.e = e;
        this.dims = e.dims;
        this.strides = new int[dims];
        long total = 1;
        for (int d = dims - 1; d >= 0; d--) {
            strides[d] = (int) total;
            total *= e.levels[d];
            if (total > 10_000_000L) {
                throw new InputException("the lattice of generalizations has more than 10,000,000 transformations; "
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

    Engine.Result run() {
        int total = (int) nodes;
        state = new byte[total];
        double[] lb = new double[total];
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
        int[] heights = new int[total];
        for (int i = 0; i < total; i++) {
            heights[i] = height(node(i));
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(lb[a], lb[b]);
            return c != 0 ? c : Integer.compare(heights[a], heights[b]);
        });
        kState = new byte[total];
        this.lb = lb;
        loss = new double[total];
        Arrays.fill(loss, Double.NaN);
        int bestIdx = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int idx : order) {
            if (bestIdx >= 0 && lb[idx] > bestLoss + 1e-12) {
                break;
            }
            if (state[idx] == UNKNOWN) {
                if (monotone) {
                    resolve(idx, false);
                } else if (kState[idx] == UNKNOWN) {
                    resolve(idx, true);
                }
            }
            if (state[idx] == NOT_ANONYMOUS) {
                continue;
            }
            int[] node = node(idx);
            if (Double.isNaN(loss[idx])) {
                check(idx, node);
                if (state[idx] == NOT_ANONYMOUS) {
                    continue;
                }
            }
            if (bestIdx < 0 || better(loss[idx], node, bestLoss, node(bestIdx))) {
                bestIdx = idx;
                bestLoss = loss[idx];
            }
        }
        cache.clear();
        long known = 0;
        for (byte b : state) {
            if (b != UNKNOWN) {
                known++;
            }
        }
        tagged = known - checked;
        return bestIdx < 0 ? null : e.evaluate(node(bestIdx));
    }

    private double[] lb;
    private double[] loss;

    /** Computes a node's classes: its anonymity (tagging others when the models are monotone) and its loss. */
    private void check(int idx, int[] node) {
        double l = e.judge(node, classes(idx, node));
        checked++;
        if (l == Engine.K_FAILS) {
            // too many records in classes smaller than k: so for every node below (k-anonymity is monotone)
            kTagDown(idx);
        } else if (Double.isNaN(l)) {
            if (monotone) {
                tagDown(idx);
            } else {
                state[idx] = NOT_ANONYMOUS;
                kTagUp(idx);
            }
        } else {
            anonymousChecked++;
            loss[idx] = l;
            if (monotone) {
                tagUp(idx);
            } else {
                state[idx] = ANONYMOUS;
                kTagUp(idx);
            }
        }
    }

    /**
     * When ℓ-diversity or t-closeness with suppression makes the models non-monotone, the k-anonymity part still is:
     * kState records it, and a node whose k-anonymity part fails is not anonymous, nor is any node below it.
     */
    private byte[] kState;

    private void kTagDown(int idx) {
        kState[idx] = NOT_ANONYMOUS;
        state[idx] = NOT_ANONYMOUS;
        int[] node = node(idx);
        for (int d = 0; d < dims; d++) {
            if (node[d] > 0) {
                int p = idx - strides[d];
                if (kState[p] == UNKNOWN) {
                    kTagDown(p);
                }
            }
        }
    }

    private void kTagUp(int idx) {
        kState[idx] = ANONYMOUS;
        int[] node = node(idx);
        for (int d = 0; d < dims; d++) {
            if (node[d] + 1 < e.levels[d]) {
                int s = idx + strides[d];
                if (kState[s] == UNKNOWN) {
                    kTagUp(s);
                }
            }
        }
    }

    /**
     * Decides whether an unknown node is anonymous (monotone models only) by a binary search along a path of
     * unknown successors up to a node known to be anonymous or the top (as Flash does): an anonymous node on the
     * path makes all above it anonymous, one that is not makes all below it not anonymous.
     */
    private void resolve(int start, boolean kOnly) {
        byte[] st = kOnly ? kState : state;
        java.util.List<Integer> path = new java.util.ArrayList<>();
        int cur = start;
        while (cur >= 0 && st[cur] == UNKNOWN) {
            path.add(cur);
            int[] node = node(cur);
            int next = -1;
            for (int d = 0; d < dims; d++) {
                if (node[d] + 1 < e.levels[d]) {
                    int s = cur + strides[d];
                    if (st[s] != NOT_ANONYMOUS && (next < 0 || lb[s] < lb[next])) {
                        next = s;
                    }
                }
            }
            cur = next;
        }
        int lo = 0;
        int hi = path.size();
        while (lo < hi && st[start] == UNKNOWN) {
            int mid = (lo + hi) >>> 1;
            int idx = path.get(mid);
            if (st[idx] == UNKNOWN) {
                check(idx, node(idx));
            }
            if (st[idx] == ANONYMOUS) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
    }

    private void tagUp(int idx) {
        state[idx] = ANONYMOUS;
        int[] node = node(idx);
        for (int d = 0; d < dims; d++) {
            if (node[d] + 1 < e.levels[d]) {
                int s = idx + strides[d];
                if (state[s] == UNKNOWN) {
                    tagUp(s);
                }
            }
        }
    }

    /** Classes of evaluated nodes, for rolling up; bounded by {@link #CACHE_BUDGET} stored integers. */
    private static final long CACHE_BUDGET = 8_000_000L;
    private final java.util.LinkedHashMap<Integer, Engine.Classes> cache = new java.util.LinkedHashMap<>();
    private long cached;

    private Engine.Classes classes(int idx, int[] node) {
        Engine.Classes from = null;
        int fromIdx = -1;
        for (var entry : cache.entrySet()) {
            Engine.Classes c = entry.getValue();
            if (from != null && c.count >= from.count) {
                continue;
            }
            int[] other = node(entry.getKey());
            boolean below = true;
            for (int d = 0; d < dims && below; d++) {
                below = other[d] <= node[d];
            }
            if (below) {
                from = c;
                fromIdx = entry.getKey();
            }
        }
        Engine.Classes out = from == null ? e.group(node) : e.rollup(from, node(fromIdx), node);
        if (out.weight() <= CACHE_BUDGET / 4) {
            cache.put(idx, out);
            cached += out.weight();
            var it = cache.entrySet().iterator();
            while (cached > CACHE_BUDGET && it.hasNext()) {
                cached -= it.next().getValue().weight();
                it.remove();
            }
        }
        return out;
    }

    /** The better of two anonymous transformations: lower loss, then lower height, then smaller levels. */
    static boolean better(double loss, int[] node, double bestLoss, int[] bestNode) {
        if (loss != bestLoss) {
            return loss < bestLoss;
        }
        int ha = height(node);
        int hb = height(bestNode);
        if (ha != hb) {
            return ha < hb;
        }
        return Arrays.compare(node, bestNode) < 0;
    }

    private void tagDown(int idx) {
        state[idx] = NOT_ANONYMOUS;
        int[] node = node(idx);
        for (int d = 0; d < dims; d++) {
            if (node[d] > 0) {
                int p = idx - strides[d];
                if (state[p] == UNKNOWN) {
                    tagDown(p);
                }
            }
        }
    }

    /** Every node evaluated from the tuples, for tests: the optimum by exhaustive search (null when none). */
    static Engine.Result bruteForce(Engine e) {
        Search s = new Search(e);
        int bestIdx = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.nodes; i++) {
            int[] node = s.node(i);
            double loss = e.judge(node, e.group(node));
            if (loss >= 0 && (bestIdx < 0 || better(loss, node, bestLoss, s.node(bestIdx)))) {
                bestIdx = i;
                bestLoss = loss;
            }
        }
        return bestIdx < 0 ? null : e.evaluate(s.node(bestIdx));
    }
}
