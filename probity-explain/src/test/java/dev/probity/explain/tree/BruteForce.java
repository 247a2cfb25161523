package dev.probity.explain.tree;

/** Shapley values by enumerating every coalition: the independent computation the fast algorithms are checked against. */
final class BruteForce {
    interface Game {
        double value(boolean[] coalition);
    }

    static double[] shapley(int m, Game game) {
        double[] phi = new double[m];
        double[] fact = new double[m + 1];
        fact[0] = 1;
        for (int i = 1; i <= m; i++) {
            fact[i] = fact[i - 1] * i;
        }
        for (int mask = 0; mask < 1 << m; mask++) {
            boolean[] s = new boolean[m];
            int size = 0;
            for (int j = 0; j < m; j++) {
                s[j] = (mask >> j & 1) == 1;
                size += s[j] ? 1 : 0;
            }
            double without = game.value(s);
            for (int j = 0; j < m; j++) {
                if (s[j]) {
                    continue;
                }
                s[j] = true;
                double with = game.value(s);
                s[j] = false;
                phi[j] += fact[size] * fact[m - size - 1] / fact[m] * (with - without);
            }
        }
        return phi;
    }

    /** E[f(x) | x_S] along the tree, integrating features outside S by cover (the path-dependent game). */
    static double pathDependent(TreeEnsemble e, int t, double[] x, boolean[] s) {
        return cond(e, e.roots()[t], x, s);
    }

    private static double cond(TreeEnsemble e, int node, double[] x, boolean[] s) {
        int f = e.feature()[node];
        if (f < 0) {
            return e.value()[node];
        }
        if (s[f]) {
            return cond(e, e.goesLeft(node, x[f]) ? e.left()[node] : e.right()[node], x, s);
        }
        int l = e.left()[node];
        int r = e.right()[node];
        return (e.cover()[l] * cond(e, l, x, s) + e.cover()[r] * cond(e, r, x, s)) / e.cover()[node];
    }

    /** The interventional game: features in S from x, the rest from the background row z. */
    static double interventional(TreeEnsemble e, int t, double[] x, double[] z, boolean[] s) {
        double[] h = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            h[j] = s[j] ? x[j] : z[j];
        }
        return e.value()[e.leaf(t, h)];
    }
}
