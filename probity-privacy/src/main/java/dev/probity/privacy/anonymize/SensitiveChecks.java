package dev.probity.privacy.anonymize;

import java.util.Arrays;

/** ℓ-diversity and t-closeness of one equivalence class, from the class's histogram of the sensitive attribute. */
final class SensitiveChecks {
    private static final double EPS = 1e-12;

    private SensitiveChecks() {
    }

    static boolean holds(Engine.Check check, Engine.Sensitive s, int[] hist, int size) {
        return switch (check.model()) {
            case PrivacyModel.KAnonymity k -> size >= k.k();
            case PrivacyModel.LDiversity l -> diverse(l, hist, size);
            case PrivacyModel.TCloseness t -> distance(t, check, s, hist, size) <= t.t() + EPS;
        };
    }

    static boolean diverse(PrivacyModel.LDiversity l, int[] hist, int size) {
        switch (l.variant()) {
            case DISTINCT -> {
                int distinct = 0;
                for (int c : hist) {
                    if (c > 0) {
                        distinct++;
                    }
                }
                return distinct >= l.l();
            }
            case ENTROPY -> {
                return entropy(hist, size) + EPS >= Math.log(l.l());
            }
            case RECURSIVE -> {
                int[] r = Arrays.stream(hist).filter(c -> c > 0).map(c -> -c).sorted().map(c -> -c).toArray();
                int ell = (int) l.l();
                if (r.length < ell) {
                    return false;
                }
                long tail = 0;
                for (int i = ell - 1; i < r.length; i++) {
                    tail += r[i];
                }
                return r[0] < l.c() * tail;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Natural-log entropy of a histogram. */
    static double entropy(int[] hist, int size) {
        double h = 0;
        for (int c : hist) {
            if (c > 0) {
                double p = (double) c / size;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** The earth mover's distance between the class distribution and the whole table's. */
    static double distance(PrivacyModel.TCloseness t, Engine.Check check, Engine.Sensitive s, int[] hist, int size) {
        double[] q = s.global;
        int m = q.length;
        switch (t.distance()) {
            case EQUAL -> {
                double sum = 0;
                for (int v = 0; v < m; v++) {
                    sum += Math.abs((double) hist[v] / size - q[v]);
                }
                return sum / 2;
            }
            case ORDERED -> {
                if (m <= 1) {
                    return 0;
                }
                double[] diff = new double[m];
                for (int v = 0; v < m; v++) {
                    diff[check.order()[v]] = (double) hist[v] / size - q[v];
                }
                double cum = 0;
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    cum += diff[i];
                    sum += Math.abs(cum);
                }
                return sum / (m - 1);
            }
            case HIERARCHICAL -> {
                Hierarchy h = t.hierarchy();
                int height = h.levels() - 1;
                if (height == 0) {
                    return 0;
                }
                // extra at the leaves (the hierarchy's rows)
                double[] extra = new double[h.distinct(0)];
                for (int v = 0; v < m; v++) {
                    int row = check.hierarchyRow()[v];
                    extra[h.code(0, row)] += (double) hist[v] / size - q[v];
                }
                double cost = 0;
                for (int l = 1; l <= height; l++) {
                    int parents = h.distinct(l);
                    double[] pos = new double[parents];
                    double[] neg = new double[parents];
                    double[] next = new double[parents];
                    boolean[] done = new boolean[extra.length];
                    int[] lower = h.codes(l - 1);
                    int[] upper = h.codes(l);
                    for (int row = 0; row < h.size(); row++) {
                        int child = lower[row];
                        if (done[child]) {
                            continue;
                        }
                        done[child] = true;
                        int parent = upper[row];
                        double e = extra[child];
                        if (e > 0) {
                            pos[parent] += e;
                        } else {
                            neg[parent] -= e;
                        }
                        next[parent] += e;
                    }
                    for (int p = 0; p < parents; p++) {
                        cost += (double) l / height * Math.min(pos[p], neg[p]);
                    }
                    extra = next;
                }
                return cost;
            }
            default -> throw new IllegalStateException();
        }
    }
}
