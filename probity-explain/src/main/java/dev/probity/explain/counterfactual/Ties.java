package dev.probity.explain.counterfactual;

import dev.probity.core.InputException;
import dev.probity.explain.shap.FeatureSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How features hang together in the world, so that a counterfactual does not break it. Issue 9 found
 * counterfactuals that changed {@code education} without {@code education_num} (two encodings of one fact) and
 * {@code relationship: Husband -> Wife} for a man.
 *
 * <ul>
 *   <li><b>Ties</b>: two features that encode the same fact, one to one — found in the training rows (every value
 *       of one occurs with exactly one value of the other, and back; at least three values each), or declared
 *       ({@code --tie education=education_num}, mapped by the most frequent pairing). Changing one changes the
 *       other to its partner value; if the partner may not change, neither may the feature.</li>
 *   <li><b>Implications</b>: a value that, in the training rows, goes with one value of another feature (at least
 *       {@value #MIN_SUPPORT} rows and {@value #MIN_SHARE} of them): {@code relationship = Wife} with
 *       {@code sex = Female}. A change that implies a different value of an immutable feature is ruled out.</li>
 * </ul>
 */
public final class Ties {
    static final int MIN_SUPPORT = 20;
    static final double MIN_SHARE = 0.99;
    private static final int MAX_VALUES = 64;

    private final int[] partner;
    private final List<Map<Double, Double>> mapping;
    /** feature a → value of a → implied (feature b, value of b) pairs. */
    private final Map<Integer, Map<Double, List<double[]>>> implied;
    private final FeatureSpace space;

    private Ties(FeatureSpace space, int[] partner, List<Map<Double, Double>> mapping, Map<Integer, Map<Double, List<double[]>>> implied) {
        this.space = space;
        this.partner = partner;
        this.mapping = mapping;
        this.implied = implied;
    }

    /** No ties, no implications. */
    public static Ties none(FeatureSpace space) {
        int[] p = new int[space.size()];
        Arrays.fill(p, -1);
        List<Map<Double, Double>> maps = new ArrayList<>();
        for (int j = 0; j < p.length; j++) {
            maps.add(Map.of());
        }
        return new Ties(space, p, maps, Map.of());
    }

    /**
     * Learns ties and implications from training rows (row-major in {@code space}); {@code declared} adds ties by
     * name (feature → feature).
     */
    public static Ties learn(FeatureSpace space, double[] training, int rows, Map<String, String> declared) {
        int m = space.size();
        List<Map<Double, Integer>> counts = new ArrayList<>();
        boolean[] small = new boolean[m];
        for (int j = 0; j < m; j++) {
            Map<Double, Integer> c = new HashMap<>();
            for (int i = 0; i < rows && c.size() <= MAX_VALUES; i++) {
                double v = training[i * m + j];
                if (!Double.isNaN(v)) {
                    c.merge(v, 1, Integer::sum);
                }
            }
            small[j] = c.size() <= MAX_VALUES;
            counts.add(c);
        }
        int[] partner = new int[m];
        Arrays.fill(partner, -1);
        List<Map<Double, Double>> maps = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            maps.add(new HashMap<>());
        }
        Map<Integer, Map<Double, List<double[]>>> implied = new LinkedHashMap<>();
        for (int a = 0; a < m; a++) {
            if (!small[a]) {
                continue;
            }
            for (int b = 0; b < m; b++) {
                if (a == b || !small[b]) {
                    continue;
                }
                Map<Double, Map<Double, Integer>> joint = joint(training, rows, m, a, b);
                boolean functional = true;
                for (Map.Entry<Double, Map<Double, Integer>> e : joint.entrySet()) {
                    Map<Double, Integer> bs = e.getValue();
                    if (bs.size() != 1) {
                        functional = false;
                    }
                    int total = bs.values().stream().mapToInt(Integer::intValue).sum();
                    Map.Entry<Double, Integer> top = bs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
                    if (total >= MIN_SUPPORT && top.getValue() >= MIN_SHARE * total) {
                        implied.computeIfAbsent(a, k -> new HashMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(new double[] {b, top.getKey()});
                    }
                }
                // one to one: a determines b, b determines a, and both have at least three values
                if (functional && partner[a] < 0 && joint.size() >= 3 && counts.get(b).size() == joint.size()
                        && distinctImages(joint) == joint.size()) {
                    partner[a] = b;
                    for (Map.Entry<Double, Map<Double, Integer>> e : joint.entrySet()) {
                        maps.get(a).put(e.getKey(), e.getValue().keySet().iterator().next());
                    }
                }
            }
        }
        declared.forEach((x, y) -> {
            int a = index(space, x);
            int b = index(space, y);
            for (int[] pair : new int[][] {{a, b}, {b, a}}) {
                partner[pair[0]] = pair[1];
                Map<Double, Double> map = new HashMap<>();
                joint(training, rows, m, pair[0], pair[1]).forEach((v, bs) ->
                        map.put(v, bs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
                maps.set(pair[0], map);
            }
        });
        return new Ties(space, partner, maps, implied);
    }

    private static Map<Double, Map<Double, Integer>> joint(double[] training, int rows, int m, int a, int b) {
        Map<Double, Map<Double, Integer>> joint = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            double va = training[i * m + a];
            double vb = training[i * m + b];
            if (!Double.isNaN(va) && !Double.isNaN(vb)) {
                joint.computeIfAbsent(va, k -> new HashMap<>()).merge(vb, 1, Integer::sum);
            }
        }
        return joint;
    }

    private static int distinctImages(Map<Double, Map<Double, Integer>> joint) {
        return (int) joint.values().stream().map(bs -> bs.keySet().iterator().next()).distinct().count();
    }

    private static int index(FeatureSpace space, String name) {
        for (int j = 0; j < space.size(); j++) {
            if (space.names().get(j).equalsIgnoreCase(name.trim())) {
                return j;
            }
        }
        throw new InputException("no feature '" + name.trim() + "' to tie; features: " + space.names());
    }

    /** The feature tied to {@code j}, or -1. */
    public int partner(int j) {
        return partner[j];
    }

    /** The partner's value when {@code j} takes {@code v}, or NaN when the training rows never paired it. */
    public double partnerValue(int j, double v) {
        Double w = mapping.get(j).get(v);
        return w == null ? Double.NaN : w;
    }

    /** The ties found, as "a = b" (each pair once), for the explanation's facts. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < partner.length; j++) {
            if (partner[j] > j) {
                out.add(space.names().get(j) + " = " + space.names().get(partner[j]));
            }
        }
        return out;
    }

    /**
     * Whether {@code row}, changed from {@code x}, contradicts a feature {@code constraints} keeps fixed: a changed
     * value that, in the training rows, goes with another value of that feature.
     */
    public boolean contradicts(double[] row, double[] x, Constraints constraints) {
        for (Map.Entry<Integer, Map<Double, List<double[]>>> e : implied.entrySet()) {
            int a = e.getKey();
            if (row[a] == x[a] || Double.isNaN(row[a])) {
                continue;
            }
            List<double[]> implications = e.getValue().get(row[a]);
            if (implications == null) {
                continue;
            }
            for (double[] bw : implications) {
                int b = (int) bw[0];
                if (constraints.isImmutable(b) && !Double.isNaN(x[b]) && x[b] != bw[1]) {
                    return true;
                }
            }
        }
        return false;
    }
}
