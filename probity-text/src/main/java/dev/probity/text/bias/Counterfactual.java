package dev.probity.text.bias;

import org.apache.commons.statistics.distribution.TDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Counterfactual substitution (the method of Kiritchenko and Mohammad's Equity Evaluation Corpus, 2018): the same
 * sentence in each group's words, scored by the model; per pair of groups, how much the score moves (the mean paired
 * difference with a t interval and a paired t-test's two-sided p-value) and how often the decision changes.
 *
 * <p>Two sources of sentences. {@link #ofSentences}: real sentences that mention a dimension's terms, each rewritten
 * into every group's version by {@link IdentityTerms#swap}. {@link #ofTemplates}: templates with a placeholder
 * {@code {dimension}} (for example {@code {gender}}), each filled with the i-th term of every group, for every i.
 * The paired unit is the sentence (or the template and term position): its versions differ only in identity terms.
 *
 * <p>A pair is flagged when its p-value, adjusted by Holm's method over every pair of the run (many pairs are tested
 * at once), is below 1 − confidence and the mean difference is at least {@code tolerance} in size: a difference that
 * is both real and large enough to matter. The intervals are per pair, not adjusted. Dimensions that no sentence
 * mentions give no pairs.
 */
public final class Counterfactual {
    /** The default smallest score difference worth flagging (2 percentage points of probability). */
    public static final double DEFAULT_TOLERANCE = 0.02;

    private Counterfactual() {
    }

    /**
     * One pair of groups: {@code meanDifference} is the mean over units of score(groupA version) − score(groupB
     * version); {@code low}/{@code high} its interval at the confidence given; {@code decisionChanges} the units whose
     * two versions fall on different sides of the threshold; {@code example} the unit with the largest difference.
     */
    public record PairResult(String dimension, String groupA, String groupB, int units, double meanDifference,
                             double low, double high, double pValue, double adjustedP, int decisionChanges,
                             double maxAbsDifference,
                             String exampleA, String exampleB, boolean flagged) {
        public double decisionChangeRate() {
            return units == 0 ? 0 : (double) decisionChanges / units;
        }

        public String summary() {
            return String.format(Locale.ROOT, "%s: %s vs %s over %d sentences: score difference %+.4f [%+.4f, %+.4f], "
                            + "p = %.3g (Holm %.3g); decisions changed %d (%.1f%%)%s", dimension, groupA, groupB, units,
                    meanDifference, low, high, pValue, adjustedP, decisionChanges, 100 * decisionChangeRate(), flagged ? "  << FLAGGED" : "");
        }
    }

    /** The settings: the decision threshold on the score, the interval's confidence, the tolerance. */
    public record Settings(double threshold, double confidence, double tolerance) {
        public static Settings defaults() {
            return new Settings(0.5, 0.95, DEFAULT_TOLERANCE);
        }
    }

    /** Probity's own template set ({@code templates.txt} in this package). */
    public static List<String> builtInTemplates() {
        return templates(IdentityTerms.resourceLines("templates.txt"));
    }

    /** Templates from a file: one a line, {@code #} comments and blank lines skipped. */
    public static List<String> readTemplates(java.nio.file.Path file) {
        try {
            return templates(java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new dev.probity.core.InputException(file + ": cannot read the templates: " + e.getMessage());
        }
    }

    private static List<String> templates(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Units of real sentences: each that mentions the dimension, in every group's version. */
    public static List<PairResult> ofSentences(Function<List<String>, double[]> scorer, List<String> texts,
                                               IdentityTerms terms, Settings settings) {
        List<PairResult> out = new ArrayList<>();
        for (String d : terms.dimensions()) {
            List<String> groups = terms.groups(d);
            List<List<String>> units = new ArrayList<>();
            for (String t : texts) {
                if (t != null && terms.mentions(d, t)) {
                    List<String> versions = new ArrayList<>();
                    for (String g : groups) {
                        versions.add(terms.swap(d, t, g));
                    }
                    units.add(versions);
                }
            }
            out.addAll(compare(d, groups, units, scorer, settings));
        }
        return adjust(out, settings);
    }

    /** Units of templates: each template with {@code {dimension}}, filled with every aligned term position. */
    public static List<PairResult> ofTemplates(Function<List<String>, double[]> scorer, List<String> templates,
                                               IdentityTerms terms, Settings settings) {
        List<PairResult> out = new ArrayList<>();
        for (String d : terms.dimensions()) {
            String slot = "{" + d + "}";
            List<String> groups = terms.groups(d);
            int size = terms.terms(d, groups.get(0)).size();
            List<List<String>> units = new ArrayList<>();
            for (String template : templates) {
                if (!template.contains(slot)) {
                    continue;
                }
                for (int i = 0; i < size; i++) {
                    List<String> versions = new ArrayList<>();
                    for (String g : groups) {
                        String term = terms.terms(d, g).get(i);
                        String filled = template.startsWith(slot) && !term.isEmpty()
                                ? term.substring(0, 1).toUpperCase(Locale.ROOT) + term.substring(1)
                                + template.substring(slot.length()).replace(slot, term)
                                : template.replace(slot, term);
                        versions.add(filled);
                    }
                    units.add(versions);
                }
            }
            out.addAll(compare(d, groups, units, scorer, settings));
        }
        return adjust(out, settings);
    }

    /** Holm's adjustment over the run's pairs, and the flags. */
    private static List<PairResult> adjust(List<PairResult> raw, Settings s) {
        double[] p = raw.stream().mapToDouble(PairResult::pValue).toArray();
        double[] adj = dev.probity.core.stats.MultipleTesting.adjust(p, dev.probity.core.stats.MultipleTesting.Method.HOLM);
        List<PairResult> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            PairResult r = raw.get(i);
            boolean flagged = r.units() > 1 && adj[i] < 1 - s.confidence() && Math.abs(r.meanDifference()) >= s.tolerance();
            out.add(new PairResult(r.dimension(), r.groupA(), r.groupB(), r.units(), r.meanDifference(), r.low(), r.high(),
                    r.pValue(), adj[i], r.decisionChanges(), r.maxAbsDifference(), r.exampleA(), r.exampleB(), flagged));
        }
        return out;
    }

    private static List<PairResult> compare(String dimension, List<String> groups, List<List<String>> units,
                                            Function<List<String>, double[]> scorer, Settings s) {
        if (units.isEmpty()) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        units.forEach(all::addAll);
        double[] scores = all.isEmpty() ? new double[0] : scorer.apply(all);
        int k = groups.size();
        List<PairResult> out = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                int n = units.size();
                double[] diff = new double[n];
                int changes = 0;
                int worst = -1;
                for (int u = 0; u < n; u++) {
                    double sa = scores[u * k + a];
                    double sb = scores[u * k + b];
                    diff[u] = sa - sb;
                    if ((sa >= s.threshold()) != (sb >= s.threshold())) {
                        changes++;
                    }
                    if (worst < 0 || Math.abs(diff[u]) > Math.abs(diff[worst])) {
                        worst = u;
                    }
                }
                Paired p = paired(diff, s.confidence());
                out.add(new PairResult(dimension, groups.get(a), groups.get(b), n, p.mean, p.low, p.high, p.p, p.p, changes,
                        worst < 0 ? 0 : Math.abs(diff[worst]), worst < 0 ? null : units.get(worst).get(a),
                        worst < 0 ? null : units.get(worst).get(b), false));
            }
        }
        return out;
    }

    record Paired(double mean, double low, double high, double p) {
    }

    /** The mean of paired differences, its t interval and the two-sided paired t-test. */
    static Paired paired(double[] d, double confidence) {
        int n = d.length;
        if (n == 0) {
            return new Paired(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : d) {
            mean += v / n;
        }
        if (n == 1) {
            return new Paired(mean, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1);
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        if (se == 0) {
            return new Paired(mean, mean, mean, mean == 0 ? 1 : 0);
        }
        TDistribution t = TDistribution.of(n - 1);
        double q = t.inverseCumulativeProbability(0.5 + confidence / 2);
        double stat = Math.abs(mean / se);
        return new Paired(mean, mean - q * se, mean + q * se, 2 * t.survivalProbability(stat));
    }

    /** The results as plain maps (for JSON). */
    public static List<Map<String, Object>> asMaps(List<PairResult> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PairResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dimension", r.dimension());
            m.put("group_a", r.groupA());
            m.put("group_b", r.groupB());
            m.put("sentences", r.units());
            m.put("mean_score_difference", r.meanDifference());
            m.put("interval", List.of(r.low(), r.high()));
            m.put("p_value", r.pValue());
            m.put("p_value_holm", r.adjustedP());
            m.put("decision_changes", r.decisionChanges());
            m.put("decision_change_rate", r.decisionChangeRate());
            m.put("max_abs_difference", r.maxAbsDifference());
            m.put("example_a", r.exampleA());
            m.put("example_b", r.exampleB());
            m.put("flagged", r.flagged());
            out.add(m);
        }
        return out;
    }
}
