package dev.probity.monitor.logged;

import dev.probity.core.InputException;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.monitor.window.Period;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a watched model's window statistics are computed under: the part of a model's monitoring definition that
 * decides the numbers kept per window (the service's model definition adds its name, payload mapping, registry link
 * and drift thresholds, which do not change a window's statistics).
 *
 * <p>Logged predictions are a frame with the columns {@value #TIMESTAMP} (ISO-8601 text, or seconds since the epoch),
 * the inputs under their own names, {@value #PREDICTION}, and optionally {@value #SCORE} (a number) and
 * {@value #LABEL}.
 *
 * @param protectedAttributes inputs that name a person's group (at least one)
 * @param features            inputs watched for drift (may be empty)
 * @param positivePrediction  the prediction value that is the positive decision
 * @param positiveLabel       the label value that is the positive outcome (null or empty: the positive prediction's)
 * @param references          reference group per attribute (may be empty: the audit's rule, the largest group)
 * @param period              the window: 1h, 1d, 7d, 1w, 1M (null: 1d); windows of rows are refused
 * @param tolerance           the disparity the audit tolerates (null: the audit's default)
 * @param fourFifths          the impact ratio below which a group's selection is flagged (null: 0.8)
 */
public record WatchDefinition(List<String> protectedAttributes, List<String> features, String positivePrediction, String positiveLabel,
                              Map<String, String> references, String period, Double tolerance, Double fourFifths)
        implements java.io.Serializable {
    /** The column of a record's time. */
    public static final String TIMESTAMP = "timestamp";
    /** The column of the model's decision. */
    public static final String PREDICTION = "prediction";
    /** The column of the positive class's probability. */
    public static final String SCORE = "score";
    /** The column of what happened. */
    public static final String LABEL = "label";

    /** Checks the definition; every refusal names its field. */
    public WatchDefinition {
        if (protectedAttributes == null || protectedAttributes.isEmpty()) {
            throw new InputException("a model needs at least one protected attribute to audit", loc("protectedAttributes", null));
        }
        protectedAttributes = List.copyOf(protectedAttributes);
        features = features == null ? List.of() : List.copyOf(features);
        if (positivePrediction == null || positivePrediction.isEmpty()) {
            throw new InputException("a model needs the prediction value that is the positive decision", loc("positivePrediction", null));
        }
        if (positiveLabel == null || positiveLabel.isEmpty()) {
            positiveLabel = positivePrediction;
        }
        references = references == null ? Map.of() : Map.copyOf(references);
        period = period == null || period.isBlank() ? "1d" : period.strip();
        if (Period.parse(period).byRows()) {
            throw new InputException("windows of logged predictions are windows of time (1h, 1d, 1w, 1M), not of rows; got '" + period + "'",
                    loc("period", period));
        }
    }

    private static InputException.Location loc(String field, String value) {
        return new InputException.Location("model definition", 0, 0, field, value);
    }

    /** The window's period. */
    public Period window() {
        return Period.parse(period);
    }

    /** Every input read from a record: protected attributes, then the other watched features. */
    public List<String> inputs() {
        List<String> out = new ArrayList<>(protectedAttributes);
        for (String f : features) {
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The columns sketched for drift: the watched features and the prediction. */
    public List<String> driftColumns() {
        List<String> out = new ArrayList<>(features);
        out.add(PREDICTION);
        return out;
    }

    private AuditSpec.Builder base() {
        AuditSpec.Builder b = AuditSpec.builder().prediction(PREDICTION).predictionPositive(positivePrediction)
                .protectedAttributes(protectedAttributes).threads(1);
        references.forEach(b::reference);
        if (tolerance != null) {
            b.tolerance(tolerance);
        }
        if (fourFifths != null) {
            b.fourFifths(fourFifths);
        }
        return b;
    }

    /** The audit of labelled predictions: every metric the audit has. */
    public AuditSpec outcomeAudit() {
        return base().label(LABEL).positive(positiveLabel).build();
    }

    /**
     * The statistics of predictions alone, before labels arrive: the prediction stands in for the label, so that the
     * group statistics count each group's decisions. Only the selection rate is read from them.
     */
    public AuditSpec selectionStatistics() {
        return base().label(PREDICTION).positive(positivePrediction).build();
    }

    /**
     * The definition as named fields with their values in a fixed order and spelling (references sorted by attribute),
     * which two definitions that compute the same statistics share: what a file of windows records, and what its
     * import compares field by field.
     */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protectedAttributes", protectedAttributes);
        out.put("features", features);
        out.put("positivePrediction", positivePrediction);
        out.put("positiveLabel", positiveLabel);
        out.put("references", new TreeMap<>(references));
        out.put("period", period);
        out.put("tolerance", tolerance);
        out.put("fourFifths", fourFifths);
        return out;
    }

    /**
     * The first field in which {@code other} computes different statistics from this definition, or null when they
     * agree in every field.
     */
    public String firstDifference(WatchDefinition other) {
        Map<String, Object> a = fields();
        Map<String, Object> b = other.fields();
        for (String k : a.keySet()) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                return k;
            }
        }
        return null;
    }
}
