package dev.probity.server.ingest;

import dev.probity.core.InputException;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Period;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the service watches for one deployed model: who the groups are, which prediction is the positive one, which
 * inputs to watch for drift, and the window. Each logged record carries the model's inputs (protected attributes among
 * them, or beside them), its prediction, optionally its score, and later its label.
 *
 * @param name                the model's name, also its path in the API ({@code [A-Za-z0-9._-]}, at most 100)
 * @param protectedAttributes inputs that name a person's group (at least one)
 * @param features            inputs watched for drift (may be empty)
 * @param positivePrediction  the prediction value that is the positive decision (approve, flag…)
 * @param positiveLabel       the label value that is the positive outcome (null: the same as the prediction's)
 * @param references          reference group per attribute (absent: the audit's rule, the largest group)
 * @param period              the window: 1h, 1d, 7d, 1w, 1M
 * @param tolerance           the disparity the audit tolerates before it reports a finding (null: the audit's default)
 * @param inference           how the Open Inference Protocol (v2) payloads of a KServe or Seldon server map to records;
 *                            null: inputs are the tensors of the same names, the prediction is the response's first output
 * @param registered          the model version in the service's registry whose file makes these predictions
 *                            ({@code name@version}), used to explain a logged prediction; null: none (nothing to explain with)
 * @param thresholds          the checks' thresholds of this model; null: the monitor's defaults
 */
public record ModelDefinition(String name, List<String> protectedAttributes, List<String> features, String positivePrediction,
                              String positiveLabel, Map<String, String> references, String period, Double tolerance,
                              InferenceMapping inference, String registered, Thresholds thresholds) {
    /**
     * Where the scheduled checks raise alerts, for one model (each null: the monitor's default). The disparity the
     * audit tolerates is {@code tolerance}, beside these.
     *
     * @param psiMinor   population stability index from which drift is minor (default 0.1)
     * @param psiMajor   and from which it is major (default 0.25)
     * @param rateShift  a change of a group's selection rate against the reference window that raises an alert (default 0.05)
     * @param fourFifths the impact ratio below which a group's selection is flagged (default 0.8, the four-fifths rule)
     */
    public record Thresholds(Double psiMinor, Double psiMajor, Double rateShift, Double fourFifths) {
        public Thresholds {
            double minor = psiMinor == null ? 0.1 : psiMinor;
            double major = psiMajor == null ? 0.25 : psiMajor;
            if (!(minor > 0) || !(major > minor)) {
                throw new InputException("drift thresholds need 0 < psiMinor < psiMajor; got " + minor + " and " + major,
                        loc("thresholds.psiMajor", String.valueOf(major)));
            }
            if (rateShift != null && !(rateShift > 0 && rateShift < 1)) {
                throw new InputException("rateShift is in (0, 1); got " + rateShift, loc("thresholds.rateShift", String.valueOf(rateShift)));
            }
            if (fourFifths != null && !(fourFifths > 0 && fourFifths <= 1)) {
                throw new InputException("fourFifths is in (0, 1]; got " + fourFifths, loc("thresholds.fourFifths", String.valueOf(fourFifths)));
            }
        }
    }

    /**
     * How v2 inference payloads become records.
     *
     * @param prediction the output tensor holding the decision (null: the first output)
     * @param score      the output tensor holding the positive class's probability (shape [N] or [N, 2]: its second
     *                   column), or null
     * @param columns    input tensors of shape [N, F] and the names of their F columns, in order; other inputs are
     *                   tensors of shape [N] or [N, 1] named like the input
     */
    public record InferenceMapping(String prediction, String score, Map<String, List<String>> columns) {
        public InferenceMapping {
            columns = columns == null ? Map.of() : Map.copyOf(columns);
        }
    }

    /** A definition without a v2 mapping (the defaults) and without a registered model file. */
    public ModelDefinition(String name, List<String> protectedAttributes, List<String> features, String positivePrediction,
                           String positiveLabel, Map<String, String> references, String period, Double tolerance) {
        this(name, protectedAttributes, features, positivePrediction, positiveLabel, references, period, tolerance, null, null, null);
    }

    /** A definition without a registered model file. */
    public ModelDefinition(String name, List<String> protectedAttributes, List<String> features, String positivePrediction,
                           String positiveLabel, Map<String, String> references, String period, Double tolerance,
                           InferenceMapping inference) {
        this(name, protectedAttributes, features, positivePrediction, positiveLabel, references, period, tolerance, inference, null, null);
    }

    /** The same definition, its predictions made by the registered model version {@code nameAtVersion}. */
    public ModelDefinition withRegistered(String nameAtVersion) {
        return new ModelDefinition(name, protectedAttributes, features, positivePrediction, positiveLabel, references, period, tolerance,
                inference, nameAtVersion, thresholds);
    }

    /** The monitor's settings for this model: its windows, watched columns, outcome audit and thresholds. */
    public dev.probity.monitor.window.Monitor.Spec monitorSpec() {
        Thresholds t = thresholds == null ? new Thresholds(null, null, null, null) : thresholds;
        return new dev.probity.monitor.window.Monitor.Spec("timestamp", window(), driftColumns(), outcomeAudit(),
                t.psiMinor() == null ? 0.1 : t.psiMinor(), t.psiMajor() == null ? 0.25 : t.psiMajor(),
                t.rateShift() == null ? 0.05 : t.rateShift(), null);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Field names a record reserves for itself; no input may take them. */
    public static final List<String> RESERVED = List.of(Records.PREDICTION, Records.SCORE, Records.LABEL);

    public ModelDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InputException("a model's name is 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit; got '"
                    + InputException.shown(String.valueOf(name)) + "'", loc("name", name));
        }
        if (protectedAttributes == null || protectedAttributes.isEmpty()) {
            throw new InputException("a model needs at least one protected attribute to audit", loc("protectedAttributes", null));
        }
        protectedAttributes = List.copyOf(protectedAttributes);
        features = features == null ? List.of() : List.copyOf(features);
        for (String f : concat(protectedAttributes, features)) {
            if (f == null || f.isBlank() || RESERVED.contains(f)) {
                throw new InputException("an input may not be called '" + f + "': " + RESERVED + " are the record's own fields",
                        loc("protectedAttributes", f));
            }
        }
        if (positivePrediction == null || positivePrediction.isEmpty()) {
            throw new InputException("a model needs the prediction value that is the positive decision", loc("positivePrediction", null));
        }
        if (positiveLabel == null || positiveLabel.isEmpty()) {
            positiveLabel = positivePrediction;
        }
        references = references == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(references));
        for (String a : references.keySet()) {
            if (!protectedAttributes.contains(a)) {
                throw new InputException("a reference group is given for '" + a + "', which is not a protected attribute", loc("references", a));
            }
        }
        period = period == null || period.isBlank() ? "1d" : period.strip();
        Period p = Period.parse(period);
        if (p.byRows()) {
            throw new InputException("the service keeps windows of time (1h, 1d, 1w, 1M), not of rows; got '" + period + "'", loc("period", period));
        }
        if (tolerance != null && !(tolerance > 0 && tolerance < 1)) {
            throw new InputException("a tolerance is in (0, 1); got " + tolerance, loc("tolerance", String.valueOf(tolerance)));
        }
        if (inference == null) {
            inference = new InferenceMapping(null, null, Map.of());
        }
        if (registered != null && (registered.isBlank() || registered.indexOf('@') <= 0 || registered.endsWith("@"))) {
            throw new InputException("'registered' names a model version in the service's registry as NAME@VERSION; got '"
                    + InputException.shown(registered) + "'", loc("registered", registered));
        }
    }

    /** The registered model version's name and version, or null. */
    public String[] registeredVersion() {
        if (registered == null) {
            return null;
        }
        int at = registered.lastIndexOf('@');
        return new String[] {registered.substring(0, at), registered.substring(at + 1)};
    }

    private static InputException.Location loc(String field, String value) {
        return new InputException.Location("model definition", 0, 0, field, value);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public Period window() {
        return Period.parse(period);
    }

    /**
     * The part of this definition that decides a window's statistics, for the library that computes them (here and
     * on Spark).
     */
    public WatchDefinition watch() {
        return new WatchDefinition(protectedAttributes, features, positivePrediction, positiveLabel, references, period, tolerance,
                thresholds == null ? null : thresholds.fourFifths());
    }

    /** Every input the service reads from a record: protected attributes, then the other watched features. */
    public List<String> inputs() {
        return watch().inputs();
    }

    /** The columns sketched for drift: the watched features and the prediction. */
    public List<String> driftColumns() {
        return watch().driftColumns();
    }

    /** The audit of labelled predictions: every metric the audit has. */
    public AuditSpec outcomeAudit() {
        return watch().outcomeAudit();
    }

    /**
     * The statistics of predictions alone, before labels arrive: the prediction stands in for the label, so that the
     * group statistics count each group's decisions. Only the selection rate is read from them.
     */
    public AuditSpec selectionStatistics() {
        return watch().selectionStatistics();
    }
}
