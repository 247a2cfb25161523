package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.text.ner.Conll;
import dev.probity.text.ner.NerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code probity ner train | evaluate | tag} on the generated corpus in data/text. */
class NerCommandTest {
    static final Path TRAIN = Cli.repo().resolve("data/text/ner-train.conll");
    static final Path TEST = Cli.repo().resolve("data/text/ner-test.conll");
    static final Path SENTENCES = Cli.repo().resolve("data/text/ner-sentences.txt");

    /** IOB2 entities, read the simple way (B- starts one, I- of the same type continues it): "type start end". */
    static List<String> iob2(List<String> tags) {
        List<String> out = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String t = i < tags.size() ? tags.get(i) : "O";
            boolean continues = type != null && t.equals("I-" + type);
            if (type != null && !continues) {
                out.add(type + " " + start + " " + (i - 1));
                type = null;
            }
            if (t.startsWith("B-") || (t.startsWith("I-") && !continues)) {
                type = t.substring(2);
                start = i;
            }
        }
        return out;
    }

    @Test
    void trainEvaluateAndTagFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ner.json");
        Cli train = Cli.run("ner", "train", "--conll", TRAIN.toString(), "--dev", TEST.toString(), "--out", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("trained an entity tagger on 600 sentences", "tags: B-LOC B-ORG B-PER I-ORG I-PER O",
                "micro avg");
        JsonNode file = new ObjectMapper().readTree(model.toFile());
        assertThat(file.path("format").asText()).isEqualTo("probity.ner-model/v1");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(TRAIN)));
        assertThat(file.path("provenance").path("trainingSha256").asText()).isEqualTo(sha);
        assertThat(file.path("provenance").path("sentences").asInt()).isEqualTo(600);
        assertThat(file.path("provenance").path("epochs").asInt()).isEqualTo(8);
        assertThat(file.path("provenance").path("wordDropout").asDouble()).isEqualTo(0.2);

        Path json = dir.resolve("report.json");
        Cli eval = Cli.run("ner", "evaluate", "--model", model.toString(), "--conll", TEST.toString(), "--json", json.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("200 sentences", "precision    recall  f1-score   support", "weighted avg");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("format").asText()).isEqualTo("probity.ner-report/v1");
        // the report's numbers from counting exact entity matches here, per type
        NerModel tagger = NerModel.read(model);
        Map<String, int[]> counts = new HashMap<>(); // type -> true positives, predicted, actual
        int tokens = 0;
        int correct = 0;
        for (Conll.Sentence s : Conll.read(TEST)) {
            List<String> pred = tagger.tagger().tag(s.tokens());
            List<String> t = iob2(s.tags());
            List<String> p = iob2(pred);
            t.forEach(e -> counts.computeIfAbsent(e.split(" ")[0], k -> new int[3])[2]++);
            for (String e : p) {
                int[] c = counts.computeIfAbsent(e.split(" ")[0], k -> new int[3]);
                c[1]++;
                c[0] += t.contains(e) ? 1 : 0;
            }
            for (int i = 0; i < pred.size(); i++) {
                tokens++;
                correct += pred.get(i).equals(s.tags().get(i)) ? 1 : 0;
            }
        }
        assertThat(new TreeSet<>(counts.keySet())).containsExactly("LOC", "ORG", "PER");
        int tp = 0;
        int predicted = 0;
        int actual = 0;
        double macroF1 = 0;
        double weightedF1 = 0;
        for (var e : counts.entrySet()) {
            int[] c = e.getValue();
            double precision = (double) c[0] / c[1];
            double recall = (double) c[0] / c[2];
            double f1 = 2 * precision * recall / (precision + recall);
            JsonNode row = report.path("types").path(e.getKey());
            assertThat(row.path("precision").asDouble()).isCloseTo(precision, within(1e-12));
            assertThat(row.path("recall").asDouble()).isCloseTo(recall, within(1e-12));
            assertThat(row.path("f1-score").asDouble()).isCloseTo(f1, within(1e-12));
            assertThat(row.path("support").asInt()).isEqualTo(c[2]);
            tp += c[0];
            predicted += c[1];
            actual += c[2];
            macroF1 += f1 / 3;
            weightedF1 += f1 * c[2];
        }
        assertThat(report.path("micro avg").path("precision").asDouble()).isCloseTo((double) tp / predicted, within(1e-12));
        assertThat(report.path("micro avg").path("recall").asDouble()).isCloseTo((double) tp / actual, within(1e-12));
        assertThat(report.path("macro avg").path("f1-score").asDouble()).isCloseTo(macroF1, within(1e-12));
        assertThat(report.path("weighted avg").path("f1-score").asDouble()).isCloseTo(weightedF1 / actual, within(1e-12));
        assertThat(report.path("token_accuracy").asDouble()).isCloseTo((double) correct / tokens, within(1e-12));
        assertThat(report.path("micro avg").path("f1-score").asDouble()).isGreaterThan(0.9);
        // the dev score recorded at training is this evaluation's micro F1 (same sentences)
        assertThat(file.path("provenance").path("devF1").asDouble())
                .isEqualTo(report.path("micro avg").path("f1-score").asDouble());

        Path tags = dir.resolve("tags.json");
        Cli tag = Cli.run("ner", "tag", "--model", model.toString(), "--input", SENTENCES.toString(), "--json", tags.toString());
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.out()).contains("[ORG Acme Corp] opened an office in [LOC Krakow] .");
        JsonNode first = new ObjectMapper().readTree(tags.toFile()).path("lines").get(0);
        assertThat(first.path("entities").get(0).path("text").asText()).isEqualTo("Acme Corp");
        assertThat(first.path("entities").get(0).path("end").asInt()).isEqualTo(2);
        assertThat(Cli.run("ner", "tag", "--model", model.toString(), "--input", SENTENCES.toString(), "-q").out()).isEmpty();
        Cli stdout = Cli.run("ner", "tag", "--model", model.toString(), "--input", SENTENCES.toString(), "--json", "-");
        assertThat(new ObjectMapper().readTree(stdout.out()).path("format").asText()).isEqualTo("probity.ner-tags/v1");
    }

    @Test
    void tokenVectorsAreRecordedAndUsedWhenTagging(@TempDir Path dir) throws Exception {
        Path newOrgs = Cli.repo().resolve("data/text/ner-test-new-orgs.conll");
        Path plain = dir.resolve("plain.json");
        Path vectors = dir.resolve("vectors.json");
        assertThat(Cli.run("ner", "train", "--conll", TRAIN.toString(), "--out", plain.toString(), "-q").code()).isZero();
        Cli train = Cli.run("ner", "train", "--conll", TRAIN.toString(), "--out", vectors.toString(), "--token-vectors");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("384-dimensional word vectors");
        JsonNode file = new ObjectMapper().readTree(vectors.toFile());
        assertThat(file.path("token_vectors").path("dimension").asInt()).isEqualTo(384);
        assertThat(file.path("token_vectors").path("encoder").path("name").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        double[] f1 = new double[2];
        int k = 0;
        for (Path model : List.of(plain, vectors)) {
            Path json = dir.resolve("report-" + k + ".json");
            Cli eval = Cli.run("ner", "evaluate", "--model", model.toString(), "--conll", newOrgs.toString(), "--json", json.toString(), "-q");
            assertThat(eval.code()).as(eval.err()).isZero();
            f1[k++] = new ObjectMapper().readTree(json.toFile()).path("types").path("ORG").path("f1-score").asDouble();
        }
        // organizations never seen in training: measured ORG F1 0.745 without the vectors, 0.923 with them
        assertThat(f1[1]).isGreaterThan(f1[0] + 0.1);
        Cli tag = Cli.run("ner", "tag", "--model", vectors.toString(), "--input", SENTENCES.toString());
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.out()).contains("[LOC Krakow]");
    }

    @Test
    void badInputIsRefusedAndNoInputIsEverOverwritten(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.conll"), "Anna B-PER\nvisited O\n\nParis B-LOC\nalone\n");
        Path model = dir.resolve("ner.json");
        Cli r = Cli.run("ner", "train", "--conll", bad.toString(), "--out", model.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("bad.conll:5", "'alone'");
        assertThat(model).doesNotExist();

        Path train = Files.copy(TRAIN, dir.resolve("train.conll"));
        byte[] before = Files.readAllBytes(train);
        Cli same = Cli.run("ner", "train", "--conll", train.toString(), "--out", train.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(same.err()).contains("--out", "same file");
        assertThat(Files.readAllBytes(train)).isEqualTo(before);

        Cli epochs = Cli.run("ner", "train", "--conll", train.toString(), "--out", model.toString(), "--epochs", "0");
        assertThat(epochs.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(epochs.err()).contains("--epochs must be at least 1");
        Cli dropout = Cli.run("ner", "train", "--conll", train.toString(), "--out", model.toString(), "--word-dropout", "1");
        assertThat(dropout.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(dropout.err()).contains("--word-dropout must be at least 0 and below 1");
        assertThat(model).doesNotExist();

        assertThat(Cli.run("ner", "train", "--conll", train.toString(), "--out", model.toString(), "--epochs", "2", "-q").out()).isEmpty();
        byte[] tagger = Files.readAllBytes(model);
        Cli overModel = Cli.run("ner", "evaluate", "--model", model.toString(), "--conll", TEST.toString(), "--json", model.toString());
        assertThat(overModel.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readAllBytes(model)).isEqualTo(tagger);
        Cli notTagger = Cli.run("ner", "evaluate", "--model", train.toString(), "--conll", TEST.toString());
        assertThat(notTagger.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(notTagger.err()).contains("not a Probity tagger file");
        Cli asClassifier = Cli.run("evaluate", "--model", model.toString(), "--data", "german", "--label", "credit");
        assertThat(asClassifier.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(asClassifier.err()).contains("neither a Probity model", "; it is probity.ner-model/v1");
        Cli badTest = Cli.run("ner", "evaluate", "--model", model.toString(), "--conll", bad.toString());
        assertThat(badTest.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTest.err()).contains("bad.conll:5");
    }
}
