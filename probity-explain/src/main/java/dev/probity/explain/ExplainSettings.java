package dev.probity.explain;

import dev.probity.core.InputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tuning of the explanation methods, with documented defaults. Each method reads what it uses.
 *
 * @param backgroundSize    background rows after summarizing (default 20)
 * @param kmeans            summarize the background by k-means (default) or by a seeded sample
 * @param samples           KernelSHAP coalitions (0: 2M + 2048), LIME samples (0: 5000), permutation-SHAP permutations
 * @param top               keep only the K largest features (KernelSHAP's sparsity rule, LIME's feature count); 0 = all
 * @param interventional    TreeSHAP: the background game instead of the path-dependent one
 * @param probability       TreeSHAP: explain the probability of a logistic model (interventional, rescaled per
 *                          background row as the shap package does) instead of the raw score
 * @param groups            features explained together (name → columns), for the SHAP methods
 * @param immutable         counterfactuals may not change these
 * @param ranges            counterfactual values of a number stay in [lo, hi]
 * @param monotone          a number may only increase or decrease
 * @param count             counterfactuals per row (default 4)
 * @param maxReasons        adverse-action reasons per row (default 4)
 * @param statements        reason statements by feature ("CODE: text" or text)
 * @param favourablePositive whether the positive class is the favourable outcome (default true)
 * @param label             global: the label column for permutation importance, or null
 * @param positive          global: the label's positive value, or null
 * @param sample            global: rows used, the first N (default 1000)
 * @param seed              the seed of sampling and summarizing (default 42)
 * @param prohibited        prohibited bases (default Regulation B's, {@link dev.probity.core.model.ProhibitedBases}):
 *                          never adverse-action reasons, never changed by counterfactuals, warned about
 * @param ties              features that encode one fact (feature → feature), added to those found in the data:
 *                          counterfactuals change them together ({@link dev.probity.explain.counterfactual.Ties})
 * @param allowed           counterfactual values a text feature may take (feature → values)
 * @param interactions      tree-shap: also the SHAP interaction values of each row (features × features)
 */
public record ExplainSettings(int backgroundSize, boolean kmeans, int samples, int top, boolean interventional, boolean probability,
                              Map<String, List<String>> groups, List<String> immutable, Map<String, double[]> ranges,
                              Map<String, String> monotone, int count, int maxReasons, Map<String, String> statements,
                              boolean favourablePositive, String label, String positive, int sample, long seed,
                              List<String> prohibited, Map<String, String> ties, Map<String, List<String>> allowed,
                              boolean interactions) {
    public ExplainSettings {
        prohibited = prohibited == null ? List.of() : List.copyOf(prohibited);
        ties = copy(ties);
        allowed = copy(allowed);
        groups = copy(groups);
        immutable = immutable == null ? List.of() : List.copyOf(immutable);
        ranges = copy(ranges);
        monotone = copy(monotone);
        statements = copy(statements);
        if (backgroundSize < 1) {
            throw new InputException("the background needs at least one row, got " + backgroundSize);
        }
        if (samples < 0 || top < 0 || count < 1 || maxReasons < 1 || sample < 1) {
            throw new InputException("samples and top must be ≥ 0; count, reasons and the global sample ≥ 1");
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static ExplainSettings defaults() {
        return new ExplainSettings(20, true, 0, 0, false, false, Map.of(), List.of(), Map.of(), Map.of(), 4, 4, Map.of(), true,
                null, null, 1000, 42, dev.probity.core.model.ProhibitedBases.REGULATION_B, Map.of(), Map.of(), false);
    }

    /**
     * A changeable copy: each {@code withX} changes what it names and keeps the rest, so that a new setting is added in
     * one place (here and in {@link #build}), not in every method.
     */
    private static final class Copy {
        int backgroundSize; boolean kmeans; int samples; int top; boolean interventional; boolean probability;
        Map<String, List<String>> groups; List<String> immutable; Map<String, double[]> ranges; Map<String, String> monotone;
        int count; int maxReasons; Map<String, String> statements; boolean favourablePositive; String label; String positive;
        int sample; long seed; List<String> prohibited; Map<String, String> ties; Map<String, List<String>> allowed;
        boolean interactions;

        Copy(ExplainSettings s) {
            backgroundSize = s.backgroundSize; kmeans = s.kmeans; samples = s.samples; top = s.top;
            interventional = s.interventional; probability = s.probability; groups = s.groups; immutable = s.immutable;
            ranges = s.ranges; monotone = s.monotone; count = s.count; maxReasons = s.maxReasons; statements = s.statements;
            favourablePositive = s.favourablePositive; label = s.label; positive = s.positive; sample = s.sample; seed = s.seed;
            prohibited = s.prohibited; ties = s.ties; allowed = s.allowed; interactions = s.interactions;
        }

        ExplainSettings build() {
            return new ExplainSettings(backgroundSize, kmeans, samples, top, interventional, probability, groups, immutable, ranges,
                    monotone, count, maxReasons, statements, favourablePositive, label, positive, sample, seed, prohibited, ties,
                    allowed, interactions);
        }
    }

    private ExplainSettings with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    public ExplainSettings withBackground(int size, boolean kmeans) {
        return with(c -> { c.backgroundSize = size; c.kmeans = kmeans; });
    }

    public ExplainSettings withSamples(int samples, int top) {
        return with(c -> { c.samples = samples; c.top = top; });
    }

    public ExplainSettings withTreeOutput(boolean interventional, boolean probability) {
        return with(c -> { c.interventional = interventional; c.probability = probability; });
    }

    public ExplainSettings withGroups(Map<String, List<String>> groups) {
        return with(c -> c.groups = groups);
    }

    public ExplainSettings withCounterfactualRules(List<String> immutable, Map<String, double[]> ranges, Map<String, String> monotone,
                                                   int count) {
        return with(c -> { c.immutable = immutable; c.ranges = ranges; c.monotone = monotone; c.count = count; });
    }

    public ExplainSettings withReasons(int maxReasons, Map<String, String> statements, boolean favourablePositive) {
        return with(c -> { c.maxReasons = maxReasons; c.statements = statements; c.favourablePositive = favourablePositive; });
    }

    public ExplainSettings withGlobal(String label, String positive, int sample) {
        return with(c -> { c.label = label; c.positive = positive; c.sample = sample; });
    }

    public ExplainSettings withSeed(long seed) {
        return with(c -> c.seed = seed);
    }

    /** The prohibited bases: never reasons, never changed by counterfactuals (an empty list: none). */
    public ExplainSettings withProhibited(List<String> prohibited) {
        return with(c -> c.prohibited = prohibited);
    }

    /** Declared ties (feature → feature) and the values text features may take in counterfactuals. */
    public ExplainSettings withTies(Map<String, String> ties, Map<String, List<String>> allowed) {
        return with(c -> { c.ties = ties; c.allowed = allowed; });
    }

    /** tree-shap: also compute SHAP interaction values (path-dependent TreeSHAP only). */
    public ExplainSettings withInteractions(boolean interactions) {
        return with(c -> c.interactions = interactions);
    }
}
