package dev.probity.text.robust;

import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BehaviourTest {
    static final List<String> TEXTS = List.of("Sarah said the food was wonderful.", "James said the phone was awful.",
            "The service was great!", "It is cheap and good", "Nothing works.");

    static Map<String, Behaviour.TestResult> byName(List<Behaviour.TestResult> r) {
        return r.stream().collect(Collectors.toMap(Behaviour.TestResult::name, x -> x));
    }

    @Test
    void aScorerThatReadsOnlyMeaningPassesAndOneThatReadsSurfaceFails() {
        // meaning: positive words minus negative words, negation flips; blind to case, typos of other words, names, punctuation
        Function<List<String>, double[]> meaning = texts -> texts.stream().mapToDouble(t -> {
            String l = t.toLowerCase();
            double s = (l.contains("wonderful") || l.contains("great") || l.contains("good") ? 1 : 0)
                    - (l.contains("awful") ? 1 : 0);
            if (l.contains(" not ")) {
                s = -s;
            }
            return 0.5 + 0.3 * s;
        }).toArray();
        Map<String, Behaviour.TestResult> ok = byName(Behaviour.run(meaning, TEXTS, 0.5, 1));
        assertThat(ok.get("lowercase").failures()).isZero();
        assertThat(ok.get("punctuation").failures()).isZero();
        assertThat(ok.get("name-swap").applied()).isEqualTo(2);
        assertThat(ok.get("name-swap").failures()).isZero();
        assertThat(ok.get("neutral-add").failures()).isZero();
        // negation applies to the positive sentences with a verb: 3 of them, and lowers each
        assertThat(ok.get("negation").applied()).isEqualTo(3);
        assertThat(ok.get("negation").failures()).isZero();

        // surface: scores upper case and exclamation marks, ignores "not"
        Function<List<String>, double[]> surface = texts -> texts.stream()
                .mapToDouble(t -> t.equals(t.toUpperCase()) || t.endsWith("!") ? 0.9 : 0.1).toArray();
        Map<String, Behaviour.TestResult> bad = byName(Behaviour.run(surface, TEXTS, 0.5, 1));
        assertThat(bad.get("uppercase").failures()).isEqualTo(4); // all but the one already positive by its "!"
        assertThat(bad.get("punctuation").failures()).isEqualTo(1);
        assertThat(bad.get("negation").failureRate()).isEqualTo(1.0);
        assertThat(bad.get("negation").examples().get(0).after()).contains(" not ");
    }

    @Test
    void rewritesAreWhatTheyClaim() {
        assertThat(Behaviour.negate("The food was good and it is cheap.")).isEqualTo("The food was not good and it is cheap.");
        assertThat(Behaviour.negate("It was not good, but it is cheap.")).isEqualTo("It was not good, but it is not cheap.");
        assertThat(Behaviour.negate("Good food.")).isNull();
        assertThat(Behaviour.punctuation("Great!!")).isEqualTo("Great");
        assertThat(Behaviour.punctuation("Great")).isEqualTo("Great.");
        String typo = Behaviour.typo("Wonderful soup", SplitMix64.stream(3, 1));
        assertThat(typo).hasSameSizeAs("Wonderful soup").isNotEqualTo("Wonderful soup");
        assertThat(typo.chars().sorted().toArray()).isEqualTo("Wonderful soup".chars().sorted().toArray());
        assertThat(typo.charAt(0)).isEqualTo('W');
        assertThat(Behaviour.typo("a an the", SplitMix64.stream(3, 1))).isNull();
    }
}
