package dev.probity.bench;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.text.classify.TextClassifier;
import dev.probity.text.classify.TextClassifierTrainer;
import dev.probity.text.data.SentimentSentences;
import dev.probity.text.encode.EmbeddingCache;
import dev.probity.text.encode.SentenceEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The text classifier on the UCI sentiment sentences (3,000 reviews from Amazon, IMDb and Yelp; not bundled: found
 * by {@link SentimentSentences#locate()}): encoding throughput of all-MiniLM-L6-v2 (batched, the encoder's own
 * threads), then stratified 10-fold cross-validation of the logistic head on the cached embeddings, accuracy
 * overall and per source, and the head's training time.
 *
 * <p>Arguments: [threads] [batch size] [runs of the encoding]; defaults: all processors, 32, 3.
 */
public final class TextHarness {
    private TextHarness() {
    }

    public static void main(String[] args) {
        Path folder = SentimentSentences.locate();
        if (folder == null) {
            System.err.println("the sentiment sentences are not here: set " + SentimentSentences.ENV
                    + " to the folder with amazon_cells_labelled.txt, imdb_labelled.txt and yelp_labelled.txt");
            System.exit(2);
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Frame data = SentimentSentences.read(folder);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < data.rowCount(); i++) {
            texts.add(data.column("text").format(i));
        }
        System.out.printf(Locale.ROOT, "%d sentences from %s; %d processors, %d encoder threads, batches of %d%n",
                texts.size(), folder, Runtime.getRuntime().availableProcessors(), threads, batch);
        try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(threads, batch)) {
            encoder.encode(texts.subList(0, 64)); // warm-up
            double[] perSecond = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                encoder.encode(texts);
                perSecond[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "encoding run %d: %.0f sentences/s%n", r + 1, perSecond[r]);
            }
            System.out.printf(Locale.ROOT, "encoding: median %.0f sentences/s (target >= 300)%n", median(perSecond));

            EmbeddingCache cache = EmbeddingCache.inMemory(encoder.identity().id());
            encoder.cache(cache);
            encoder.encode(texts);
            Labels y = Labels.fromColumn(data, "label", "1");
            int[] fold = stratifiedFolds(y.codes(), 10, 42);
            for (double c : new double[] {TextClassifierTrainer.DEFAULT_C, 10}) {
                crossValidate(data, y, fold, new TextClassifierTrainer(encoder, c), c);
            }
            System.out.printf(Locale.ROOT, "cache: %d embeddings, %d hits, %d misses%n", cache.size(), cache.hits(),
                    cache.misses());
        }
    }

    private static void crossValidate(Frame data, Labels y, int[] fold, TextClassifierTrainer trainer, double c) {
        int n = data.rowCount();
        int[] predicted = new int[n];
        double[] trainSeconds = new double[10];
        for (int k = 0; k < 10; k++) {
            int[] train = rows(fold, k, false);
            int[] test = rows(fold, k, true);
            Frame tr = data.select(train);
            long t0 = System.nanoTime();
            TextClassifier m = trainer.fit(new TrainingSet(tr, List.of("text"), y.select(train), null, 42));
            trainSeconds[k] = (System.nanoTime() - t0) / 1e9;
            double[] p = m.predict(data.select(test));
            for (int i = 0; i < test.length; i++) {
                predicted[test[i]] = (int) p[i];
            }
        }
        Map<String, int[]> bySource = new LinkedHashMap<>();
        int right = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = predicted[i] == y.codes()[i];
            right += ok ? 1 : 0;
            int[] s = bySource.computeIfAbsent(data.column("source").format(i), key -> new int[2]);
            s[0] += ok ? 1 : 0;
            s[1]++;
        }
        StringBuilder per = new StringBuilder();
        bySource.forEach((s, v) -> per.append(String.format(Locale.ROOT, "  %s %.3f", s, v[0] / (double) v[1])));
        System.out.printf(Locale.ROOT, "10-fold CV, C=%s: accuracy %.3f;%s; head training on cached embeddings: "
                        + "median %.2f s, max %.2f s (target < 2 s)%n", c, right / (double) n, per,
                median(trainSeconds), Arrays.stream(trainSeconds).max().orElse(0));
    }

    /** Fold of each row: rows of each class shuffled with the seed and dealt round-robin. */
    static int[] stratifiedFolds(int[] codes, int k, long seed) {
        int[] fold = new int[codes.length];
        Random r = new Random(seed);
        int classes = Arrays.stream(codes).max().orElse(0) + 1;
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == c) {
                    rows.add(i);
                }
            }
            java.util.Collections.shuffle(rows, r);
            for (int j = 0; j < rows.size(); j++) {
                fold[rows.get(j)] = j % k;
            }
        }
        return fold;
    }

    private static int[] rows(int[] fold, int k, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == k) == in).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
