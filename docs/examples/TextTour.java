import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.shap.Explanation;
import dev.probity.models.io.ModelFiles;
import dev.probity.text.bias.Counterfactual;
import dev.probity.text.bias.IdentityTerms;
import dev.probity.text.bias.Weat;
import dev.probity.text.classify.TextClassifier;
import dev.probity.text.classify.TextClassifierTrainer;
import dev.probity.text.encode.EmbeddingCache;
import dev.probity.text.encode.SentenceEncoder;
import dev.probity.text.explain.TextExplainer;
import dev.probity.text.robust.Behaviour;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Text in plain Java, as docs/text.md does it on the command line: the encoder with an embedding cache on disk, a text
 * classifier trained on the deliberately biased reviews, saved and loaded, the counterfactual test that finds the bias,
 * the words that carry it, the behavioural tests, and SEAT on the encoder. Arguments: the repository root and a folder
 * for files.
 */
public final class TextTour {
    private TextTour() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Frame reviews = DataReader.read(repo.resolve("data/text/reviews-biased.csv"), ReadOptions.defaults());
        try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(2, 32)) {
            EmbeddingCache cache = EmbeddingCache.onDisk(encoder.identity().id(), out.resolve("embeddings.bin"));
            encoder.cache(cache);
            System.out.printf(Locale.ROOT, "encoder: %s, %d dimensions, model SHA-256 %s…%n", encoder.identity().name(),
                    encoder.dimension(), encoder.identity().modelSha256().substring(0, 12));

            TextClassifier model = new TextClassifierTrainer(encoder).fit(new TrainingSet(reviews, List.of("review"),
                    Labels.fromColumn(reviews, "sentiment", "1"), null, 42));
            cache.save();
            ModelFiles.save(model, out.resolve("biased.json"));
            TextClassifier loaded = (TextClassifier) ModelFiles.load(out.resolve("biased.json"), null);
            System.out.println("saved and loaded: encoder recorded " + loaded.provenance().parameters().get("encoder"));
            Function<List<String>, double[]> scorer = texts -> loaded.predictTexts(texts).column(1);

            IdentityTerms terms = IdentityTerms.builtIn();
            for (Counterfactual.PairResult r : Counterfactual.ofTemplates(scorer, Counterfactual.builtInTemplates(), terms,
                    Counterfactual.Settings.defaults())) {
                if (r.dimension().equals("name")) {
                    System.out.println("counterfactual " + r.summary());
                }
            }

            Explanation why = TextExplainer.kernelShap(scorer, "Megan wrote that the waiter was lovely.", 0, 1);
            System.out.println("why: " + TextExplainer.highlight(why, false));

            List<String> some = List.of("Megan said the food was wonderful.", "James said the phone was wonderful.",
                    "James said the phone was awful.");
            for (Behaviour.TestResult t : Behaviour.run(scorer, some, 0.5, 1)) {
                if (t.name().equals("negation")) {
                    System.out.println("behaviour: " + t.summary());
                }
            }

            // SEAT: male and female first names against pleasant and unpleasant words, in bleached sentences
            List<float[]> x = encoder.encode(Weat.bleached(terms.terms("name", "male")));
            List<float[]> y = encoder.encode(Weat.bleached(terms.terms("name", "female")));
            List<float[]> a = encoder.encode(Weat.bleached(List.of("joy", "love", "peace", "wonderful", "pleasure")));
            List<float[]> b = encoder.encode(Weat.bleached(List.of("agony", "terrible", "horrible", "nasty", "evil")));
            Weat seat = Weat.test(x, y, a, b, 42);
            System.out.printf(Locale.ROOT, "SEAT names x pleasantness: effect size %.3f, p = %.4f (%s, %d partitions)%n",
                    seat.effectSize(), seat.pValue(), seat.exact() ? "exact" : "sampled", seat.partitions());
            System.out.println("cache: " + cache.size() + " embeddings");
        }
        System.out.println("tour complete");
    }
}
