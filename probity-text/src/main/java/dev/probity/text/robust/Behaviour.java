package dev.probity.text.robust;

import dev.probity.core.stats.SplitMix64;
import dev.probity.text.bias.IdentityTerms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Behavioural tests of a text classifier in the manner of CheckList (Ribeiro, Wu, Guestrin and Singh, ACL 2020): each
 * test rewrites sentences in a way that should not change the decision (invariance: a typo, the case, the final
 * punctuation, a first name for another, a neutral sentence added) or should move the score one way (directional: a negation
 * should lower a positive score), and counts the failures, with examples.
 * <ul>
 *   <li>An invariance test fails on a sentence when the decision (score ≥ threshold) of the rewrite differs from the
 *       original's, as CheckList's INV tests count a changed prediction.</li>
 *   <li>The negation test applies to sentences the model scores positive and that have a verb to negate ("is", "was",
 *       "are", "were", …); it fails when the negated sentence does not score lower.</li>
 * </ul>
 * Sentences a rewrite does not change (no word long enough for a typo, no name) are not counted. Deterministic for a
 * seed.
 */
public final class Behaviour {
    private Behaviour() {
    }

    /** One test's result: sentences it applied to, failures, the mean absolute score change, up to 3 examples. */
    public record TestResult(String name, String kind, int applied, int failures, double meanAbsChange,
                             List<Example> examples) {
        public double failureRate() {
            return applied == 0 ? 0 : (double) failures / applied;
        }

        public String summary() {
            return String.format(Locale.ROOT, "%-12s %-11s %5d sentences, %4d failures (%5.1f%%), mean |score change| %.4f",
                    name, kind, applied, failures, 100 * failureRate(), meanAbsChange);
        }
    }

    public record Example(String before, double scoreBefore, String after, double scoreAfter) {
    }

    private record Test(String name, String kind, UnaryOperator<String> rewrite) {
    }

    /** Runs every test on {@code texts}. */
    public static List<TestResult> run(Function<List<String>, double[]> scorer, List<String> texts, double threshold,
                                       long seed) {
        SplitMix64 r = SplitMix64.stream(seed, 20);
        IdentityTerms names = IdentityTerms.builtIn();
        List<String> male = names.terms("name", "male");
        List<String> female = names.terms("name", "female");
        List<Test> tests = List.of(
                new Test("typo", "invariance", t -> typo(t, r)),
                new Test("lowercase", "invariance", t -> t.toLowerCase(Locale.ROOT)),
                new Test("uppercase", "invariance", t -> t.toUpperCase(Locale.ROOT)),
                new Test("punctuation", "invariance", Behaviour::punctuation),
                new Test("name-swap", "invariance", t -> swapName(t, male, female)),
                new Test("neutral-add", "invariance", t -> t.strip() + " I wrote this review today."),
                new Test("negation", "directional", Behaviour::negate));
        List<String> originals = new ArrayList<>();
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                originals.add(t);
            }
        }
        double[] base = scorer.apply(originals);
        List<TestResult> out = new ArrayList<>();
        for (Test test : tests) {
            List<Integer> idx = new ArrayList<>();
            List<String> rewritten = new ArrayList<>();
            for (int i = 0; i < originals.size(); i++) {
                String t = originals.get(i);
                if (test.kind().equals("directional") && base[i] < threshold) {
                    continue;
                }
                String w = test.rewrite().apply(t);
                if (w != null && !w.equals(t)) {
                    idx.add(i);
                    rewritten.add(w);
                }
            }
            double[] after = rewritten.isEmpty() ? new double[0] : scorer.apply(rewritten);
            int failures = 0;
            double change = 0;
            List<Example> examples = new ArrayList<>();
            for (int k = 0; k < idx.size(); k++) {
                double b = base[idx.get(k)];
                double a = after[k];
                change += Math.abs(a - b);
                boolean fail = test.kind().equals("directional") ? a >= b : (a >= threshold) != (b >= threshold);
                if (fail) {
                    failures++;
                    if (examples.size() < 3) {
                        examples.add(new Example(originals.get(idx.get(k)), b, rewritten.get(k), a));
                    }
                }
            }
            out.add(new TestResult(test.name(), test.kind(), idx.size(), failures, idx.isEmpty() ? 0 : change / idx.size(),
                    examples));
        }
        return out;
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}{4,}");

    /** Swaps two adjacent inner letters of one word of four or more letters, chosen with {@code r}. */
    static String typo(String t, SplitMix64 r) {
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(t);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        if (words.isEmpty()) {
            return null;
        }
        int[] w = words.get((int) (r.nextDouble() * words.size()));
        int len = w[1] - w[0];
        int at = w[0] + 1 + (int) (r.nextDouble() * (len - 2)); // swap letters at and at+1, never the first
        if (at + 1 >= w[1]) {
            at = w[1] - 2;
        }
        char[] c = t.toCharArray();
        char x = c[at];
        c[at] = c[at + 1];
        c[at + 1] = x;
        return new String(c);
    }

    /** Drops final punctuation, or adds a full stop when there is none. */
    static String punctuation(String t) {
        String s = t.strip();
        String stripped = s.replaceAll("[.!?]+$", "");
        return stripped.equals(s) ? s + "." : stripped;
    }

    /** Replaces each built-in first name with the next name of the same list (a man's with a man's). */
    static String swapName(String t, List<String> male, List<String> female) {
        String out = t;
        for (List<String> list : List.of(male, female)) {
            Map<String, String> next = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                next.put(list.get(i), list.get((i + 1) % list.size()));
            }
            Matcher m = Pattern.compile("\\b(" + String.join("|", list) + ")\\b").matcher(out);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, next.get(m.group(1)));
            }
            m.appendTail(b);
            out = b.toString();
        }
        return out;
    }

    private static final Pattern VERB = Pattern.compile("\\b(is|was|are|were|does|did|do|will|can|would|could|should)\\b(?! not\\b)",
            Pattern.CASE_INSENSITIVE);

    /** Inserts "not" after the first auxiliary or copula that is not already negated. */
    static String negate(String t) {
        Matcher m = VERB.matcher(t);
        if (!m.find()) {
            return null;
        }
        return t.substring(0, m.end()) + " not" + t.substring(m.end());
    }
}
