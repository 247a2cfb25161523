package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.inprocess.PrejudiceRemover;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.EqualizedOddsPostprocessing;
import dev.probity.mitigation.post.RejectOptionClassification;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.pre.CorrelationRemover;
import dev.probity.mitigation.pre.DisparateImpactRemover;
import dev.probity.mitigation.pre.Massaging;
import dev.probity.mitigation.pre.Resampling;
import dev.probity.mitigation.pre.Reweighing;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.mitigation.reductions.ExponentiatedGradient;
import dev.probity.mitigation.reductions.GridSearch;
import dev.probity.models.pipeline.PipelineTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs one mitigation method for {@link MitigateCommand}: the library calls, their parameters and what to report. */
final class Mitigations {
    enum Method {
        REWEIGHING("reweighing", true), UNIFORM_RESAMPLING("uniform-resampling", true),
        PREFERENTIAL_RESAMPLING("preferential-resampling", true), MASSAGING("massaging", true),
        DISPARATE_IMPACT_REMOVER("disparate-impact-remover", false), CORRELATION_REMOVER("correlation-remover", false),
        EXPONENTIATED_GRADIENT("exponentiated-gradient", false), GRID_SEARCH("grid-search", true),
        PREJUDICE_REMOVER("prejudice-remover", true), THRESHOLD_OPTIMIZER("threshold-optimizer", false),
        EQUALIZED_ODDS_POSTPROCESSING("equalized-odds-postprocessing", false),
        CALIBRATED_EQUALIZED_ODDS("calibrated-equalized-odds", false), REJECT_OPTION("reject-option", false);

        private final String label;
        private final boolean savesModel;

        Method(String label, boolean savesModel) {
            this.label = label;
            this.savesModel = savesModel;
        }

        String label() {
            return label;
        }

        boolean savesModel() {
            return savesModel;
        }

        static Method parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Method m : values()) {
                if (m.label.equals(t)) {
                    return m;
                }
            }
            if (t.equals("expgrad")) {
                return EXPONENTIATED_GRADIENT;
            }
            List<String> names = new ArrayList<>();
            for (Method m : values()) {
                names.add(m.label);
            }
            throw new InputException("unknown --method '" + s + "'; use one of " + names);
        }
    }

    record Candidate(String label, Model model, boolean front) {
    }

    record Outcome(double[] predictions, Model model, Map<String, Object> parameters, Map<String, Object> details,
                   List<Candidate> candidates) {
    }

    private final Method method;
    private final Constraint constraint;
    private final MitigationOptions o;
    private final PipelineTrainer trainer;
    private final TrainingSet set;
    private final Groups groups;
    private final Model baseline;
    private final long seed;
    private final List<String> protectedAttributes;

    Mitigations(Method method, Constraint constraint, MitigationOptions o, PipelineTrainer trainer, TrainingSet set, Groups groups,
                Model baseline, long seed, List<String> protectedAttributes) {
        this.method = method;
        this.constraint = constraint;
        this.o = o;
        this.trainer = trainer;
        this.set = set;
        this.groups = groups;
        this.baseline = baseline;
        this.seed = seed;
        this.protectedAttributes = protectedAttributes;
    }

    Outcome run(Frame eval, Groups evalGroups) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        Labels y = set.labels();
        int[] codes = y.codes();
        Model model = null;
        double[] pred;
        switch (method) {
            case REWEIGHING -> {
                model = trainer.fit(set.with(y, Reweighing.weights(groups, codes, 2, null)));
                pred = model.predict(eval);
            }
            case UNIFORM_RESAMPLING, PREFERENTIAL_RESAMPLING -> {
                int[] rows = method == Method.UNIFORM_RESAMPLING ? Resampling.uniform(groups, codes, seed)
                        : Resampling.preferential(groups, codes, baseline.score(set.data()));
                model = trainer.fit(new TrainingSet(set.data().select(rows), set.features(), y.select(rows), null, seed));
                pred = model.predict(eval);
                details.put("rows_after_resampling", rows.length);
            }
            case MASSAGING -> {
                int[] massaged = Massaging.labels(groups, codes, baseline.score(set.data()));
                int flipped = 0;
                for (int i = 0; i < codes.length; i++) {
                    flipped += massaged[i] != codes[i] ? 1 : 0;
                }
                model = trainer.fit(set.with(Labels.classes(y.name(), y.classes(), massaged), null));
                pred = model.predict(eval);
                details.put("labels_flipped", flipped);
            }
            case DISPARATE_IMPACT_REMOVER -> {
                params.put("repair_level", o.repairLevel);
                List<String> numeric = numericFeatures(set.data());
                DisparateImpactRemover r = new DisparateImpactRemover(o.repairLevel);
                Frame repaired = r.repair(set.data(), numeric, groups);
                Model m = trainer.fit(new TrainingSet(repaired, set.features(), y, null, seed));
                pred = m.predict(r.repair(eval, numeric, evalGroups));
                details.put("repaired_columns", numeric);
            }
            case CORRELATION_REMOVER -> {
                params.put("alpha", o.alpha);
                List<String> numeric = numericFeatures(set.data());
                CorrelationRemover r = new CorrelationRemover(o.alpha).fit(set.data(), numeric, groups);
                Model m = trainer.fit(new TrainingSet(r.transform(set.data(), groups), set.features(), y, null, seed));
                pred = m.predict(r.transform(eval, evalGroups));
                details.put("filtered_columns", numeric);
            }
            case EXPONENTIATED_GRADIENT -> {
                boolean ratio = o.ratioBound != null;
                params.put(ratio ? "ratio_bound" : "difference_bound", ratio ? o.ratioBound : o.bound);
                params.put("max_iterations", o.maxIterations);
                ExponentiatedGradient.Result r = new ExponentiatedGradient(constraint, ratio ? o.bound : o.bound, ratio ? o.ratioBound : 1,
                        o.maxIterations).fit(trainer, set, groups);
                pred = r.model().predict(eval);
                details.put("iterations", r.iterations());
                details.put("oracle_calls", r.oracleCalls());
                details.put("best_gap", r.bestGap());
                details.put("predictors_used", countNonZero(r.model().weights()));
            }
            case GRID_SEARCH -> {
                params.put("grid_size", o.gridSize);
                params.put("grid_limit", o.gridLimit);
                GridSearch.Result r = new GridSearch(constraint, o.bound, o.gridSize, o.gridLimit).fit(trainer, set, groups);
                model = r.model();
                pred = model.predict(eval);
                List<Integer> front = r.paretoFront();
                for (int i = 0; i < r.candidates().size(); i++) {
                    GridSearch.Candidate c = r.candidates().get(i);
                    candidates.add(new Candidate("λ = " + java.util.Arrays.toString(round(c.lambda())), c.model(), front.contains(i)));
                }
                details.put("chosen_candidate", r.best());
                details.put("pareto_front_on_training_data", front);
            }
            case PREJUDICE_REMOVER -> {
                params.put("eta", o.eta);
                model = new PrejudiceRemover(protectedAttributes, o.eta, 1.0, trainer.encoding()).fit(set);
                pred = model.predict(eval);
            }
            case THRESHOLD_OPTIMIZER -> {
                ThresholdOptimizer.Objective obj = switch (o.objective.toLowerCase(Locale.ROOT)) {
                    case "accuracy" -> ThresholdOptimizer.Objective.ACCURACY;
                    case "balanced-accuracy" -> ThresholdOptimizer.Objective.BALANCED_ACCURACY;
                    default -> throw new InputException("--objective must be accuracy or balanced-accuracy, got '" + o.objective + "'");
                };
                params.put("objective", o.objective);
                params.put("randomized", !o.deterministic);
                ThresholdOptimizer.Fitted f = new ThresholdOptimizer(constraint, obj, !o.deterministic, o.tolerance)
                        .fit(baseline.score(set.data()), codes, groups);
                pred = f.predict(baseline.score(eval), evalGroups, seed);
                Map<String, String> rules = new LinkedHashMap<>();
                f.rules().forEach(r -> rules.put(r.group(), r.describe()));
                details.put("rules", rules);
            }
            case EQUALIZED_ODDS_POSTPROCESSING -> {
                EqualizedOddsPostprocessing.Fitted f = new EqualizedOddsPostprocessing().fit(baseline.predict(set.data()), codes, groups);
                pred = f.predict(baseline.predict(eval), evalGroups, seed);
                Map<String, String> rules = new LinkedHashMap<>();
                for (int k = 0; k < groups.count(); k++) {
                    rules.put(groups.names().get(k), String.format(Locale.ROOT, "keep positive %.3f, flip negative %.3f",
                            f.keepPositive()[k], f.flipNegative()[k]));
                }
                details.put("rules", rules);
            }
            case CALIBRATED_EQUALIZED_ODDS -> {
                params.put("cost", o.cost);
                CalibratedEqualizedOdds.Fitted f = new CalibratedEqualizedOdds(CalibratedEqualizedOdds.parseCost(o.cost), 0.5)
                        .fit(baseline.score(set.data()), codes, groups);
                pred = f.predict(baseline.score(eval), evalGroups, seed);
                Map<String, String> rules = new LinkedHashMap<>();
                for (int k = 0; k < groups.count(); k++) {
                    rules.put(groups.names().get(k), String.format(Locale.ROOT, "with probability %.3f use the base rate %.3f",
                            f.mixRate()[k], f.baseRate()[k]));
                }
                details.put("rules", rules);
            }
            case REJECT_OPTION -> {
                RejectOptionClassification.Metric metric = constraint == Constraint.EQUALIZED_ODDS
                        ? RejectOptionClassification.Metric.EQUALIZED_ODDS : RejectOptionClassification.Metric.DEMOGRAPHIC_PARITY;
                if (constraint != Constraint.EQUALIZED_ODDS && constraint != Constraint.DEMOGRAPHIC_PARITY) {
                    throw new InputException("reject-option supports demographic-parity and equalized-odds, not " + constraint.label());
                }
                params.put("metric_bound", o.metricBound);
                RejectOptionClassification.Fitted f = new RejectOptionClassification(metric, o.metricBound, 50, 25)
                        .fit(baseline.score(set.data()), codes, groups);
                pred = f.predict(baseline.score(eval), evalGroups);
                details.put("threshold", f.threshold());
                details.put("margin", f.margin());
                List<String> dis = new ArrayList<>();
                for (int k = 0; k < groups.count(); k++) {
                    if (f.disadvantaged()[k]) {
                        dis.add(groups.names().get(k));
                    }
                }
                details.put("favoured_in_margin", dis);
            }
            default -> throw new IllegalStateException(method.toString());
        }
        return new Outcome(pred, model, params, details, candidates);
    }

    private List<String> numericFeatures(Frame f) {
        List<String> out = new ArrayList<>();
        for (String name : set.features()) {
            ColumnType t = f.column(name).type();
            if (t == ColumnType.DOUBLE || t == ColumnType.LONG) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(method.label() + " changes numeric features, and the model has none");
        }
        return out;
    }

    private static int countNonZero(double[] w) {
        int c = 0;
        for (double v : w) {
            c += v > 0 ? 1 : 0;
        }
        return c;
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 1000) / 1000.0;
        }
        return out;
    }
}
