package dev.probity.explain.tree;

import com.google.protobuf.CodedInputStream;
import dev.probity.core.InputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code TreeEnsembleRegressor} or {@code TreeEnsembleClassifier} node (domain ai.onnx.ml) of an
 * ONNX model — scikit-learn forests and gradient boosting as skl2onnx exports them — into a
 * {@link TreeEnsemble}. The ONNX protobuf is walked with protobuf-java's wire reader (ModelProto.graph →
 * GraphProto.node → NodeProto.attribute), so no generated classes are needed.
 * <p>
 * ONNX stores no training cover, which path-dependent TreeSHAP needs: covers are counted by passing
 * {@code coverRows} (training or background data) through the trees. Splits must be BRANCH_LEQ or
 * BRANCH_LT; a missing value goes to the true branch when {@code nodes_missing_value_tracks_true} says so.
 * Regressors explain the summed target; classifiers explain the weight of class 1 (the probability for
 * forests with post_transform NONE), or the logit for binary boosted models with a LOGISTIC transform.
 */
public final class OnnxTrees {
    private OnnxTrees() {
    }

    private static final class Node {
        String opType = "";
        String domain = "";
        final Map<String, Object> attributes = new LinkedHashMap<>();
    }

    public static TreeEnsemble parse(String source, byte[] onnx, List<String> featureNames, double[] coverRows, int coverCount) {
        Node node = find(source, onnx);
        boolean classifier = node.opType.equals("TreeEnsembleClassifier");
        long[] treeIds = ints(node, "nodes_treeids");
        long[] nodeIds = ints(node, "nodes_nodeids");
        long[] featureIds = ints(node, "nodes_featureids");
        double[] values = floats(node, "nodes_values");
        List<String> modes = strings(node, "nodes_modes");
        long[] trueIds = ints(node, "nodes_truenodeids");
        long[] falseIds = ints(node, "nodes_falsenodeids");
        long[] missingTrue = node.attributes.containsKey("nodes_missing_value_tracks_true") ? ints(node, "nodes_missing_value_tracks_true")
                : new long[treeIds.length];
        String prefix = classifier ? "class_" : "target_";
        long[] leafTrees = ints(node, prefix + "treeids");
        long[] leafNodes = ints(node, prefix + "nodeids");
        long[] leafIds = ints(node, prefix + "ids");
        double[] leafWeights = floats(node, prefix + "weights");
        String post = node.attributes.containsKey("post_transform") ? new String((byte[]) node.attributes.get("post_transform")) : "NONE";
        int n = treeIds.length;
        Map<Long, Integer> index = new HashMap<>();
        List<Long> trees = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            index.put(treeIds[i] << 32 | nodeIds[i], i);
            if (!trees.contains(treeIds[i])) {
                trees.add(treeIds[i]);
            }
        }
        int[] feature = new int[n];
        double[] threshold = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        boolean[] defaultLeft = new boolean[n];
        double[] value = new double[n];
        Boolean strict = null;
        int features = featureNames.size();
        for (int i = 0; i < n; i++) {
            String mode = modes.get(i);
            if (mode.equals("LEAF")) {
                feature[i] = -1;
                left[i] = -1;
                right[i] = -1;
                continue;
            }
            boolean lt = mode.equals("BRANCH_LT");
            if (!lt && !mode.equals("BRANCH_LEQ")) {
                throw new InputException(source + ": unsupported tree format: split mode " + mode + " (TreeSHAP reads BRANCH_LEQ and BRANCH_LT)");
            }
            if (strict != null && strict != lt) {
                throw new InputException(source + ": unsupported tree format: the ensemble mixes BRANCH_LEQ and BRANCH_LT splits");
            }
            strict = lt;
            if (featureIds[i] >= features) {
                throw new InputException(source + ": a split reads feature " + featureIds[i] + " but " + features + " feature names were given");
            }
            feature[i] = (int) featureIds[i];
            threshold[i] = (float) values[i];
            left[i] = index.get(treeIds[i] << 32 | trueIds[i]);
            right[i] = index.get(treeIds[i] << 32 | falseIds[i]);
            defaultLeft[i] = missingTrue[i] != 0;
        }
        long wanted = classifier ? (post.equals("LOGISTIC") ? 0 : 1) : 0;
        TreeEnsemble.Link link = classifier && post.equals("LOGISTIC") ? TreeEnsemble.Link.LOGISTIC : TreeEnsemble.Link.IDENTITY;
        if (!post.equals("NONE") && !(classifier && post.equals("LOGISTIC"))) {
            throw new InputException(source + ": unsupported post_transform " + post + " for TreeSHAP");
        }
        for (int k = 0; k < leafTrees.length; k++) {
            if (leafIds[k] == wanted) {
                value[index.get(leafTrees[k] << 32 | leafNodes[k])] += leafWeights[k];
            }
        }
        double[] base = {0};
        if (node.attributes.containsKey("base_values")) {
            double[] b = floats(node, "base_values");
            base[0] = b.length > wanted ? b[(int) wanted] : b[0];
        }
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            Integer r = index.get(trees.get(t) << 32);
            if (r == null) {
                throw new InputException(source + ": tree " + trees.get(t) + " has no node 0");
            }
            roots[t] = r;
        }
        int maxDepth = 0;
        for (int r : roots) {
            maxDepth = Math.max(maxDepth, TreeEnsemble.depth(feature, left, right, r));
        }
        double[] cover = covers(feature, threshold, left, right, defaultLeft, roots, strict != null && strict, coverRows, coverCount, features);
        return new TreeEnsemble(source, features, featureNames, 1, link, base, roots, new int[roots.length], feature, threshold,
                left, right, defaultLeft, value, cover, strict != null && strict, true, maxDepth);
    }

    /** Rows reaching each node (a tiny floor keeps unreached nodes usable). */
    private static double[] covers(int[] feature, double[] threshold, int[] left, int[] right, boolean[] defaultLeft, int[] roots,
                                   boolean strict, double[] rows, int count, int width) {
        if (count < 1) {
            throw new InputException("ONNX trees carry no training cover: give background data ({{background}}) to count the rows reaching each node");
        }
        double[] cover = new double[feature.length];
        java.util.Arrays.fill(cover, 1e-9);
        for (int r = 0; r < count; r++) {
            for (int root : roots) {
                int node = root;
                while (true) {
                    cover[node] += 1;
                    if (feature[node] < 0) {
                        break;
                    }
                    double x = rows[r * width + feature[node]];
                    boolean goLeft;
                    if (Double.isNaN(x)) {
                        goLeft = defaultLeft[node];
                    } else {
                        float v = (float) x;
                        goLeft = strict ? v < threshold[node] : v <= threshold[node];
                    }
                    node = goLeft ? left[node] : right[node];
                }
            }
        }
        return cover;
    }

    private static Node find(String source, byte[] onnx) {
        try {
            CodedInputStream model = CodedInputStream.newInstance(onnx);
            while (!model.isAtEnd()) {
                int tag = model.readTag();
                if (tag >>> 3 == 7 && (tag & 7) == 2) { // ModelProto.graph
                    CodedInputStream graph = CodedInputStream.newInstance(model.readByteArray());
                    while (!graph.isAtEnd()) {
                        int gt = graph.readTag();
                        if (gt >>> 3 == 1 && (gt & 7) == 2) { // GraphProto.node
                            Node n = node(graph.readByteArray());
                            if (n.domain.equals("ai.onnx.ml")
                                    && (n.opType.equals("TreeEnsembleRegressor") || n.opType.equals("TreeEnsembleClassifier"))) {
                                return n;
                            }
                        } else {
                            graph.skipField(gt);
                        }
                    }
                } else {
                    model.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new InputException(source + ": not a readable ONNX file: " + e.getMessage());
        }
        throw new InputException(source + ": unsupported tree format: the ONNX graph has no TreeEnsembleRegressor or TreeEnsembleClassifier node");
    }

    private static Node node(byte[] bytes) throws IOException {
        Node n = new Node();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag >>> 3) {
                case 4 -> n.opType = in.readString();
                case 7 -> n.domain = in.readString();
                case 5 -> attribute(in.readByteArray(), n.attributes);
                default -> in.skipField(tag);
            }
        }
        return n;
    }

    /** AttributeProto: name (1), f (2), i (3), s (4), floats (7), ints (8), strings (9). */
    private static void attribute(byte[] bytes, Map<String, Object> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String name = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        byte[] s = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            switch (field) {
                case 1 -> name = in.readString();
                case 4 -> s = in.readByteArray();
                case 7 -> {
                    if (wire == 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> {
                    if (wire == 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            ints.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        ints.add(in.readInt64());
                    }
                }
                case 9 -> strings.add(in.readStringRequireUtf8());
                default -> in.skipField(tag);
            }
        }
        if (name == null) {
            return;
        }
        if (!floats.isEmpty()) {
            out.put(name, floats.stream().mapToDouble(Float::doubleValue).toArray());
        } else if (!ints.isEmpty()) {
            out.put(name, ints.stream().mapToLong(Long::longValue).toArray());
        } else if (!strings.isEmpty()) {
            out.put(name, strings);
        } else if (s != null) {
            out.put(name, s);
        }
    }

    private static long[] ints(Node n, String name) {
        Object v = n.attributes.get(name);
        if (!(v instanceof long[] a)) {
            throw new InputException("ONNX tree node lacks attribute " + name);
        }
        return a;
    }

    private static double[] floats(Node n, String name) {
        Object v = n.attributes.get(name);
        if (!(v instanceof double[] a)) {
            throw new InputException("ONNX tree node lacks attribute " + name);
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Node n, String name) {
        Object v = n.attributes.get(name);
        if (!(v instanceof List<?> l)) {
            throw new InputException("ONNX tree node lacks attribute " + name);
        }
        return (List<String>) l;
    }
}
