package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.core.model.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a data bias report examines: the protected attributes, optionally the label and a legitimate factor,
 * the features to test as proxies, and a reference population. Immutable; made with {@link #builder()}.
 */
public final class DataAuditSpec {
    private final Builder b;

    private DataAuditSpec(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> protectedAttributes() { return List.copyOf(b.protectedAttributes); }
    public boolean intersections() { return b.intersections; }
    /** The label column, or null: without it the label gaps are not computed. */
    public String label() { return b.label; }
    /** The label value that counts as positive (as the audit's {@code positive}). */
    public String positive() { return b.positive; }
    /** A legitimate factor (e.g. qualification, department): label gaps are also reported within its strata. */
    public String strata() { return b.strata; }
    /** Features to test as proxies; empty means every column that is not protected, the label or the strata. */
    public List<String> features() { return List.copyOf(b.features); }
    /** The reference population, or null. */
    public Population population() { return b.population; }
    /** A group is under-represented when its share is below {@code tolerance} × its population share (default 0.8). */
    public double tolerance() { return b.tolerance; }
    public double confidence() { return b.confidence; }
    /** Groups with fewer rows are flagged as small (default 30). */
    public int minGroupSize() { return b.minGroupSize; }
    /** Folds of the cross-fitted proxy AUCs (default 5). */
    public int folds() { return b.folds; }
    /** Quantile bins of a numeric feature for the proxy measures (default 10). */
    public int bins() { return b.bins; }
    /** The trainer of the model on all features together, or null to skip it. */
    public Trainer proxyModel() { return b.proxyModel; }
    /** Rows the model on all features is trained on at most (a seeded sample; default 100,000). */
    public int proxyModelRows() { return b.proxyModelRows; }
    public long seed() { return b.seed; }

    public static final class Builder {
        private List<String> protectedAttributes = new ArrayList<>();
        private boolean intersections;
        private String label;
        private String positive;
        private String strata;
        private List<String> features = new ArrayList<>();
        private Population population;
        private double tolerance = 0.8;
        private double confidence = 0.95;
        private int minGroupSize = 30;
        private int folds = 5;
        private int bins = 10;
        private Trainer proxyModel;
        private int proxyModelRows = 100_000;
        private long seed;

        private Builder() {
        }

        public Builder protectedAttributes(List<String> v) { protectedAttributes = new ArrayList<>(v); return this; }
        public Builder protectedAttributes(String... v) { return protectedAttributes(List.of(v)); }
        public Builder intersections(boolean v) { intersections = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder positive(String v) { positive = v; return this; }
        public Builder strata(String v) { strata = v; return this; }
        public Builder features(List<String> v) { features = new ArrayList<>(v); return this; }
        public Builder population(Population v) { population = v; return this; }
        public Builder tolerance(double v) { tolerance = v; return this; }
        public Builder confidence(double v) { confidence = v; return this; }
        public Builder minGroupSize(int v) { minGroupSize = v; return this; }
        public Builder folds(int v) { folds = v; return this; }
        public Builder bins(int v) { bins = v; return this; }
        public Builder proxyModel(Trainer v) { proxyModel = v; return this; }
        public Builder proxyModelRows(int v) { proxyModelRows = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public DataAuditSpec build() {
            if (protectedAttributes.isEmpty()) {
                throw new InputException("the data report needs at least one protected attribute ({{protected}})");
            }
            if (!(tolerance > 0 && tolerance <= 1)) {
                throw new InputException("the tolerance must lie in (0, 1], e.g. 0.8 ({{tolerance}}); got " + tolerance);
            }
            if (!(confidence > 0 && confidence < 1)) {
                throw new InputException("the confidence level must lie strictly between 0 and 1 ({{confidence}}); got " + confidence);
            }
            if (minGroupSize < 1) {
                throw new InputException("the minimum group size must be at least 1 ({{min-group-size}}); got " + minGroupSize);
            }
            if (folds < 2 || folds > 20) {
                throw new InputException("the proxy folds must be between 2 and 20 ({{folds}}); got " + folds);
            }
            if (bins < 2 || bins > 100) {
                throw new InputException("the bins of a numeric feature must be between 2 and 100 ({{bins}}); got " + bins);
            }
            if (proxyModelRows < 100) {
                throw new InputException("the proxy model needs at least 100 rows ({{proxy-model-rows}}); got " + proxyModelRows);
            }
            if (positive != null && label == null) {
                throw new InputException("a positive label value needs a label ({{label}})");
            }
            if (strata != null && label == null) {
                throw new InputException("strata of a legitimate factor condition the label gaps, so they need a label ({{label}})");
            }
            Builder copy = new Builder();
            copy.protectedAttributes = List.copyOf(protectedAttributes);
            copy.intersections = intersections;
            copy.label = label;
            copy.positive = positive;
            copy.strata = strata;
            copy.features = List.copyOf(features);
            copy.population = population;
            copy.tolerance = tolerance;
            copy.confidence = confidence;
            copy.minGroupSize = minGroupSize;
            copy.folds = folds;
            copy.bins = bins;
            copy.proxyModel = proxyModel;
            copy.proxyModelRows = proxyModelRows;
            copy.seed = seed;
            return new DataAuditSpec(copy);
        }
    }
}
