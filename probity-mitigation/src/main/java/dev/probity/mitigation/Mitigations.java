package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.inprocess.AdversarialDebiasing;
import dev.probity.mitigation.inprocess.PrejudiceRemover;
import dev.probity.mitigation.models.CalibratedMixModel;
import dev.probity.mitigation.models.GroupFlipModel;
import dev.probity.mitigation.models.GroupThresholdModel;
import dev.probity.mitigation.models.MixtureModel;
import dev.probity.mitigation.models.PostModels;
import dev.probity.mitigation.models.RejectOptionModel;
import dev.probity.mitigation.models.TransformedModel;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.EqualizedOddsPostprocessing;
import dev.probity.mitigation.post.RejectOptionClassification;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.pre.CorrelationRemover;
import dev.probity.mitigation.pre.DisparateImpactRemover;
import dev.probity.mitigation.pre.FrameTransform;
import dev.probity.mitigation.pre.Massaging;
import dev.probity.mitigation.pre.Resampling;
import dev.probity.mitigation.pre.Reweighing;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.mitigation.reductions.ExponentiatedGradient;
import dev.probity.mitigation.reductions.GridSearch;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of mitigation methods, by name: what each does, when it acts, which settings it reads, and a
 * factory. Every method returns a model that saves and reloads; randomized ones are
 * {@link dev.probity.core.model.RandomizedModel}s.
 *
 * <pre>{@code
 * Mitigation m = Mitigations.create("threshold-optimizer", MitigationSettings.defaults());
 * MitigationReport r = MitigationRun.run(request.method(m), warnings::add);
 * }</pre>
 */
public final class Mitigations {
    private Mitigations() {
    }

    /** A method of the catalogue: its name, stage, one-line description and the settings it reads. */
    public record Method(String name, Stage stage, String summary, List<String> settings) {
    }

    private static final List<Method> METHODS = List.of(
            new Method("reweighing", Stage.PRE_PROCESSING, "rows weigh P(a)P(y)/P(a,y) (Kamiran & Calders)", List.of()),
            new Method("uniform-resampling", Stage.PRE_PROCESSING, "(group, label) cells resampled to their expected sizes at random",
                    List.of()),
            new Method("preferential-resampling", Stage.PRE_PROCESSING,
                    "the same, dropping/duplicating rows nearest the baseline's boundary", List.of()),
            new Method("massaging", Stage.PRE_PROCESSING, "flip the fewest labels, chosen by the baseline's scores", List.of()),
            new Method("disparate-impact-remover", Stage.PRE_PROCESSING,
                    "move numeric features towards the median group distribution", List.of("repairLevel")),
            new Method("correlation-remover", Stage.PRE_PROCESSING, "remove numeric features' linear correlation with the groups",
                    List.of("alpha")),
            new Method("exponentiated-gradient", Stage.IN_PROCESSING, "reductions approach (Agarwal et al.): a randomized mixture",
                    List.of("constraint", "bound", "ratioBound", "maxIterations")),
            new Method("grid-search", Stage.IN_PROCESSING, "the same constraints on a grid of multipliers; one model, a trade-off curve",
                    List.of("constraint", "bound", "gridSize", "gridLimit")),
            new Method("prejudice-remover", Stage.IN_PROCESSING, "logistic regression plus η × prejudice index (Kamishima et al.)",
                    List.of("eta")),
            new Method("adversarial-debiasing", Stage.IN_PROCESSING,
                    "logistic regression trained against an adversary that predicts the group (Zhang et al.)",
                    List.of("constraint", "adversaryWeight", "epochs")),
            new Method("threshold-optimizer", Stage.POST_PROCESSING, "group thresholds (Hardt et al.), randomized or deterministic",
                    List.of("constraint", "objective", "deterministic", "tolerance")),
            new Method("equalized-odds-postprocessing", Stage.POST_PROCESSING,
                    "flip predictions with group probabilities from a linear program", List.of()),
            new Method("calibrated-equalized-odds", Stage.POST_PROCESSING, "Pleiss et al.: mix scores with base rates", List.of("cost")),
            new Method("reject-option", Stage.POST_PROCESSING, "favour the disadvantaged near the threshold (Kamiran et al.)",
                    List.of("constraint", "metricBound")));

    public static List<Method> methods() {
        return METHODS;
    }

    /** The catalogue entry of {@code name} (case and {@code _}/{@code -} ignored; {@code expgrad} works). */
    public static Method method(String name) {
        String t = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.equals("expgrad")) {
            t = "exponentiated-gradient";
        }
        for (Method m : METHODS) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        throw new InputException("unknown mitigation method '" + name + "'; the methods are "
                + METHODS.stream().map(Method::name).toList());
    }

    /** The method {@code name} with {@code settings}; settings a method cannot honour are an error. */
    public static Mitigation create(String name, MitigationSettings settings) {
        Method m = method(name);
        MitigationSettings s = settings;
        return switch (m.name()) {
            case "reweighing" -> new Pre(m, s) {
                @Override
                Fitted pre(MitigationTask t) {
                    Labels y = t.training().labels();
                    return new Fitted(t.training().with(y, Reweighing.weights(t.groups(), y.codes(), 2, null)), null, false, Map.of());
                }
            };
            case "uniform-resampling", "preferential-resampling" -> new Pre(m, s) {
                @Override
                Fitted pre(MitigationTask t) {
                    TrainingSet set = t.training();
                    int[] codes = set.labels().codes();
                    boolean preferential = m.name().startsWith("preferential");
                    int[] rows = preferential ? Resampling.preferential(t.groups(), codes, t.baseline().score(set.data()))
                            : Resampling.uniform(t.groups(), codes, t.seed());
                    return new Fitted(new TrainingSet(set.data().select(rows), set.features(), set.labels().select(rows), null, t.seed()),
                            null, preferential, Map.of("rows_after_resampling", rows.length));
                }
            };
            case "massaging" -> new Pre(m, s) {
                @Override
                Fitted pre(MitigationTask t) {
                    TrainingSet set = t.training();
                    Labels y = set.labels();
                    int[] massaged = Massaging.labels(t.groups(), y.codes(), t.baseline().score(set.data()));
                    int flipped = 0;
                    for (int i = 0; i < massaged.length; i++) {
                        flipped += massaged[i] != y.codes()[i] ? 1 : 0;
                    }
                    return new Fitted(set.with(Labels.classes(y.name(), y.classes(), massaged), null), null, true,
                            Map.of("labels_flipped", flipped));
                }
            };
            case "disparate-impact-remover" -> new Pre(m, s) {
                @Override
                Map<String, Object> params() {
                    return Map.of("repair_level", s.repairLevel());
                }

                @Override
                Fitted pre(MitigationTask t) {
                    List<String> numeric = numericFeatures(m.name(), t.training());
                    DisparateImpactRemover.Repair r = new DisparateImpactRemover(s.repairLevel()).fit(t.training().data(), numeric, t.groups());
                    Frame repaired = r.apply(t.training().data());
                    return new Fitted(new TrainingSet(repaired, t.training().features(), t.training().labels(), null, t.seed()), r, false,
                            Map.of("repaired_columns", numeric));
                }
            };
            case "correlation-remover" -> new Pre(m, s) {
                @Override
                Map<String, Object> params() {
                    return Map.of("alpha", s.alpha());
                }

                @Override
                Fitted pre(MitigationTask t) {
                    List<String> numeric = numericFeatures(m.name(), t.training());
                    CorrelationRemover.Removal r = new CorrelationRemover(s.alpha()).fit(t.training().data(), numeric, t.groups());
                    return new Fitted(new TrainingSet(r.apply(t.training().data(), t.groups()), t.training().features(),
                            t.training().labels(), null, t.seed()), r, false, Map.of("filtered_columns", numeric));
                }
            };
            case "exponentiated-gradient" -> new ExpGrad(m, s);
            case "grid-search" -> new Grid(m, s);
            case "prejudice-remover" -> new Prejudice(m, s);
            case "adversarial-debiasing" -> new Adversarial(m, s);
            case "threshold-optimizer" -> new Thresholds(m, s);
            case "equalized-odds-postprocessing" -> new FlipPost(m, s);
            case "calibrated-equalized-odds" -> new CalibratedPost(m, s);
            case "reject-option" -> new RejectPost(m, s);
            default -> throw new IllegalStateException(m.name());
        };
    }

    /** The numeric features a feature-repairing method changes; none is an error. */
    static List<String> numericFeatures(String method, TrainingSet set) {
        List<String> out = new ArrayList<>();
        for (String name : set.features()) {
            ColumnType t = set.data().column(name).type();
            if (t == ColumnType.DOUBLE || t == ColumnType.LONG) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(method + " changes numeric features, and the model has none");
        }
        return out;
    }

    /** Shared by every method: name, stage, settings, and the provenance of what it returns. */
    abstract static class Base implements Mitigation {
        final Method method;
        final MitigationSettings settings;

        Base(Method method, MitigationSettings settings) {
            this.method = method;
            this.settings = settings;
        }

        @Override
        public String name() {
            return method.name();
        }

        @Override
        public Stage stage() {
            return method.stage();
        }

        Map<String, Object> params() {
            return Map.of();
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>(params());
            return p;
        }

        /** The provenance of a model this method made on {@code task}'s data, built on {@code parents}. */
        Provenance provenance(MitigationTask task, ModelInfo info, List<Model> parents) {
            return PostModels.provenance(name(), parameters(), task.training().data(), info, task.seed(), parents);
        }

        /** A pipeline fitted inside this method, re-labelled with this method's provenance (its training record a parent). */
        PipelineModel relabel(PipelineModel fitted, MitigationTask task, boolean usedBaseline) {
            List<Provenance> parents = new ArrayList<>();
            parents.add(fitted.provenance());
            if (usedBaseline) {
                parents.add(task.baseline().provenance());
            }
            Provenance own = provenance(task, fitted.info(), List.of());
            return fitted.withProvenance(new Provenance(own.step(), own.method(), own.parameters(), own.data(), own.features(),
                    own.label(), own.seed(), parents, own.libraries()));
        }
    }

    /** Pre-processing: change the training set (and maybe fit a transform), then train the model family on it. */
    abstract static class Pre extends Base {
        Pre(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        record Fitted(TrainingSet training, FrameTransform transform, boolean usedBaseline, Map<String, Object> details) {
        }

        abstract Fitted pre(MitigationTask task);

        @Override
        public Mitigated fit(MitigationTask task) {
            task.training().labels().requireBinary(name());
            Fitted f = pre(task);
            Model inner = task.trainer().fit(f.training());
            Model model;
            if (f.transform() == null) {
                model = inner instanceof PipelineModel pm ? relabel(pm, task, f.usedBaseline()) : inner;
            } else {
                ModelInfo info = PostModels.info(name(), inner.info(), task.groups().attributes(), task.training().data(), parameters());
                model = new TransformedModel(info, f.transform(), inner, provenance(task, info, List.of(inner)));
            }
            return new Mitigated(model, f.details(), List.of());
        }
    }

    static final class ExpGrad extends Base {
        ExpGrad(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("constraint", settings.constraint().label());
            if (settings.ratioBound() != null) {
                p.put("ratio_bound", settings.ratioBound());
                p.put("slack", settings.bound());
            } else {
                p.put("difference_bound", settings.bound());
            }
            p.put("max_iterations", settings.maxIterations());
            return p;
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            boolean ratio = settings.ratioBound() != null;
            ExponentiatedGradient.Result r = new ExponentiatedGradient(settings.constraint(), settings.bound(),
                    ratio ? settings.ratioBound() : 1, settings.maxIterations()).fit(task.trainer(), task.training(), task.groups());
            MixtureModel mix = r.model();
            ModelInfo info = new ModelInfo(mix.info().algorithm(), mix.info().features(), mix.info().label(), mix.info().classes(),
                    mix.info().output(), parameters());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("iterations", r.iterations());
            details.put("oracle_calls", r.oracleCalls());
            details.put("best_gap", r.bestGap());
            int used = 0;
            for (double w : mix.weights()) {
                used += w > 0 ? 1 : 0;
            }
            details.put("predictors_used", used);
            return new Mitigated(mix.withProvenance(info, provenance(task, info, List.of())), details, List.of());
        }
    }

    static final class Grid extends Base {
        Grid(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("constraint", settings.constraint().label());
            p.put("difference_bound", settings.bound());
            p.put("grid_size", settings.gridSize());
            p.put("grid_limit", settings.gridLimit());
            return p;
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            GridSearch.Result r = new GridSearch(settings.constraint(), settings.bound(), settings.gridSize(), settings.gridLimit())
                    .fit(task.trainer(), task.training(), task.groups());
            List<Integer> front = r.paretoFront();
            List<Mitigated.Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < r.candidates().size(); i++) {
                GridSearch.Candidate c = r.candidates().get(i);
                candidates.add(new Mitigated.Candidate("λ = " + java.util.Arrays.toString(round(c.lambda())), c.model(), front.contains(i)));
            }
            Model chosen = r.model();
            if (chosen instanceof PipelineModel pm) {
                chosen = relabel(pm, task, false);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("chosen_candidate", r.best());
            details.put("pareto_front_on_training_data", front);
            if (r.limits().size() > 1) {
                details.put("grid_limits", r.limits());
            }
            details.put("why", r.why());
            return new Mitigated(chosen, details, candidates);
        }

        private static double[] round(double[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.round(v[i] * 1000) / 1000.0;
            }
            return out;
        }
    }

    static final class Prejudice extends Base {
        Prejudice(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        Map<String, Object> params() {
            return Map.of("eta", settings.eta());
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            EncodingSpec enc = task.trainer() instanceof PipelineTrainer pt ? pt.encoding() : null;
            PipelineModel pm = new PrejudiceRemover(task.groups().attributes(), settings.eta(), 1.0, enc).fit(task.training());
            return new Mitigated(pm.withProvenance(provenance(task, pm.info(), List.of())), Map.of(), List.of());
        }
    }

    static final class Adversarial extends Base {
        Adversarial(Method method, MitigationSettings settings) {
            super(method, settings);
            AdversarialDebiasing.validate(settings.constraint(), settings.adversaryWeight(), settings.epochs());
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("constraint", settings.constraint().label());
            p.put("adversary_weight", settings.adversaryWeight());
            p.put("epochs", settings.epochs());
            return p;
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            // the model family's encoding when it standardizes numbers; gradient steps need comparable scales
            EncodingSpec enc = task.trainer() instanceof PipelineTrainer pt
                    && pt.encoding().numeric() == EncodingSpec.NumericEncoding.STANDARDIZE ? pt.encoding() : EncodingSpec.linear();
            AdversarialDebiasing.Fit f = new AdversarialDebiasing(task.groups().attributes(), settings.constraint(),
                    settings.adversaryWeight(), settings.epochs(), enc).fitWithDiagnostics(task.training());
            PipelineModel pm = f.model();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("predictor_log_loss", round4(f.predictorLoss()));
            if (settings.adversaryWeight() > 0) {
                // near the entropy of the groups (given the label, for equalized odds): the adversary finds nothing to use
                details.put("adversary_cross_entropy", round4(f.adversaryLoss()));
                details.put("adversary_cross_entropy_without_signal", round4(f.adversaryLossWithoutSignal()));
            }
            return new Mitigated(pm.withProvenance(provenance(task, pm.info(), List.of())), details, List.of());
        }

        private static double round4(double v) {
            return Math.round(v * 1e4) / 1e4;
        }
    }

    /** Post-processing: fitted on the baseline's scores or decisions on the training data. */
    abstract static class Post extends Base {
        Post(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        ModelInfo info(MitigationTask task) {
            return PostModels.info(name(), task.baseline().info(), task.groups().attributes(), task.training().data(), parameters());
        }

        Provenance provenance(MitigationTask task, ModelInfo info) {
            return provenance(task, info, List.of(task.baseline()));
        }

        int[] labels(MitigationTask task) {
            return task.training().labels().requireBinary(name()).codes();
        }
    }

    static final class Thresholds extends Post {
        Thresholds(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("constraint", settings.constraint().label());
            p.put("objective", settings.objective() == ThresholdOptimizer.Objective.ACCURACY ? "accuracy" : "balanced-accuracy");
            p.put("randomized", !settings.deterministic());
            if (settings.deterministic()) {
                p.put("tolerance", settings.tolerance());
            }
            return p;
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            ThresholdOptimizer.Fitted f = new ThresholdOptimizer(settings.constraint(), settings.objective(), !settings.deterministic(),
                    settings.tolerance()).fit(task.baseline().score(task.training().data()), labels(task), task.groups());
            ModelInfo info = info(task);
            Map<String, String> rules = new LinkedHashMap<>();
            f.rules().forEach(r -> rules.put(r.group(), r.describe()));
            return new Mitigated(new GroupThresholdModel(info, task.baseline(), GroupIndex.of(task.groups()), f.rules(), task.seed(),
                    provenance(task, info)), Map.of("rules", rules), List.of());
        }
    }

    static final class FlipPost extends Post {
        FlipPost(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            EqualizedOddsPostprocessing.Fitted f = new EqualizedOddsPostprocessing()
                    .fit(task.baseline().predict(task.training().data()), labels(task), task.groups());
            ModelInfo info = info(task);
            Map<String, String> rules = new LinkedHashMap<>();
            for (int k = 0; k < task.groups().count(); k++) {
                rules.put(task.groups().names().get(k), String.format(Locale.ROOT, "keep positive %.3f, flip negative %.3f",
                        f.keepPositive()[k], f.flipNegative()[k]));
            }
            return new Mitigated(new GroupFlipModel(info, task.baseline(), GroupIndex.of(task.groups()), f.keepPositive(),
                    f.flipNegative(), task.seed(), provenance(task, info)), Map.of("rules", rules), List.of());
        }
    }

    static final class CalibratedPost extends Post {
        CalibratedPost(Method method, MitigationSettings settings) {
            super(method, settings);
        }

        @Override
        Map<String, Object> params() {
            return Map.of("cost", switch (settings.cost()) {
                case FALSE_NEGATIVE_RATE -> "fnr";
                case FALSE_POSITIVE_RATE -> "fpr";
                case WEIGHTED -> "weighted";
            });
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            CalibratedEqualizedOdds.Fitted f = new CalibratedEqualizedOdds(settings.cost(), 0.5)
                    .fit(task.baseline().score(task.training().data()), labels(task), task.groups());
            ModelInfo info = info(task);
            Map<String, String> rules = new LinkedHashMap<>();
            for (int k = 0; k < task.groups().count(); k++) {
                rules.put(task.groups().names().get(k), String.format(Locale.ROOT, "with probability %.3f use the base rate %.3f",
                        f.mixRate()[k], f.baseRate()[k]));
            }
            return new Mitigated(new CalibratedMixModel(info, task.baseline(), GroupIndex.of(task.groups()), f.baseRate(), f.mixRate(),
                    task.seed(), provenance(task, info)), Map.of("rules", rules), List.of());
        }
    }

    static final class RejectPost extends Post {
        RejectPost(Method method, MitigationSettings settings) {
            super(method, settings);
            if (settings.constraint() != Constraint.EQUALIZED_ODDS && settings.constraint() != Constraint.DEMOGRAPHIC_PARITY) {
                throw new InputException("reject-option supports demographic-parity and equalized-odds, not " + settings.constraint().label());
            }
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("constraint", settings.constraint().label());
            p.put("metric_bound", settings.metricBound());
            return p;
        }

        @Override
        public Mitigated fit(MitigationTask task) {
            RejectOptionClassification.Metric metric = settings.constraint() == Constraint.EQUALIZED_ODDS
                    ? RejectOptionClassification.Metric.EQUALIZED_ODDS : RejectOptionClassification.Metric.DEMOGRAPHIC_PARITY;
            RejectOptionClassification.Fitted f = new RejectOptionClassification(metric, settings.metricBound(), 50, 25)
                    .fit(task.baseline().score(task.training().data()), labels(task), task.groups());
            ModelInfo info = info(task);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("threshold", f.threshold());
            details.put("margin", f.margin());
            List<String> dis = new ArrayList<>();
            for (int k = 0; k < task.groups().count(); k++) {
                if (f.disadvantaged()[k]) {
                    dis.add(task.groups().names().get(k));
                }
            }
            details.put("favoured_in_margin", dis);
            return new Mitigated(new RejectOptionModel(info, task.baseline(), GroupIndex.of(task.groups()), f.threshold(), f.margin(),
                    f.disadvantaged(), provenance(task, info)), details, List.of());
        }
    }
}
