package dev.probity.text.ner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.models.io.ModelFiles;
import dev.probity.text.encode.Encoders;
import dev.probity.text.encode.SentenceEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entity tagger and where it came from, as saved in a file ({@value #FORMAT}): the tag set, the name of the
 * feature set, the averaged perceptron's weights and the provenance — the training file's name and SHA-256, its
 * sentence and token counts, the epochs, the word dropout, the seed, the development file and its entity F1 when one was given, and
 * the library versions; for a tagger that uses the encoder's token vectors, the encoder's identity (its weights are
 * not copied: they come from the class path, checked against the recorded hashes). No clock time is recorded and
 * keys are sorted, so the same training gives the same bytes.
 */
public record NerModel(PerceptronTagger tagger, Origin origin, SentenceEncoder.Identity vectors) {
    public static final String FORMAT = "probity.ner-model/v1";

    /** A tagger that uses no token vectors. */
    public NerModel(PerceptronTagger tagger, Origin origin) {
        this(tagger, origin, null);
    }
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * How the tagger was made.
     *
     * @param trainingFile   the training file as it was named
     * @param trainingSha256 the SHA-256 of its bytes
     * @param wordDropout    the probability of leaving out a training token's own word features
     * @param devFile        the development file, or null
     * @param devSha256      its SHA-256, or null
     * @param devF1          the tagger's entity micro F1 on it, or null
     */
    public record Origin(String trainingFile, String trainingSha256, int sentences, int tokens, int epochs, double wordDropout,
                         long seed, String devFile, String devSha256, Double devF1, Map<String, String> libraries) {
        public Origin {
            libraries = libraries == null ? Map.of() : Map.copyOf(libraries);
        }
    }

    /**
     * Trains a tagger on a CoNLL file's sentences and records its origin (no development file); see
     * {@link PerceptronTagger#train(List, int, long, double)} for the word dropout.
     */
    public static NerModel train(Conll.Corpus training, int epochs, double wordDropout, long seed) {
        return train(training, epochs, wordDropout, seed, null);
    }

    /**
     * As above, with the contextual word vectors of {@code encoder} as features beside spelling and context (see
     * {@link PerceptronTagger#train(List, List, int, long, double)}); null for none.
     */
    public static NerModel train(Conll.Corpus training, int epochs, double wordDropout, long seed, SentenceEncoder encoder) {
        if (training.sentences().isEmpty()) {
            throw new InputException(training.file() + ": no sentences to train on");
        }
        if (epochs < 1) {
            throw new InputException("{{epochs}} must be at least 1, not " + epochs);
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new InputException("{{word-dropout}} must be at least 0 and below 1, not " + wordDropout);
        }
        List<float[][]> vectors = encoder == null ? null
                : encoder.wordVectors(training.sentences().stream().map(Conll.Sentence::tokens).toList());
        PerceptronTagger t = PerceptronTagger.train(training.sentences(), vectors, epochs, seed, wordDropout);
        return new NerModel(t, new Origin(training.file().toString(), training.sha256(), training.sentences().size(),
                training.tokens(), epochs, wordDropout, seed, null, null, null, ModelFiles.libraries()),
                encoder == null ? null : encoder.identity());
    }

    /** The tags of each sentence's tokens (the token vectors computed first when the tagger uses them). */
    public List<List<String>> tag(List<List<String>> sentences) {
        List<float[][]> v = vectors == null ? null : Encoders.forIdentity(vectors).wordVectors(sentences);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            out.add(tagger.tag(sentences.get(i), v == null ? null : v.get(i)));
        }
        return out;
    }

    /** The same model with its entity micro F1 on a development file recorded. */
    public NerModel withDev(Conll.Corpus dev, double f1) {
        Origin o = origin;
        return new NerModel(tagger, new Origin(o.trainingFile(), o.trainingSha256(), o.sentences(), o.tokens(), o.epochs(), o.wordDropout(), o.seed(),
                dev.file().toString(), dev.sha256(), f1, o.libraries()), vectors);
    }

    /** Tags each sentence and scores the tags against the sentences' own, entity by entity. */
    public EntityMetrics evaluate(List<Conll.Sentence> sentences) {
        return score(sentences).entities();
    }

    /**
     * The scores of one tagging pass over tagged sentences: entity by entity (as seqeval) and token by token.
     *
     * @param entities      per type, micro, macro and weighted precision, recall and F1 of the entities
     * @param tokens        the tokens tagged
     * @param tokensCorrect the tokens whose tag equals the true one
     */
    public record Score(EntityMetrics entities, long tokens, long tokensCorrect) {
        /** The share of tokens tagged correctly. */
        public double tokenAccuracy() {
            return tokens == 0 ? Double.NaN : (double) tokensCorrect / tokens;
        }
    }

    /** Tags each sentence once and scores the tags against the sentences' own, by entity and by token. */
    public Score score(List<Conll.Sentence> sentences) {
        List<List<String>> truth = new ArrayList<>();
        for (Conll.Sentence s : sentences) {
            truth.add(s.tags());
        }
        List<List<String>> predicted = tag(sentences.stream().map(Conll.Sentence::tokens).toList());
        long tokens = 0;
        long correct = 0;
        for (int k = 0; k < predicted.size(); k++) {
            List<String> p = predicted.get(k);
            for (int i = 0; i < p.size(); i++) {
                tokens++;
                correct += p.get(i).equals(truth.get(k).get(i)) ? 1 : 0;
            }
        }
        return new Score(EntityMetrics.of(truth, predicted), tokens, correct);
    }

    /** The file's bytes. */
    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "perceptron-tagger");
        root.put("features", PerceptronTagger.FEATURES);
        ArrayNode tags = root.putArray("tags");
        tagger.tagSet().forEach(tags::add);
        root.set("provenance", JSON.valueToTree(origin));
        if (vectors != null) {
            ObjectNode v = root.putObject("token_vectors");
            v.set("encoder", JSON.valueToTree(vectors.asMap()));
            v.put("dimension", tagger.vectorDimension());
            v.put("scale", PerceptronTagger.VECTOR_SCALE);
        }
        ObjectNode w = root.putObject("weights");
        tagger.weights().forEach((f, v) -> {
            ArrayNode a = w.putArray(f);
            for (double x : v) {
                a.add(x);
            }
        });
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the tagger: " + e.getMessage(), e);
        }
    }

    /** Reads a tagger file, refusing anything else: another format, another feature set, damaged weights. */
    public static NerModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + (Files.isDirectory(file) ? ": a directory, not a tagger file" : ": no such tagger file"));
        }
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the tagger: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(file + ": not a Probity tagger file: " + dev.probity.core.io.JsonErrors.describe(bytes, e));
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            String other = root != null && root.isObject() ? root.path("format").asText("") : "";
            throw new InputException(file + ": not a Probity tagger file (no \"format\": \"" + FORMAT + "\""
                    + (other.isEmpty() ? "" : "; it is " + other) + ")");
        }
        if (!PerceptronTagger.FEATURES.equals(root.path("features").asText())) {
            throw new InputException(file + ": made with the feature set '" + root.path("features").asText()
                    + "', but this version of Probity computes '" + PerceptronTagger.FEATURES + "'");
        }
        List<String> tags = new ArrayList<>();
        root.path("tags").forEach(t -> tags.add(t.asText()));
        if (tags.isEmpty()) {
            throw new InputException(file + ": a damaged tagger file: no tags");
        }
        Map<String, double[]> weights = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("weights").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode a = e.getValue();
            if (!a.isArray() || a.size() != tags.size()) {
                throw new InputException(file + ": a damaged tagger file: feature '" + e.getKey() + "' has "
                        + (a.isArray() ? a.size() : 0) + " weights for " + tags.size() + " tags");
            }
            double[] v = new double[tags.size()];
            for (int i = 0; i < v.length; i++) {
                if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                    throw new InputException(file + ": a damaged tagger file: feature '" + e.getKey() + "' has the weight '"
                            + a.get(i).asText() + "'");
                }
                v[i] = a.get(i).asDouble();
            }
            weights.put(e.getKey(), v);
        }
        SentenceEncoder.Identity vectors = null;
        int dimension = 0;
        JsonNode tv = root.path("token_vectors");
        if (tv.isObject()) {
            try {
                vectors = JSON.convertValue(tv.path("encoder"), SentenceEncoder.Identity.class);
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ": a damaged tagger file: its encoder cannot be read: " + e.getMessage());
            }
            dimension = tv.path("dimension").asInt(0);
            if (vectors == null || vectors.name() == null || dimension < 1) {
                throw new InputException(file + ": a damaged tagger file: token vectors without an encoder or a dimension");
            }
            if (tv.path("scale").asDouble() != PerceptronTagger.VECTOR_SCALE) {
                throw new InputException(file + ": made with token vectors scaled by " + tv.path("scale").asText()
                        + ", but this version of Probity scales them by " + PerceptronTagger.VECTOR_SCALE);
            }
        }
        Origin origin;
        try {
            origin = JSON.convertValue(root.path("provenance"), Origin.class);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": a damaged tagger file: its provenance cannot be read: " + e.getMessage());
        }
        return new NerModel(PerceptronTagger.of(tags, weights, dimension), origin, vectors);
    }

    /** What the model says of itself, for reports: provenance as a map with the tag set. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "perceptron-tagger");
        m.put("features", PerceptronTagger.FEATURES);
        m.put("tags", tagger.tagSet());
        if (vectors != null) {
            m.put("token_vectors", Map.of("encoder", vectors.asMap(), "dimension", tagger.vectorDimension()));
        }
        m.put("provenance", JSON.convertValue(origin, Map.class));
        return m;
    }
}
