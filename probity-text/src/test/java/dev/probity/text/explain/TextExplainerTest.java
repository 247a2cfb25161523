package dev.probity.text.explain;

import dev.probity.explain.shap.Explanation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TextExplainerTest {
    /** A non-linear scorer of word presence: "not" flips the sign of "good"'s contribution, "great" adds. */
    static double score(String t) {
        List<String> w = TextExplainer.words(t);
        double s = 0.5;
        double good = w.contains("good") ? 0.2 : 0;
        s += w.contains("not") ? -good : good;
        s += w.contains("great.") ? 0.15 : 0;
        s -= w.contains("but") ? 0.05 : 0;
        return s;
    }

    static final Function<List<String>, double[]> SCORER = texts -> texts.stream().mapToDouble(TextExplainerTest::score).toArray();

    /** Shapley values by enumerating every coalition with the Shapley weights: the definition. */
    static double[] exactShapley(String text) {
        List<String> words = TextExplainer.words(text);
        int m = words.size();
        double[] phi = new double[m];
        double[] fact = new double[m + 1];
        fact[0] = 1;
        for (int i = 1; i <= m; i++) {
            fact[i] = fact[i - 1] * i;
        }
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < (1 << m); s++) {
                if ((s >> j & 1) == 1) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double weight = fact[size] * fact[m - size - 1] / fact[m];
                phi[j] += weight * (score(join(words, s | 1 << j)) - score(join(words, s)));
            }
        }
        return phi;
    }

    static String join(List<String> words, int mask) {
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < words.size(); j++) {
            if ((mask >> j & 1) == 1) {
                kept.add(words.get(j));
            }
        }
        return String.join(" ", kept);
    }

    @Test
    void kernelShapOverWordsEqualsTheShapleyDefinition() {
        String text = "The soup was not good but great.";
        Explanation e = TextExplainer.kernelShap(SCORER, text, 0, 1);
        double[] exact = exactShapley(text);
        assertThat(e.values()).hasSize(7);
        for (int j = 0; j < exact.length; j++) {
            assertThat(e.values()[j]).as(e.features().get(j)).isCloseTo(exact[j], within(1e-9));
        }
        double sum = 0;
        for (double v : e.values()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(score(text) - score(""), within(1e-12));
        // "not" and "good" interact: each gets half of the joint effect
        assertThat(e.values()[3]).isLessThan(0);
    }

    @Test
    void limeRecoversTheWeightsOfALinearScorer() {
        Map<String, Double> weight = Map.of("awful", -0.4, "lovely", 0.3, "food", 0.05);
        Function<List<String>, double[]> linear = texts -> texts.stream().mapToDouble(t -> {
            double s = 0.5;
            for (String w : TextExplainer.words(t)) {
                s += weight.getOrDefault(w, 0.0);
            }
            return s;
        }).toArray();
        Explanation e = TextExplainer.lime(linear, "the food was lovely and then awful", 5000, 3);
        List<String> words = e.features();
        // ridge with α = 1 against a kernel mass in the thousands shrinks by well under 1%
        assertThat(e.values()[words.indexOf("awful")]).isCloseTo(-0.4, within(0.01));
        assertThat(e.values()[words.indexOf("lovely")]).isCloseTo(0.3, within(0.01));
        assertThat(e.values()[words.indexOf("food")]).isCloseTo(0.05, within(0.01));
        assertThat(e.values()[words.indexOf("was")]).isCloseTo(0, within(0.01));
        assertThat((double) e.facts().get("weighted_r2")).isGreaterThan(0.999);
        assertThat(TextExplainer.lime(linear, "the food was lovely", 200, 9))
                .isEqualTo(TextExplainer.lime(linear, "the food was lovely", 200, 9));
    }

    @Test
    void highlightingMarksTheWordsThatMatter() {
        Explanation e = TextExplainer.kernelShap(SCORER, "The soup was good <b>", 0, 1);
        assertThat(TextExplainer.highlight(e, false)).isEqualTo("The soup was [+good] <b>");
        assertThat(TextExplainer.highlight(e, true)).contains("\u001b[1;32mgood\u001b[0m");
        assertThat(TextExplainer.html(e)).contains("&lt;b&gt;").doesNotContain("<b>").contains("rgba(0, 160, 0, 0.80)\">good");
    }
}
