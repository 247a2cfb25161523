package dev.probity.text.classify;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;
import dev.probity.text.encode.Encoders;
import dev.probity.text.encode.SentenceEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text classifier: a sentence encoder, then a head fitted on its embeddings (Probity's logistic regression). It
 * reads one text column; a missing text is encoded as the empty string. The encoder is named by its
 * {@link SentenceEncoder.Identity} (name and the SHA-256 of its model and tokenizer files), which the model file
 * keeps; loading refuses an installation whose encoder differs.
 */
public final class TextClassifier implements Model {
    private final ModelInfo info;
    private final SentenceEncoder.Identity encoderIdentity;
    private final Estimator head;
    private final Provenance provenance;
    private volatile SentenceEncoder encoder;

    public TextClassifier(ModelInfo info, SentenceEncoder.Identity encoderIdentity, Estimator head, Provenance provenance) {
        if (info.features().size() != 1) {
            throw new IllegalArgumentException("a text classifier reads one text column, not " + info.features());
        }
        this.info = info;
        this.encoderIdentity = Objects.requireNonNull(encoderIdentity, "encoderIdentity");
        this.head = Objects.requireNonNull(head, "head");
        this.provenance = provenance == null ? Provenance.unrecorded(info) : provenance;
    }

    /** Uses {@code e} (which must be the encoder this model was made with) instead of the shared one. */
    public TextClassifier withEncoder(SentenceEncoder e) {
        if (!e.identity().id().equals(encoderIdentity.id())) {
            throw new IllegalArgumentException("encoder " + e.identity().id() + " is not this model's " + encoderIdentity.id());
        }
        this.encoder = e;
        return this;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    public String textColumn() {
        return info.features().get(0).name();
    }

    public SentenceEncoder.Identity encoderIdentity() {
        return encoderIdentity;
    }

    public Estimator head() {
        return head;
    }

    private SentenceEncoder encoder() {
        SentenceEncoder e = encoder;
        if (e == null) {
            e = Encoders.forIdentity(encoderIdentity);
            encoder = e;
        }
        return e;
    }

    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        return predictTexts(texts(data.column(textColumn())));
    }

    /** Class probabilities of texts given directly (explanations and bias tests call this). */
    public Probabilities predictTexts(List<String> texts) {
        return head.predictProba(matrix(encoder().encode(texts)));
    }

    static List<String> texts(Column c) {
        List<String> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            Object v = c.isMissing(i) ? null : c.get(i);
            out.add(v == null ? "" : v.toString());
        }
        return out;
    }

    /** Embeddings as Probity's dense-in-sparse-layout design matrix (every row has every column). */
    static Matrix matrix(List<float[]> embeddings) {
        int rows = embeddings.size();
        int d = rows == 0 ? 0 : embeddings.get(0).length;
        int[] index = new int[rows * d];
        double[] value = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            float[] e = embeddings.get(r);
            for (int j = 0; j < d; j++) {
                index[r * d + j] = j;
                value[r * d + j] = e[j];
            }
        }
        return new Matrix(rows, d, columnNames(d), index, value);
    }

    static List<String> columnNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("e" + j);
        }
        return names;
    }
}
