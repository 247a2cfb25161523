package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.core.model.TaskKind;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code probity audit} audits and how: the roles, filter, statistics and wording, as an {@link AuditSpec}. */
final class AuditOptions {
    @Option(names = {"-l", "--label"}, paramLabel = "COL|EXPR", description = "The true outcome. Default for a bundled dataset: its label.")
    String label;


    @Option(names = {"-p", "--prediction"}, paramLabel = "COL|EXPR", description = "The model's decision, e.g. 'decile_score >= 5'.")
    String prediction;


    @Option(names = "--score", paramLabel = "COL|EXPR", description = "A score: ROC AUC, calibration, Brier, LL144 scoring rates; with --threshold, the prediction.")
    String score;


    @Option(names = "--threshold", paramLabel = "T", description = "Predict positive when score >= T.")
    Double threshold;


    @Option(names = "--positive", paramLabel = "VALUE", description = "The label value that counts as positive (the others are negative), e.g. '>50K'.")
    String positive;


    @Option(names = "--prediction-positive", paramLabel = "VALUE", description = "The prediction value that counts as positive, if not the label's.")
    String predictionPositive;


    @Option(names = "--unfavorable", description = "A positive prediction is bad for the person (flagged, denied); the four-fifths rule and LL144 then count negative predictions as the favourable decision.")
    boolean unfavorable;


    @Option(names = {"-g", "--protected"}, split = ",", paramLabel = "COL", description = "Protected attributes, comma-separated.")
    List<String> protectedAttributes;


    @Option(names = "--intersections", description = "Also audit every intersection of two or more protected attributes.")
    boolean intersections;



    @Option(names = "--preset", paramLabel = "NAME", description = "A bundled dataset's named filter, e.g. --data compas --preset propublica.")
    String preset;



    @Option(names = "--weight", paramLabel = "COL", description = "Row weights (non-negative).")
    String weight;


    @Option(names = "--task", paramLabel = "KIND", description = "binary (default), multiclass or regression.")
    String task = "binary";


    @Option(names = {"-r", "--reference"}, paramLabel = "[ATTR=]GROUP", description = "Reference (privileged) group; default: the largest group (repeatable, one per attribute).")
    List<String> references = new ArrayList<>();


    @Option(names = "--reference-rule", paramLabel = "RULE", description = "Where no reference is given: majority (the largest group, default) or min-metric (each metric against the group with its lowest value, as Aequitas offers).")
    String referenceRule = "majority";


    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Feature columns for k-NN consistency (individual fairness).")
    List<String> features = new ArrayList<>();


    @Option(names = "--neighbors", paramLabel = "K", description = "Neighbours for consistency (default 5).")
    int neighbors = 5;


    @Option(names = "--strata", paramLabel = "COL", description = "Groups that condition Clarify's CDDL and CDDPL (e.g. department).")
    String strata;


    @Option(names = "--drop-missing", description = "Leave out rows whose label, prediction, score or weight is missing (default: fail).")
    boolean dropMissing;


    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap replicates for intervals of every metric (e.g. 1000).")
    int bootstrap;


    @Option(names = "--seed", paramLabel = "S", description = "Seed of the bootstrap (default 0); the same seed gives the same bytes.")
    long seed;


    @Option(names = "--confidence", paramLabel = "LEVEL", description = "Interval confidence level (default 0.95).")
    double confidence = 0.95;


    @Option(names = "--tolerance", paramLabel = "TAU", description = "Parity tolerance τ: a ratio in [τ, 1/τ] is parity (default 0.8).")
    double tolerance = 0.8;


    @Option(names = "--min-group-size", paramLabel = "N", description = "Flag groups with fewer rows (default 30).")
    int minGroupSize = 30;


    @Option(names = "--min-group-rows", paramLabel = "N", description = "Refuse groups with fewer rows (default 2).")
    int minGroupRows = 2;


    @Option(names = "--adjust", paramLabel = "METHOD", description = "p-value adjustment across comparisons: holm (default), bh or none.")
    String adjust = "holm";


    @Option(names = "--ge-alpha", paramLabel = "A", description = "α of the generalized entropy index (repeatable; default 2).")
    List<Double> alphas = new ArrayList<>();


    @Option(names = "--subjects", paramLabel = "NOUN", description = "What the rows are, for findings (default: rows; compas: defendants).")
    String subjects;


    @Option(names = "--outcome", paramLabel = "PHRASE", description = "What a positive prediction means, for findings (default: predicted positive).")
    String outcome;


    /** The audit specification these options describe; a bundled dataset fills in its roles where none are given. */
    AuditSpec buildSpec(Dataset ds, int threads, DataOptions data) {
        AuditSpec.Builder b = AuditSpec.builder();
        String lbl = label;
        String pred = prediction;
        List<String> prot = protectedAttributes;
        String pos = positive;
        if (ds != null) {
            if (lbl == null) {
                lbl = ds.label();
                if (pos == null) {
                    pos = ds.positive();
                }
            }
            if (pred == null && score == null) {
                pred = ds.prediction();
            }
            if (prot == null || prot.isEmpty()) {
                prot = ds.protectedAttributes();
            }
        }
        if (lbl == null) {
            throw new InputException("--label is required: the column (or SQL expression) with the true outcome");
        }
        if (prot == null || prot.isEmpty()) {
            throw new InputException("--protected is required: the column(s) holding the protected attribute(s)");
        }
        b.label(lbl).prediction(pred).score(score).threshold(threshold).positive(pos).predictionPositive(predictionPositive)
                .protectedAttributes(prot).intersections(intersections).weight(weight).features(features).neighbours(neighbors)
                .strata(strata).dropMissing(dropMissing).bootstrap(bootstrap).seed(seed).confidence(confidence)
                .tolerance(tolerance).minGroupSize(minGroupSize).minGroupRows(minGroupRows).threads(threads)
                .positiveFavorable(!unfavorable);
        try {
            b.task(TaskKind.valueOf(task.toUpperCase(Locale.ROOT)));
            b.adjust(MultipleTesting.Method.parse(adjust));
            b.referenceRule(AuditSpec.ReferenceRule.parse(referenceRule));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage().startsWith("No enum") ? "unknown task '" + task
                    + "' (use binary, multiclass or regression)" : e.getMessage());
        }
        if (!alphas.isEmpty()) {
            b.entropyAlphas(alphas);
        }
        dev.probity.core.frame.RowSelection rows = data.rowSelection();
        String filter = rows.where();
        if (preset != null) {
            if (ds == null || !ds.presets().containsKey(preset)) {
                throw new InputException("no preset '" + preset + "'" + (ds == null ? " (presets belong to bundled datasets)"
                        : " for " + ds.name() + "; presets: " + String.join(", ", ds.presets().keySet())));
            }
            String p = ds.presets().get(preset);
            filter = filter == null ? p : "(" + p + ") AND (" + filter + ")";
        }
        b.where(filter);
        rows.derived().forEach(b::derive);
        for (String r : references) {
            int eq = r.indexOf('=');
            if (eq > 0) {
                b.reference(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
            } else if (prot.size() == 1) {
                b.reference(prot.get(0), r.trim());
            } else {
                throw new InputException("--reference " + r + ": with several protected attributes, say which: --reference ATTR=GROUP");
            }
        }
        b.subjects(subjects != null ? subjects : ds != null && label == null ? ds.subjects() : "rows");
        b.outcome(outcome != null ? outcome : ds != null && label == null && prediction == null ? ds.outcome() : "predicted positive");
        if (ds != null && label == null && prediction == null && !unfavorable) {
            b.positiveFavorable(ds.positiveFavorable());
        }
        return b.build();
    }
}
