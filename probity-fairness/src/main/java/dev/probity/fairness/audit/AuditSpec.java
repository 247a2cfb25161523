package dev.probity.fairness.audit;

import dev.probity.core.stats.MultipleTesting;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to audit and how: the roles of the columns, the row filter, and the statistical settings. The
 * command line's {@code probity audit} flags map one to one onto these setters.
 *
 * <pre>{@code
 * AuditSpec spec = AuditSpec.builder()
 *         .label("two_year_recid")
 *         .prediction("decile_score >= 5")
 *         .protectedAttributes("race", "sex")
 *         .where(Datasets.PROPUBLICA_FILTER)
 *         .bootstrap(1000).seed(7)
 *         .build();
 * }</pre>
 */
public final class AuditSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Builder b;

    private AuditSpec(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String label() { return b.label; }
    public String prediction() { return b.prediction; }
    public String score() { return b.score; }
    public Double threshold() { return b.threshold; }
    public String positive() { return b.positive; }
    public String predictionPositive() { return b.predictionPositive; }
    public List<String> protectedAttributes() { return List.copyOf(b.protectedAttributes); }
    public boolean intersections() { return b.intersections; }
    public String where() { return b.where; }
    public Map<String, String> derived() { return new LinkedHashMap<>(b.derived); }
    public String weight() { return b.weight; }
    public TaskKind task() { return b.task; }
    public List<String> features() { return List.copyOf(b.features); }
    public int neighbours() { return b.neighbours; }
    public String strata() { return b.strata; }
    public boolean dropMissing() { return b.dropMissing; }
    public Map<String, String> references() { return new LinkedHashMap<>(b.references); }

    /**
     * The same specification with a reference group for {@code attribute} where none was given — what a monitor uses to
     * keep one reference group across its windows. A reference already given is kept.
     */
    public AuditSpec withDefaultReference(String attribute, String group) {
        if (b.references.containsKey(attribute)) {
            return this;
        }
        Builder c = b.copy();
        c.references.put(attribute, group);
        return new AuditSpec(c);
    }
    public ReferenceRule referenceRule() { return b.referenceRule; }
    public double confidence() { return b.confidence; }
    public double tolerance() { return b.tolerance; }
    public int minGroupSize() { return b.minGroupSize; }
    public int minGroupRows() { return b.minGroupRows; }
    public double ll144MinShare() { return b.ll144MinShare; }
    public double fourFifths() { return b.fourFifths; }
    public int bootstrap() { return b.bootstrap; }
    public long seed() { return b.seed; }
    public MultipleTesting.Method adjust() { return b.adjust; }
    public List<Double> entropyAlphas() { return List.copyOf(b.entropyAlphas); }
    public double concentration() { return b.concentration; }
    public int calibrationBins() { return b.calibrationBins; }
    public int threads() { return b.threads; }
    public boolean positiveFavorable() { return b.positiveFavorable; }
    public String subjects() { return b.subjects; }
    public String outcome() { return b.outcome; }

    /** How a comparison's reference group is chosen when none is given. */
    public enum ReferenceRule {
        /** The largest group of the attribute. */
        MAJORITY,
        /** For each metric, the group with the smallest value. */
        MIN_METRIC;

        public static ReferenceRule parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "majority", "largest" -> MAJORITY;
                case "min-metric", "min" -> MIN_METRIC;
                default -> throw new IllegalArgumentException("unknown reference rule '" + s + "' (use majority or min-metric)");
            };
        }
    }

    /**
     * Builder; every setting has a documented default. Serializable with the spec, so that a spec travels to where the
     * rows are (Spark's executors).
     */
    public static final class Builder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private String label;
        private String prediction;
        private String score;
        private Double threshold;
        private String positive;
        private String predictionPositive;
        private List<String> protectedAttributes = new ArrayList<>();
        private boolean intersections;
        private String where;
        private Map<String, String> derived = new LinkedHashMap<>();
        private String weight;
        private TaskKind task = TaskKind.BINARY;
        private List<String> features = new ArrayList<>();
        private int neighbours = 5;
        private String strata;
        private boolean dropMissing;
        private Map<String, String> references = new LinkedHashMap<>();
        private ReferenceRule referenceRule = ReferenceRule.MAJORITY;
        private double confidence = 0.95;
        private double tolerance = 0.8;
        private int minGroupSize = 30;
        private int minGroupRows = 2;
        private double ll144MinShare = 0.02;
        private double fourFifths = 0.8;
        private int bootstrap;
        private long seed;
        private MultipleTesting.Method adjust = MultipleTesting.Method.HOLM;
        private List<Double> entropyAlphas = new ArrayList<>(List.of(2.0));
        private double concentration = 1.0;
        private int calibrationBins = 10;
        private int threads;
        private boolean positiveFavorable = true;
        private String subjects = "rows";
        private String outcome = "predicted positive";

        Builder copy() {
            Builder c = new Builder();
            c.label = label;
            c.prediction = prediction;
            c.score = score;
            c.threshold = threshold;
            c.positive = positive;
            c.predictionPositive = predictionPositive;
            c.protectedAttributes = new ArrayList<>(protectedAttributes);
            c.intersections = intersections;
            c.where = where;
            c.derived = new LinkedHashMap<>(derived);
            c.weight = weight;
            c.task = task;
            c.features = new ArrayList<>(features);
            c.neighbours = neighbours;
            c.strata = strata;
            c.dropMissing = dropMissing;
            c.references = new LinkedHashMap<>(references);
            c.referenceRule = referenceRule;
            c.confidence = confidence;
            c.tolerance = tolerance;
            c.minGroupSize = minGroupSize;
            c.minGroupRows = minGroupRows;
            c.ll144MinShare = ll144MinShare;
            c.fourFifths = fourFifths;
            c.bootstrap = bootstrap;
            c.seed = seed;
            c.adjust = adjust;
            c.entropyAlphas = new ArrayList<>(entropyAlphas);
            c.concentration = concentration;
            c.calibrationBins = calibrationBins;
            c.threads = threads;
            c.positiveFavorable = positiveFavorable;
            c.subjects = subjects;
            c.outcome = outcome;
            return c;
        }

        /** The label (ground truth): a column name or an SQL expression. Required. */
        public Builder label(String v) { label = v; return this; }

        /** The prediction: a column or an expression such as {@code decile_score >= 5}. */
        public Builder prediction(String v) { prediction = v; return this; }

        /** A score column or expression; with {@link #threshold} it also yields the prediction. */
        public Builder score(String v) { score = v; return this; }

        /** Predict positive when score ≥ threshold. */
        public Builder threshold(Double v) { threshold = v; return this; }

        /** The label value that counts as positive (favourable); others count as negative. */
        public Builder positive(String v) { positive = v; return this; }

        /** The prediction value that counts as positive, when it differs from the label's. */
        public Builder predictionPositive(String v) { predictionPositive = v; return this; }

        public Builder protectedAttributes(List<String> v) { protectedAttributes = new ArrayList<>(v); return this; }

        public Builder protectedAttributes(String... v) { return protectedAttributes(List.of(v)); }

        /** Also audit every intersection of two or more protected attributes. */
        public Builder intersections(boolean v) { intersections = v; return this; }

        /** Keep only rows where this SQL expression is true. */
        public Builder where(String v) { where = v; return this; }

        /** Adds a column computed by an SQL expression before anything else (in order of calls). */
        public Builder derive(String name, String expression) { derived.put(name, expression); return this; }

        /** A column of non-negative row weights. */
        public Builder weight(String v) { weight = v; return this; }

        /** binary (default), multiclass or regression. */
        public Builder task(TaskKind v) { task = Objects.requireNonNull(v); return this; }

        /** Feature columns for consistency (k-nearest-neighbour individual fairness). */
        public Builder features(List<String> v) { features = new ArrayList<>(v); return this; }

        /** Neighbours for consistency (AIF360 default 5). */
        public Builder neighbours(int v) { neighbours = v; return this; }

        /** A column whose groups condition Clarify's CDDL and CDDPL (e.g. department). */
        public Builder strata(String v) { strata = v; return this; }

        /** Leave out rows whose label, prediction, score or weight is missing, instead of failing. */
        public Builder dropMissing(boolean v) { dropMissing = v; return this; }

        /** The reference (privileged) group of an attribute; default: its largest group. */
        public Builder reference(String attribute, String group) { references.put(attribute, group); return this; }

        /**
         * How comparisons choose their reference group where none is given: the largest group (Aequitas'
         * "majority", the default), or per metric the group with the smallest value (Aequitas' "min_metric").
         * AIF360's composites always use the attribute's reference group (given, else the largest).
         */
        public Builder referenceRule(ReferenceRule v) { referenceRule = java.util.Objects.requireNonNull(v); return this; }

        public Builder confidence(double v) { confidence = v; return this; }

        /** Aequitas' fairness threshold τ: parity when τ ≤ ratio ≤ 1/τ. Default 0.8. */
        public Builder tolerance(double v) { tolerance = v; return this; }

        /** Groups with fewer rows are flagged as small. Default 30. */
        public Builder minGroupSize(int v) { minGroupSize = v; return this; }

        /** A protected attribute's group with fewer rows is an input error. Default 2. */
        public Builder minGroupRows(int v) { minGroupRows = v; return this; }

        /** LL144: categories under this share are excluded from impact ratios. Default 0.02. */
        public Builder ll144MinShare(double v) { ll144MinShare = v; return this; }

        /** The four-fifths rule's threshold. Default 0.8. */
        public Builder fourFifths(double v) { fourFifths = v; return this; }

        /** Bootstrap replicates for intervals of every metric (0 = none). */
        public Builder bootstrap(int v) { bootstrap = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        /** Adjustment of p-values across all comparisons: holm (default), bh or none. */
        public Builder adjust(MultipleTesting.Method v) { adjust = v; return this; }

        /** α values of the generalized entropy index to report (default 2). */
        public Builder entropyAlphas(List<Double> v) { entropyAlphas = new ArrayList<>(v); return this; }

        /** Dirichlet concentration for smoothed empirical differential fairness (default 1). */
        public Builder concentration(double v) { concentration = v; return this; }

        public Builder calibrationBins(int v) { calibrationBins = v; return this; }

        /** Threads (0 = all processors). */
        public Builder threads(int v) { threads = v; return this; }

        /**
         * Whether a positive prediction is good for the person (hired, approved: true, the default) or bad
         * (flagged high-risk, denied: false). The four-fifths rule and LL144's selection rates count
         * favourable decisions.
         */
        public Builder positiveFavorable(boolean v) { positiveFavorable = v; return this; }

        /** Plural noun for the rows in findings ("defendants"). */
        public Builder subjects(String v) { subjects = v; return this; }

        /** Phrase for a positive prediction in findings ("flagged high-risk"). */
        public Builder outcome(String v) { outcome = v; return this; }

        public AuditSpec build() {
            List<String> problems = new ArrayList<>();
            if (label == null || label.isBlank()) {
                problems.add("a label column is required ({{label}})");
            }
            if (protectedAttributes.isEmpty()) {
                problems.add("at least one protected attribute is required ({{protected}})");
            }
            if (task == TaskKind.BINARY && prediction == null && (score == null || threshold == null)) {
                problems.add(score == null ? "a prediction is required: a column or expression ({{prediction}}), or a score column ({{score}}) with a threshold ({{threshold}})"
                        : "a score ({{score}}) needs a threshold ({{threshold}}) to turn scores into predictions (or give a prediction too, {{prediction}})");
            }
            if (task != TaskKind.BINARY && prediction == null) {
                problems.add("a " + task.name().toLowerCase(java.util.Locale.ROOT) + " audit needs a prediction column ({{prediction}})");
            }
            if (!(confidence > 0 && confidence < 1)) {
                problems.add("the confidence level must be between 0 and 1, not " + confidence);
            }
            if (!(tolerance > 0 && tolerance <= 1)) {
                problems.add("the tolerance τ must be in (0, 1], not " + tolerance);
            }
            if (bootstrap < 0) {
                problems.add("the number of bootstrap replicates cannot be negative");
            }
            if (minGroupRows < 1) {
                problems.add("the minimum group rows must be at least 1");
            }
            if (minGroupSize < 1) {
                problems.add("the small-group threshold must be at least 1, not " + minGroupSize);
            }
            for (double a : entropyAlphas) {
                if (!Double.isFinite(a)) {
                    problems.add("the generalized entropy index needs a finite α, not " + a);
                }
            }
            if (neighbours < 1) {
                problems.add("consistency needs at least one neighbour");
            }
            if (!(ll144MinShare >= 0 && ll144MinShare < 1)) {
                problems.add("the LL144 minimum share must be in [0, 1)");
            }
            if (calibrationBins < 1) {
                problems.add("calibration needs at least one bin");
            }
            if (concentration < 0) {
                problems.add("the concentration must not be negative");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String p : protectedAttributes) {
                if (!seen.add(p)) {
                    problems.add("protected attribute '" + p + "' is given twice");
                }
            }
            if (!problems.isEmpty()) {
                throw new dev.probity.core.InputException(String.join("; ", problems));
            }
            return new AuditSpec(copy());
        }
    }
}
