package dev.probity.text.ner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A named-entity tagger: a greedy left-to-right averaged perceptron (Collins 2002) over features of each token and its
 * neighbours — the word in lower case, its prefix and suffixes, its shape (Xxxx, dd, …), whether it is capitalized,
 * the words before and after, and the two tags just predicted. Trained from CoNLL sentences for a number of epochs,
 * the sentences shuffled with the seed each epoch; the averaged weights are used to tag. Deterministic for a seed.
 */
public final class PerceptronTagger {
    private final List<String> tags;
    private final Map<String, double[]> weights;
    private final int vectorDimension;

    private PerceptronTagger(List<String> tags, Map<String, double[]> weights, int vectorDimension) {
        this.tags = tags;
        this.weights = weights;
        this.vectorDimension = vectorDimension;
    }

    /** The length of the token vectors the tagger was trained with, 0 when it uses none. */
    public int vectorDimension() {
        return vectorDimension;
    }

    /**
     * The factor token vectors (unit length) are multiplied by before they meet the binary features: at 1 the
     * vectors' many small updates crowd out the spelling and context features (entity F1 0.75 on
     * data/text/ner-test.conll, against 1.00 without vectors); 0.1 to 0.3 gave the same, best, results there and on
     * sentences with organizations never seen in training. Chosen on that generated corpus, not on independent data.
     */
    public static final double VECTOR_SCALE = 0.25;

    private static String vec(int d) {
        return "vec=" + d;
    }

    public List<String> tagSet() {
        return tags;
    }

    /** The name of the feature set {@link #features} computes; a saved model made with another is refused. */
    public static final String FEATURES = "perceptron-features/v1";

    /** The averaged weights: feature → one weight per tag of {@link #tagSet()} (features with all weights 0 left out). */
    public Map<String, double[]> weights() {
        Map<String, double[]> out = new java.util.TreeMap<>();
        weights.forEach((f, v) -> {
            for (double x : v) {
                if (x != 0) {
                    out.put(f, v.clone());
                    return;
                }
            }
        });
        return out;
    }

    /** A tagger from saved weights (see {@link #weights()}) that uses no token vectors. */
    public static PerceptronTagger of(List<String> tags, Map<String, double[]> weights) {
        return of(tags, weights, 0);
    }

    /** A tagger from saved weights, with token vectors of the given length ({@code vec=d} weights), or 0 for none. */
    public static PerceptronTagger of(List<String> tags, Map<String, double[]> weights, int vectorDimension) {
        if (vectorDimension < 0) {
            throw new IllegalArgumentException("vector dimension " + vectorDimension);
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("a tagger needs at least one tag");
        }
        Map<String, double[]> w = new HashMap<>();
        weights.forEach((f, v) -> {
            if (v.length != tags.size()) {
                throw new IllegalArgumentException("feature '" + f + "' has " + v.length + " weights for " + tags.size() + " tags");
            }
            w.put(f, v.clone());
        });
        return new PerceptronTagger(List.copyOf(tags), w, vectorDimension);
    }

    public static PerceptronTagger train(List<Conll.Sentence> sentences, int epochs, long seed) {
        return train(sentences, epochs, seed, 0);
    }

    /**
     * Trains with word dropout: each training token's own lexical features (the word, its prefix and suffixes) are
     * left out with the given probability, so that the tagger also learns to tag from a word's shape and context —
     * what it has to go on for a name it never saw.
     */
    public static PerceptronTagger train(List<Conll.Sentence> sentences, int epochs, long seed, double wordDropout) {
        return train(sentences, null, epochs, seed, wordDropout);
    }

    /**
     * As above, with a vector for each token (the encoder's contextual word vectors, {@code vectors.get(s)[i]} for
     * token i of sentence s) as real-valued features {@code vec=d} beside the others; null for none. Word dropout
     * leaves the vectors in: they describe the word in its context.
     */
    public static PerceptronTagger train(List<Conll.Sentence> sentences, List<float[][]> vectors, int epochs, long seed,
                                         double wordDropout) {
        int dim = vectors == null || vectors.isEmpty() ? 0 : vectors.get(0).length == 0 ? 0 : vectors.get(0)[0].length;
        if (vectors != null) {
            if (vectors.size() != sentences.size()) {
                throw new IllegalArgumentException(vectors.size() + " vector lists for " + sentences.size() + " sentences");
            }
            for (int i = 0; i < sentences.size(); i++) {
                if (vectors.get(i).length != sentences.get(i).tokens().size()) {
                    throw new IllegalArgumentException("sentence " + i + ": " + vectors.get(i).length + " vectors for "
                            + sentences.get(i).tokens().size() + " tokens");
                }
                for (float[] v : vectors.get(i)) {
                    if (dim == 0) {
                        dim = v.length;
                    }
                    if (v.length != dim) {
                        throw new IllegalArgumentException("token vectors of lengths " + dim + " and " + v.length);
                    }
                }
            }
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("word dropout must be in [0, 1), not " + wordDropout);
        }
        TreeSet<String> set = new TreeSet<>();
        sentences.forEach(s -> set.addAll(s.tags()));
        List<String> tags = List.copyOf(set);
        int k = tags.size();
        Map<String, double[]> w = new HashMap<>();
        Map<String, double[]> total = new HashMap<>();
        Map<String, long[]> stamp = new HashMap<>();
        long step = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        Random r = new Random(seed);
        for (int e = 0; e < epochs; e++) {
            Collections.shuffle(order, r);
            for (int si : order) {
                Conll.Sentence s = sentences.get(si);
                String p1 = "<s>";
                String p2 = "<s>";
                for (int i = 0; i < s.tokens().size(); i++) {
                    step++;
                    List<String> f = features(s.tokens(), i, p1, p2);
                    if (wordDropout > 0 && r.nextDouble() < wordDropout) {
                        f.removeIf(PerceptronTagger::lexical);
                    }
                    float[] x = dim == 0 ? null : vectors.get(si)[i];
                    int guess = best(w, f, x, k);
                    int truth = tags.indexOf(s.tags().get(i));
                    if (guess != truth) {
                        for (String feat : f) {
                            update(w, total, stamp, feat, truth, 1, step, k);
                            update(w, total, stamp, feat, guess, -1, step, k);
                        }
                        if (x != null) {
                            for (int d = 0; d < x.length; d++) {
                                if (x[d] != 0) {
                                    update(w, total, stamp, vec(d), truth, VECTOR_SCALE * x[d], step, k);
                                    update(w, total, stamp, vec(d), guess, -VECTOR_SCALE * x[d], step, k);
                                }
                            }
                        }
                    }
                    p2 = p1;
                    p1 = s.tags().get(i); // teacher forcing: the true previous tags while training
                }
            }
        }
        Map<String, double[]> avg = new HashMap<>();
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            double[] tot = total.get(e.getKey());
            long[] st = stamp.get(e.getKey());
            double[] a = new double[k];
            for (int c = 0; c < k; c++) {
                a[c] = (tot[c] + (step - st[c]) * e.getValue()[c]) / step;
            }
            avg.put(e.getKey(), a);
        }
        return new PerceptronTagger(tags, avg, dim);
    }

    private static void update(Map<String, double[]> w, Map<String, double[]> total, Map<String, long[]> stamp, String feat,
                               int c, double delta, long step, int k) {
        double[] v = w.computeIfAbsent(feat, x -> new double[k]);
        double[] t = total.computeIfAbsent(feat, x -> new double[k]);
        long[] s = stamp.computeIfAbsent(feat, x -> new long[k]);
        t[c] += (step - s[c]) * v[c];
        s[c] = step;
        v[c] += delta;
    }

    private static int best(Map<String, double[]> w, List<String> f, float[] x, int k) {
        double[] score = new double[k];
        for (String feat : f) {
            double[] v = w.get(feat);
            if (v != null) {
                for (int c = 0; c < k; c++) {
                    score[c] += v[c];
                }
            }
        }
        if (x != null) {
            for (int d = 0; d < x.length; d++) {
                double[] v = w.get(vec(d));
                if (v != null) {
                    for (int c = 0; c < k; c++) {
                        score[c] += VECTOR_SCALE * x[d] * v[c];
                    }
                }
            }
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Tags of one sentence's tokens (a tagger that uses no token vectors). */
    public List<String> tag(List<String> tokens) {
        if (vectorDimension > 0) {
            throw new IllegalStateException("this tagger was trained with token vectors of length " + vectorDimension
                    + "; tag with them");
        }
        return tag(tokens, null);
    }

    /** Tags of one sentence's tokens, with their vectors when the tagger was trained with them (else null). */
    public List<String> tag(List<String> tokens, float[][] vectors) {
        if (vectorDimension > 0 && (vectors == null || vectors.length != tokens.size())) {
            throw new IllegalArgumentException("the tagger needs a vector for each of the " + tokens.size() + " tokens");
        }
        List<String> out = new ArrayList<>();
        String p1 = "<s>";
        String p2 = "<s>";
        for (int i = 0; i < tokens.size(); i++) {
            float[] x = vectorDimension == 0 ? null : vectors[i];
            if (x != null && x.length != vectorDimension) {
                throw new IllegalArgumentException("token vectors of length " + x.length + ", but the tagger was trained with "
                        + vectorDimension);
            }
            String t = tags.get(best(weights, features(tokens, i, p1, p2), x, tags.size()));
            out.add(t);
            p2 = p1;
            p1 = t;
        }
        return out;
    }

    static List<String> features(List<String> tokens, int i, String p1, String p2) {
        String w = tokens.get(i);
        String lw = w.toLowerCase(Locale.ROOT);
        List<String> f = new ArrayList<>();
        f.add("bias");
        f.add("w=" + lw);
        f.add("suf3=" + lw.substring(Math.max(0, lw.length() - 3)));
        f.add("suf2=" + lw.substring(Math.max(0, lw.length() - 2)));
        f.add("pre2=" + lw.substring(0, Math.min(2, lw.length())));
        f.add("shape=" + shape(w));
        f.add("cap=" + Character.isUpperCase(w.codePointAt(0)));
        f.add("first=" + (i == 0));
        f.add("w-1=" + (i > 0 ? tokens.get(i - 1).toLowerCase(Locale.ROOT) : "<s>"));
        f.add("w+1=" + (i + 1 < tokens.size() ? tokens.get(i + 1).toLowerCase(Locale.ROOT) : "</s>"));
        f.add("w-2=" + (i > 1 ? tokens.get(i - 2).toLowerCase(Locale.ROOT) : "<s>"));
        f.add("cap+1=" + (i + 1 < tokens.size() && Character.isUpperCase(tokens.get(i + 1).codePointAt(0))));
        f.add("t-1=" + p1);
        f.add("t-2,t-1=" + p2 + "," + p1);
        f.add("t-1,w=" + p1 + "," + lw);
        return f;
    }

    /** Whether a feature is the token's own word, prefix or suffix (left out by word dropout). */
    static boolean lexical(String feature) {
        return feature.startsWith("w=") || feature.startsWith("suf3=") || feature.startsWith("suf2=")
                || feature.startsWith("pre2=") || feature.startsWith("t-1,w=");
    }

    static String shape(String w) {
        StringBuilder b = new StringBuilder();
        char last = 0;
        for (char ch : w.toCharArray()) {
            char c = Character.isUpperCase(ch) ? 'X' : Character.isLowerCase(ch) ? 'x' : Character.isDigit(ch) ? 'd' : ch;
            if (c != last) {
                b.append(c);
            }
            last = c;
        }
        return b.toString();
    }
}
