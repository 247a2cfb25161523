package dev.probity.explain.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.models.xgboost.XgbEstimator;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an XGBoost model (JSON, or UBJSON through xgboost4j's conversion) into a {@link TreeEnsemble}:
 * {@code gbtree} boosters with numerical splits and the objectives binary:logistic (logistic link),
 * multi:softprob (softmax), reg:squarederror and other identity-link regressions. Leaf values are the
 * {@code split_conditions} of leaves, covers the {@code sum_hessian}, the base margin the logit of
 * {@code base_score} for logistic models.
 */
public final class XgboostTrees {
    private XgboostTrees() {
    }

    /** From a Probity-trained or loaded XGBoost estimator. */
    public static TreeEnsemble of(XgbEstimator estimator, List<String> featureNames) {
        try {
            return parse("xgboost model", estimator.booster().toByteArray("json"), featureNames);
        } catch (XGBoostError e) {
            throw new InputException("xgboost could not export the model as JSON: " + e.getMessage());
        }
    }

    /** From XGBoost's JSON model text. */
    public static TreeEnsemble parse(String source, byte[] json, List<String> featureNames) {
        JsonNode learner;
        try {
            learner = new ObjectMapper().readTree(json).path("learner");
        } catch (IOException e) {
            throw new InputException(source + ": not XGBoost JSON: " + e.getMessage());
        }
        JsonNode booster = learner.path("gradient_booster");
        String kind = booster.path("name").asText();
        if (!kind.equals("gbtree")) {
            throw new InputException(source + ": unsupported tree format: booster '" + kind
                    + "' (TreeSHAP reads gbtree boosters; dart and gblinear are not tree ensembles it can explain exactly)");
        }
        String objective = learner.path("objective").path("name").asText();
        JsonNode param = learner.path("learner_model_param");
        int numFeature = param.path("num_feature").asInt();
        int numClass = Math.max(1, param.path("num_class").asInt(0));
        double baseScore = Double.parseDouble(param.path("base_score").asText("0.5").replace("[", "").replace("]", "").split(",")[0]);
        TreeEnsemble.Link link;
        double baseMargin;
        if (objective.equals("binary:logistic") || objective.equals("reg:logistic")) {
            link = TreeEnsemble.Link.LOGISTIC;
            baseMargin = Math.log(baseScore / (1 - baseScore));
        } else if (objective.equals("multi:softprob") || objective.equals("multi:softmax")) {
            link = TreeEnsemble.Link.SOFTMAX;
            baseMargin = baseScore;
        } else if (objective.startsWith("reg:") && !objective.equals("reg:gamma") && !objective.equals("reg:tweedie")) {
            link = TreeEnsemble.Link.IDENTITY;
            baseMargin = baseScore;
        } else if (objective.startsWith("binary:")) {
            link = TreeEnsemble.Link.IDENTITY;
            baseMargin = baseScore;
        } else {
            throw new InputException(source + ": unsupported objective '" + objective + "' for TreeSHAP");
        }
        JsonNode model = booster.path("model");
        JsonNode trees = model.path("trees");
        JsonNode info = model.path("tree_info");
        int total = 0;
        for (JsonNode t : trees) {
            total += t.path("left_children").size();
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
            JsonNode tree = trees.get(t);
            for (JsonNode st : tree.path("split_type")) {
                if (st.asInt() != 0) {
                    throw new InputException(source + ": unsupported tree format: tree " + t
                            + " has categorical splits; TreeSHAP here reads numerical splits only");
                }
            }
            JsonNode lc = tree.path("left_children");
            JsonNode rc = tree.path("right_children");
            JsonNode si = tree.path("split_indices");
            JsonNode sc = tree.path("split_conditions");
            JsonNode dl = tree.path("default_left");
            JsonNode sh = tree.path("sum_hessian");
            int nodes = lc.size();
            roots[t] = offset;
            groups[t] = numClass > 1 ? info.get(t).asInt() : 0;
            for (int i = 0; i < nodes; i++) {
                int g = offset + i;
                int l = lc.get(i).asInt();
                if (l == -1) {
                    feature[g] = -1;
                    value[g] = sc.get(i).asDouble();
                    left[g] = -1;
                    right[g] = -1;
                } else {
                    feature[g] = si.get(i).asInt();
                    threshold[g] = (float) sc.get(i).asDouble();
                    left[g] = offset + l;
                    right[g] = offset + rc.get(i).asInt();
                    defaultLeft[g] = dl.get(i).asInt() != 0;
                }
                cover[g] = sh.get(i).asDouble();
            }
            maxDepth = Math.max(maxDepth, TreeEnsemble.depth(feature, left, right, offset));
            offset += nodes;
        }
        double[] base = new double[numClass];
        java.util.Arrays.fill(base, baseMargin);
        List<String> names = featureNames != null ? featureNames : names(learner, numFeature);
        return new TreeEnsemble(source, numFeature, names, numClass, link, base, roots, groups, feature, threshold, left, right,
                defaultLeft, value, cover, true, true, maxDepth);
    }

    private static List<String> names(JsonNode learner, int n) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : learner.path("feature_names")) {
            out.add(f.asText());
        }
        if (out.size() != n) {
            out.clear();
            for (int i = 0; i < n; i++) {
                out.add("f" + i);
            }
        }
        return out;
    }
}
