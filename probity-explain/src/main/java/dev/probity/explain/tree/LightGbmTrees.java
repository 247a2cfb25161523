package dev.probity.explain.tree;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a LightGBM text model (the {@code model.txt} that {@code save_model} writes) into a
 * {@link TreeEnsemble}. Internal nodes split {@code x <= threshold} to the left; a child index ≥ 0 is an
 * internal node, a negative one the leaf {@code −child − 1}. {@code decision_type} bit 1 is the default
 * direction and bits 2–3 the missing type: NaN (missing values take the default direction) or None (a
 * missing value is read as 0, so it goes where 0 would). Covers are the data counts
 * ({@code internal_count}, {@code leaf_count}), as LightGBM's own TreeSHAP uses. Objectives: binary (logistic
 * link; a sigmoid parameter other than 1 scales the leaves), regression-type (identity) and multiclass
 * (softmax, trees cycling over classes); {@code average_output} models divide by the number of iterations.
 * Categorical splits and zero-as-missing are refused by name.
 */
public final class LightGbmTrees {
    private LightGbmTrees() {
    }

    public static TreeEnsemble parse(String source, String text) {
        Map<String, String> header = new HashMap<>();
        List<Map<String, String>> trees = new ArrayList<>();
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("Tree=")) {
                current = new HashMap<>();
                trees.add(current);
                continue;
            }
            if (line.equals("end of trees")) {
                break;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            (current == null ? header : current).put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (!header.containsKey("max_feature_idx") || trees.isEmpty()) {
            throw new InputException(source + ": unsupported tree format: not a LightGBM text model (no max_feature_idx or no Tree= blocks)");
        }
        int features = Integer.parseInt(header.get("max_feature_idx").trim()) + 1;
        int classes = Integer.parseInt(header.getOrDefault("num_class", "1").trim());
        int perIteration = Integer.parseInt(header.getOrDefault("num_tree_per_iteration", "1").trim());
        String objective = header.getOrDefault("objective", "regression").trim();
        TreeEnsemble.Link link;
        double leafScale = 1;
        if (objective.startsWith("binary")) {
            link = TreeEnsemble.Link.LOGISTIC;
            for (String part : objective.split(" ")) {
                if (part.startsWith("sigmoid:")) {
                    leafScale = Double.parseDouble(part.substring(8));
                }
            }
        } else if (objective.startsWith("multiclass") && !objective.startsWith("multiclassova")) {
            link = TreeEnsemble.Link.SOFTMAX;
        } else if (objective.startsWith("regression") || objective.startsWith("huber") || objective.startsWith("fair")
                || objective.startsWith("quantile") || objective.startsWith("mape")) {
            link = TreeEnsemble.Link.IDENTITY;
        } else {
            throw new InputException(source + ": unsupported LightGBM objective '" + objective + "' for TreeSHAP");
        }
        if (header.containsKey("average_output")) {
            leafScale /= Math.max(1, trees.size() / perIteration);
        }
        List<String> names = new ArrayList<>();
        String fn = header.get("feature_names");
        if (fn != null) {
            names.addAll(Arrays.asList(fn.trim().split(" ")));
        }
        if (names.size() != features) {
            names.clear();
            for (int j = 0; j < features; j++) {
                names.add("Column_" + j);
            }
        }
        int total = 0;
        for (Map<String, String> t : trees) {
            int leaves = Integer.parseInt(t.get("num_leaves").trim());
            total += 2 * leaves - 1;
        }
        int[] roots = new int[trees.size()];
        int[] groups = new int[trees.size()];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        int[] left = new int[total];
        int[] right = new int[total];
        boolean[] defaultLeft = new boolean[total];
        double[] value = new double[total];
        double[] cover = new double[total];
        int offset = 0;
        int maxDepth = 0;
        for (int t = 0; t < trees.size(); t++) {
            Map<String, String> tree = trees.get(t);
            int leaves = Integer.parseInt(tree.get("num_leaves").trim());
            int inner = leaves - 1;
            roots[t] = offset;
            groups[t] = classes > 1 ? t % perIteration : 0;
            double[] leafValue = doubles(tree, "leaf_value", leaves, source);
            double[] leafCount = tree.containsKey("leaf_count") ? doubles(tree, "leaf_count", leaves, source) : null;
            if (leafCount == null) {
                throw new InputException(source + ": tree " + t + " has no leaf_count; TreeSHAP needs the data counts LightGBM writes");
            }
            if (inner == 0) {
                feature[offset] = -1;
                left[offset] = -1;
                right[offset] = -1;
                value[offset] = leafValue[0] * leafScale;
                cover[offset] = leafCount[0];
                offset += 1;
                continue;
            }
            int[] split = ints(tree, "split_feature", inner, source);
            double[] th = doubles(tree, "threshold", inner, source);
            int[] decision = ints(tree, "decision_type", inner, source);
            int[] lc = ints(tree, "left_child", inner, source);
            int[] rc = ints(tree, "right_child", inner, source);
            double[] innerCount = doubles(tree, "internal_count", inner, source);
            // inner nodes first (0..inner−1), then leaves (inner..inner+leaves−1)
            for (int i = 0; i < inner; i++) {
                int g = offset + i;
                if ((decision[i] & 1) != 0) {
                    throw new InputException(source + ": unsupported tree format: tree " + t + " has categorical splits");
                }
                int missingType = (decision[i] >> 2) & 3;
                if (missingType == 1) {
                    throw new InputException(source + ": unsupported tree format: tree " + t + " treats zero as missing");
                }
                feature[g] = split[i];
                threshold[g] = th[i];
                boolean defLeft = (decision[i] & 2) != 0;
                defaultLeft[g] = missingType == 2 ? defLeft : 0 <= th[i];
                left[g] = lc[i] >= 0 ? offset + lc[i] : offset + inner + (-lc[i] - 1);
                right[g] = rc[i] >= 0 ? offset + rc[i] : offset + inner + (-rc[i] - 1);
                cover[g] = innerCount[i];
            }
            for (int k = 0; k < leaves; k++) {
                int g = offset + inner + k;
                feature[g] = -1;
                left[g] = -1;
                right[g] = -1;
                value[g] = leafValue[k] * leafScale;
                cover[g] = leafCount[k];
            }
            maxDepth = Math.max(maxDepth, TreeEnsemble.depth(feature, left, right, offset));
            offset += inner + leaves;
        }
        int[] f = Arrays.copyOf(feature, offset);
        return new TreeEnsemble(source, features, names, Math.max(1, classes), link, new double[Math.max(1, classes)], roots, groups, f,
                Arrays.copyOf(threshold, offset), Arrays.copyOf(left, offset), Arrays.copyOf(right, offset),
                Arrays.copyOf(defaultLeft, offset), Arrays.copyOf(value, offset), Arrays.copyOf(cover, offset), false, false, maxDepth);
    }

    private static double[] doubles(Map<String, String> tree, String key, int n, String source) {
        String v = tree.get(key);
        if (v == null) {
            throw new InputException(source + ": a tree lacks " + key);
        }
        String[] parts = v.trim().split(" ");
        if (parts.length != n) {
            throw new InputException(source + ": " + key + " has " + parts.length + " values, expected " + n);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static int[] ints(Map<String, String> tree, String key, int n, String source) {
        double[] d = doubles(tree, key, n, source);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }
}
