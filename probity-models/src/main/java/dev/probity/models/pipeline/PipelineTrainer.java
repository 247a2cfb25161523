package dev.probity.models.pipeline;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.DataFingerprint;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Trainer} on frames: fits an {@link Encoder} on the training features, encodes them, and fits a
 * {@link MatrixTrainer} on the result.
 */
public final class PipelineTrainer implements Trainer {
    private final MatrixTrainer inner;
    private final EncodingSpec encoding;
    private final boolean cacheEncoding;
    private Frame cachedFrame;
    private java.util.List<String> cachedFeatures;
    private Encoder cachedEncoder;
    private Matrix cachedMatrix;
    private Frame fingerprintFrame;
    private DataFingerprint fingerprint;

    public PipelineTrainer(MatrixTrainer inner, EncodingSpec encoding) {
        this(inner, encoding == null ? inner.defaultEncoding() : encoding, false);
    }

    public PipelineTrainer(MatrixTrainer inner) {
        this(inner, null);
    }

    private PipelineTrainer(MatrixTrainer inner, EncodingSpec encoding, boolean cacheEncoding) {
        this.inner = inner;
        this.encoding = encoding;
        this.cacheEncoding = cacheEncoding;
    }

    @Override
    public String algorithm() {
        return inner.algorithm();
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>(inner.parameters());
        p.put("encoding", encoding.numeric().name().toLowerCase() + "/" + encoding.categorical().name().toLowerCase()
                + "/impute-" + encoding.impute().name().toLowerCase()
                + (encoding.overrides().isEmpty() ? "" : " " + new java.util.TreeMap<>(encoding.overrides())));
        return p;
    }

    @Override
    public boolean supportsWeights() {
        return true;
    }

    /** The training data's fingerprint, computed once per frame (repeated fits reuse it). */
    private synchronized DataFingerprint fingerprint(Frame f) {
        if (fingerprintFrame != f) {
            fingerprint = DataFingerprint.of(f);
            fingerprintFrame = f;
        }
        return fingerprint;
    }

    public EncodingSpec encoding() {
        return encoding;
    }

    @Override
    public Trainer forRepeatedFits() {
        return new PipelineTrainer(inner.warmStarting(), encoding, true);
    }

    @Override
    public PipelineModel fit(TrainingSet data) {
        return fit(data, null, null);
    }

    /**
     * Fits on {@code data}; {@code validation} (with its labels), when given, is encoded with the encoder
     * fitted on the training data and used for early stopping by algorithms that have it.
     */
    public PipelineModel fit(TrainingSet data, Frame validation, Labels validationLabels) {
        Labels y = data.labels();
        if (!y.isClassification() && !inner.supportsRegression()) {
            throw new InputException(inner.algorithm() + " is a classifier; label '" + y.name() + "' must have classes");
        }
        if (data.features().isEmpty()) {
            throw new InputException("no feature columns to train on");
        }
        Encoder encoder;
        Matrix x;
        synchronized (this) {
            if (cacheEncoding && cachedFrame == data.data() && cachedFeatures.equals(data.features())) {
                encoder = cachedEncoder;
                x = cachedMatrix;
            } else {
                encoder = Encoder.fit(data.data(), data.features(), encoding);
                x = encoder.transform(data.data());
                if (cacheEncoding) {
                    cachedFrame = data.data();
                    cachedFeatures = data.features();
                    cachedEncoder = encoder;
                    cachedMatrix = x;
                }
            }
        }
        Matrix vx = validation == null ? null : encoder.transform(validation);
        Estimator estimator = inner.fit(x, y, data.weights(), data.seed(), vx, validationLabels);
        TaskKind kind = !y.isClassification() ? TaskKind.REGRESSION
                : y.classes().size() == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS;
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        params.put("seed", data.seed());
        ModelInfo info = new ModelInfo(inner.algorithm(), encoder.features(), y.name(), y.classes(), kind, params);
        Map<String, Object> provParams = new LinkedHashMap<>(parameters());
        if (data.weights() != null) {
            provParams.put("sample_weights", true);
        }
        if (validation != null) {
            provParams.put("validation", DataFingerprint.of(validation).sha256());
        }
        Provenance provenance = new Provenance(Provenance.TRAIN, inner.algorithm(), provParams, fingerprint(data.data()),
                data.features(), y.name(), data.seed(), java.util.List.of(), dev.probity.models.io.ModelFiles.libraries());
        return new PipelineModel(info, encoder, estimator, provenance);
    }
}
