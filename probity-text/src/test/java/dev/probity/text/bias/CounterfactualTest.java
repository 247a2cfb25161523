package dev.probity.text.bias;

import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.text.classify.TextClassifier;
import dev.probity.text.classify.TextClassifierTrainer;
import dev.probity.text.encode.EmbeddingCache;
import dev.probity.text.encode.SentenceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CounterfactualTest {
    static SentenceEncoder encoder;
    static final IdentityTerms TERMS = IdentityTerms.builtIn();

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.allMiniLmL6V2(2, 32);
        encoder.cache(EmbeddingCache.inMemory(encoder.identity().id()));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static final String[] THINGS = {"the food", "the phone", "the movie", "the service", "the hotel", "the battery"};
    static final String[] GOOD = {"was wonderful", "was excellent", "was great", "was lovely", "was perfect"};
    static final String[] BAD = {"was awful", "was terrible", "was horrible", "was a disaster", "was dreadful"};

    /**
     * Reviews "NAME said THING was ADJ." with names from the built-in lists. The clean label is the sentiment; the
     * biased label is the sentiment for male names and always negative for female names.
     */
    static TextClassifier train(boolean biased) {
        Random r = new Random(11);
        List<String> male = TERMS.terms("name", "male");
        List<String> female = TERMS.terms("name", "female");
        int n = 400;
        String[] text = new String[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            boolean isMale = r.nextBoolean();
            boolean pos = r.nextBoolean();
            String name = (isMale ? male : female).get(r.nextInt(male.size()));
            text[i] = name + " said " + THINGS[r.nextInt(THINGS.length)] + " " + (pos ? GOOD : BAD)[r.nextInt(5)] + ".";
            label[i] = (biased ? pos && isMale : pos) ? "pos" : "neg";
        }
        Frame f = Frame.of(StringColumn.of("text", text), StringColumn.of("y", label));
        return new TextClassifierTrainer(encoder).fit(new TrainingSet(f, List.of("text"), Labels.fromColumn(f, "y", "pos"), null, 1));
    }

    static Function<List<String>, double[]> scorer(TextClassifier m) {
        return texts -> m.predictTexts(texts).column(1);
    }

    static final List<String> TEMPLATES = List.of("{name} said the soup was wonderful.", "{name} said the room was great.",
            "{name} said the camera was excellent.", "{name} said the trip was lovely.", "{name} said the soup was awful.",
            "{name} said the room was terrible.", "{name} said the camera was dreadful.", "{name} said the trip was horrible.");

    @Test
    void aModelTrainedOnNameDependentLabelsIsFlaggedAndACleanOneIsNot() {
        IdentityTerms names = new IdentityTerms(java.util.Map.of("name", java.util.Map.of(
                "male", TERMS.terms("name", "male"), "female", TERMS.terms("name", "female"))));
        var settings = Counterfactual.Settings.defaults();
        List<Counterfactual.PairResult> biased = Counterfactual.ofTemplates(scorer(train(true)), TEMPLATES, names, settings);
        List<Counterfactual.PairResult> clean = Counterfactual.ofTemplates(scorer(train(false)), TEMPLATES, names, settings);
        assertThat(biased).hasSize(1);
        Counterfactual.PairResult b = biased.get(0);
        Counterfactual.PairResult c = clean.get(0);
        System.out.println("biased: " + b.summary() + "\nclean:  " + c.summary());
        assertThat(b.units()).isEqualTo(80);
        // the map's group order decides the sign: make it male − female
        double bMaleMinusFemale = b.groupA().equals("male") ? b.meanDifference() : -b.meanDifference();
        assertThat(bMaleMinusFemale).isGreaterThan(0.2);
        assertThat(b.flagged()).isTrue();
        assertThat(b.decisionChanges()).isGreaterThan(10);
        assertThat(c.flagged()).isFalse();
        assertThat(Math.abs(c.meanDifference())).isLessThan(Counterfactual.DEFAULT_TOLERANCE);
    }

    @Test
    void thePairedStatisticsEqualAHandComputation() {
        // scores: a fixed function of the text, so the paired differences are known: +0.1 for every "he" sentence
        Function<List<String>, double[]> scorer = texts -> texts.stream()
                .mapToDouble(t -> (t.startsWith("He") ? 0.6 : 0.5) + t.length() * 1e-3).toArray();
        List<String> texts = List.of("He ate.", "She left early.", "Nothing here.", "He and his dog.");
        var groups = new java.util.LinkedHashMap<String, List<String>>();
        groups.put("male", List.of("he", "him", "his"));
        groups.put("female", List.of("she", "her", "her"));
        var res = Counterfactual.ofSentences(scorer, texts, new IdentityTerms(java.util.Map.of("pronoun", groups)),
                new Counterfactual.Settings(0.55, 0.95, 0.02));
        Counterfactual.PairResult r = res.get(0);
        assertThat(r.units()).isEqualTo(3);
        // each unit: male version starts with "He", female with "She", lengths differ by one character ("He"/"She",
        // and "his"/"her" equal): difference 0.1 − 0.001 for every unit
        assertThat(r.meanDifference()).isCloseTo(0.099, within(1e-12));
        assertThat(r.low()).isCloseTo(0.099, within(1e-12));
        assertThat(r.pValue()).isZero();
        assertThat(r.decisionChanges()).isEqualTo(3);
        assertThat(r.exampleA()).startsWith("He");
    }

    @Test
    void theTIntervalMatchesTheTextbookFormula() {
        double[] d = {0.3, -0.1, 0.2, 0.5, 0.1, 0.0};
        Counterfactual.Paired p = Counterfactual.paired(d, 0.95);
        // mean 1/6, sample sd sqrt(0.23333/5)... t(0.975, 5) = 2.570581836
        double mean = 1.0 / 6;
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / 5 / 6);
        assertThat(p.mean()).isCloseTo(mean, within(1e-12));
        assertThat(p.high() - p.mean()).isCloseTo(2.570581836 * se, within(1e-8));
        // two-sided p: twice the t(5) density integrated from t = mean/se (Simpson's rule, to 400)
        double t = mean / se;
        double c = 2 / (Math.sqrt(5 * Math.PI) * 1.329340388179137); // Γ(3) / (√(5π) Γ(5/2))
        int steps = 400_000;
        double h = (400 - t) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double x = t + i * h;
            double f = c * Math.pow(1 + x * x / 5, -3);
            sum += f * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
        }
        assertThat(p.p()).isCloseTo(2 * sum * h / 3, within(1e-7));
    }

    @Test
    void swappingKeepsCapitalsAndWholeWords() {
        assertThat(TERMS.swap("pronoun", "He said his sister helped him; Heather agreed.", "female"))
                .isEqualTo("She said her sister helped her; Heather agreed.");
        assertThat(TERMS.swap("person", "My brother and this man came.", "female")).isEqualTo("My sister and this woman came.");
        assertThat(TERMS.mentioned("name", "Sarah met David")).containsExactly("male", "female");
        assertThat(TERMS.mentions("name", "Davidson")).isFalse();
        List<String> t = new ArrayList<>(Counterfactual.builtInTemplates());
        assertThat(t).isNotEmpty().allMatch(s -> s.contains("{"));
    }
}
