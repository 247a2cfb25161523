package dev.probity.models.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.model.Feature;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Step;
import dev.probity.models.pipeline.PipelineModel;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads XGBoost models trained elsewhere (Python, R, Spark) from their JSON or UBJSON files. The model's
 * inputs are numeric columns read as they are (missing values stay missing, as XGBoost expects); their
 * names come from the model's {@code feature_names} or from the caller.
 */
public final class XgbModels {
    private XgbModels() {
    }

    /**
     * @param file     a {@code .json} or {@code .ubj} model file
     * @param features the columns in the model's feature order, or null to use the names saved in the model
     */
    public static PipelineModel load(Path file, List<String> features) {
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage());
        }
        Booster booster = XgbEstimator.load(bytes, file.toString());
        JsonNode learner;
        try {
            learner = new ObjectMapper().readTree(booster.toByteArray("json")).path("learner");
        } catch (XGBoostError | IOException e) {
            throw new InputException(file + ": cannot read the model's configuration: " + e.getMessage());
        }
        String objective = learner.path("objective").path("name").asText("");
        int numClass = learner.path("learner_model_param").path("num_class").asInt(0);
        long numFeatures = learner.path("learner_model_param").path("num_feature").asLong(0);
        List<String> names = features;
        if (names == null) {
            names = new ArrayList<>();
            for (JsonNode n : learner.path("feature_names")) {
                names.add(n.asText());
            }
            if (names.isEmpty()) {
                throw new InputException(file + ": the model does not name its " + numFeatures
                        + " features; give the columns in order ({{features}})");
            }
        }
        if (numFeatures > 0 && names.size() != numFeatures) {
            throw new InputException(file + ": the model reads " + numFeatures + " features but " + names.size()
                    + " names were given: " + names);
        }
        TaskKind kind;
        List<String> classes;
        int k;
        if (objective.startsWith("binary:")) {
            if (!objective.equals("binary:logistic")) {
                throw new InputException(file + ": objective " + objective + " gives no probabilities; Probity reads binary:logistic models");
            }
            kind = TaskKind.BINARY;
            classes = List.of("0", "1");
            k = 2;
        } else if (objective.equals("multi:softprob") || objective.equals("multi:softmax")) {
            if (objective.equals("multi:softmax")) {
                throw new InputException(file + ": objective multi:softmax returns labels only; retrain with multi:softprob");
            }
            kind = TaskKind.MULTICLASS;
            classes = new ArrayList<>();
            for (int c = 0; c < numClass; c++) {
                classes.add(Integer.toString(c));
            }
            k = numClass;
        } else if (objective.startsWith("reg:")) {
            kind = TaskKind.REGRESSION;
            classes = List.of();
            k = 0;
        } else {
            throw new InputException(file + ": unsupported XGBoost objective '" + objective
                    + "' (Probity reads binary:logistic, multi:softprob and reg:* models)");
        }
        List<Feature> feats = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (String n : names) {
            feats.add(new Feature(n, ColumnType.DOUBLE));
            steps.add(new Step.Numeric(n, Double.NaN, 0, 1));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("file", file.getFileName().toString());
        params.put("objective", objective);
        ModelInfo info = new ModelInfo("xgboost", feats, null, classes, kind, params);
        Map<String, Object> provParams = new LinkedHashMap<>(params);
        provParams.put("file_sha256", sha256(bytes));
        dev.probity.core.model.Provenance p = new dev.probity.core.model.Provenance(dev.probity.core.model.Provenance.LOAD, "xgboost",
                provParams, null, names, null, 0, List.of(), dev.probity.models.io.ModelFiles.libraries());
        return new PipelineModel(info, new Encoder(feats, steps), new XgbEstimator(booster, k), p);
    }

    /** SHA-256 of a file's bytes, hex. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
