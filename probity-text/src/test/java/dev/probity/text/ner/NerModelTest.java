package dev.probity.text.ner;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NerModelTest {
    @Test
    void aSavedTaggerTagsAsTheTrainedOneAndRecordsWhereItCameFrom(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.conll");
        Files.writeString(train, Conll.format(NerTest.corpus(300, 1, 0)));
        NerModel model = NerModel.train(Conll.load(train), 5, 0.2, 11);
        Path file = dir.resolve("ner.json");
        Files.write(file, model.toBytes());
        NerModel back = NerModel.read(file);
        // the same tags on sentences with unseen names, and the same bytes when saved again (no clock time, sorted keys)
        for (Conll.Sentence s : NerTest.corpus(100, 2, 1)) {
            assertThat(back.tagger().tag(s.tokens())).isEqualTo(model.tagger().tag(s.tokens()));
        }
        assertThat(back.toBytes()).isEqualTo(model.toBytes());
        assertThat(back.tagger().tagSet()).containsExactly("B-LOC", "B-ORG", "B-PER", "I-ORG", "I-PER", "O");
        assertThat(back.origin().sentences()).isEqualTo(300);
        assertThat(back.origin().tokens()).isEqualTo(NerTest.corpus(300, 1, 0).stream().mapToInt(s -> s.tokens().size()).sum());
        assertThat(back.origin().epochs()).isEqualTo(5);
        assertThat(back.origin().seed()).isEqualTo(11);
        assertThat(back.origin().wordDropout()).isEqualTo(0.2);
        assertThat(back.origin().devFile()).isNull();
        // the SHA-256 of a one-line file, computed by coreutils' sha256sum
        Path one = dir.resolve("one.conll");
        Files.writeString(one, "Anna B-PER\n");
        assertThat(Conll.load(one).sha256()).isEqualTo("7c2c6f6cc388464914088ade7213f8d3165d6c6b30d3bb8e23f6a83045e4b011");
        assertThat(NerModel.train(Conll.load(one), 1, 0, 1).origin().trainingSha256())
                .isEqualTo("7c2c6f6cc388464914088ade7213f8d3165d6c6b30d3bb8e23f6a83045e4b011");
    }

    @Test
    void theDevelopmentScoreIsTheEvaluationOfTheSameSentences(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.conll");
        Path dev = dir.resolve("dev.conll");
        Files.writeString(train, Conll.format(NerTest.corpus(200, 1, 0)));
        Files.writeString(dev, Conll.format(NerTest.corpus(50, 3, 1)));
        NerModel m = NerModel.train(Conll.load(train), 4, 0.2, 1);
        EntityMetrics e = m.evaluate(Conll.read(dev));
        NerModel withDev = m.withDev(Conll.load(dev), e.micro().f1());
        assertThat(withDev.origin().devF1()).isEqualTo(e.micro().f1());
        assertThat(withDev.origin().devSha256()).isEqualTo(Conll.load(dev).sha256());
        // micro F1 by hand: exact entity matches over predicted and true entities
        int tp = 0;
        int predicted = 0;
        int actual = 0;
        for (Conll.Sentence s : Conll.read(dev)) {
            List<EntityMetrics.Entity> t = EntityMetrics.entities(s.tags());
            List<EntityMetrics.Entity> p = EntityMetrics.entities(m.tagger().tag(s.tokens()));
            actual += t.size();
            predicted += p.size();
            tp += (int) p.stream().filter(t::contains).count();
        }
        double precision = (double) tp / predicted;
        double recall = (double) tp / actual;
        assertThat(e.micro().f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-12));
    }

    @Test
    void wordDropoutTeachesTheTaggerToFindNamesItNeverSaw() {
        // data/text/ner-train.conll and ner-test.conll (make_ner.py): the test's people and cities are not in training
        List<Conll.Sentence> train = Conll.read(Path.of("../data/text/ner-train.conll"));
        List<Conll.Sentence> test = Conll.read(Path.of("../data/text/ner-test.conll"));
        double without = new NerModel(PerceptronTagger.train(train, 8, 42, 0), null).evaluate(test).micro().f1();
        EntityMetrics with = new NerModel(PerceptronTagger.train(train, 8, 42, 0.2), null).evaluate(test);
        // measured: 0.676 without (unseen first names at the start of a sentence taken for organizations), 1.000 with
        assertThat(without).isLessThan(0.8);
        assertThat(with.micro().f1()).isGreaterThan(0.95);
        assertThat(with.byType().get("PER").f1()).isGreaterThan(0.95);
        assertThatThrownBy(() -> PerceptronTagger.train(train, 1, 1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEncodersWordVectorsAreContextualUnitVectorsOneAWord() {
        var enc = dev.probity.text.encode.Encoders.shared();
        List<List<String>> sentences = List.of(List.of("Anna", "visited", "Washington", "."),
                List.of("George", "Washington", "was", "president", "."), List.of("Lindqvist", "!"), List.of("\u0000"));
        List<float[][]> v = enc.wordVectors(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(v.get(i).length).isEqualTo(sentences.get(i).size());
        }
        for (float[] x : v.get(0)) {
            assertThat(norm(x)).isCloseTo(1, within(1e-5));
        }
        // a word of several pieces ("Lindqvist" is cut into pieces) still gets one vector
        assertThat(enc.tokenizer().tokenize("Lindqvist").size()).isGreaterThan(1);
        assertThat(norm(v.get(2)[0])).isCloseTo(1, within(1e-5));
        // a word the tokenizer drops entirely gets the zero vector
        assertThat(norm(v.get(3)[0])).isZero();
        // contextual: the same word in two sentences differs; batching does not change a sentence's vectors
        assertThat(dot(v.get(0)[2], v.get(1)[1])).isLessThan(0.99);
        float[][] alone = enc.wordVectors(List.of(sentences.get(1))).get(0);
        for (int w = 0; w < alone.length; w++) {
            assertThat(dot(alone[w], v.get(1)[w])).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void tokenVectorsHelpWithOrganizationsNeverSeenAndTravelWithTheModel(@TempDir Path dir) throws Exception {
        Conll.Corpus train = Conll.load(Path.of("../data/text/ner-train.conll"));
        List<Conll.Sentence> newOrgs = Conll.read(Path.of("../data/text/ner-test-new-orgs.conll"));
        var enc = dev.probity.text.encode.Encoders.shared();
        NerModel plain = NerModel.train(train, 8, 0.2, 42);
        NerModel withVectors = NerModel.train(train, 8, 0.2, 42, enc);
        EntityMetrics p = plain.evaluate(newOrgs);
        EntityMetrics v = withVectors.evaluate(newOrgs);
        // measured: micro F1 0.894 (ORG 0.745) from spelling and context alone, 0.969 (ORG 0.923) with the vectors
        assertThat(v.micro().f1()).isGreaterThan(p.micro().f1() + 0.03);
        assertThat(v.byType().get("ORG").f1()).isGreaterThan(p.byType().get("ORG").f1() + 0.1);
        Path file = dir.resolve("ner-vectors.json");
        Files.write(file, withVectors.toBytes());
        NerModel back = NerModel.read(file);
        assertThat(back.vectors()).isEqualTo(enc.identity());
        assertThat(back.tagger().vectorDimension()).isEqualTo(384);
        assertThat(back.evaluate(newOrgs)).isEqualTo(v);
        assertThat(back.toBytes()).isEqualTo(withVectors.toBytes());
        assertThatThrownBy(() -> back.tagger().tag(List.of("Anna"))).isInstanceOf(IllegalStateException.class);
    }

    static double norm(float[] x) {
        return Math.sqrt(dot(x, x));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void badFilesAreRefusedNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.conll");
        Files.writeString(bad, "Anna B-PER\nvisited O\n\nParis B-LOC\nlonely\n");
        assertThatThrownBy(() -> Conll.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("bad.conll:5").hasMessageContaining("'lonely'");
        Files.writeString(bad, "Anna X-PER\n");
        assertThatThrownBy(() -> Conll.load(bad)).hasMessageContaining("bad.conll:1").hasMessageContaining("'X-PER'");
        Files.write(bad, new byte[] {'A', ' ', 'O', '\n', (byte) 0xff, ' ', 'O', '\n'});
        assertThatThrownBy(() -> Conll.load(bad)).hasMessageContaining("not valid UTF-8").hasMessageContaining("line 2, byte offset 4 (0xFF)");
        Files.writeString(bad, "\n-DOCSTART- O\n\n");
        assertThatThrownBy(() -> NerModel.train(Conll.load(bad), 3, 0, 1)).hasMessageContaining("no sentences");

        Path model = dir.resolve("m.json");
        Files.writeString(model, "{\"format\": \"probity.model/v1\"}");
        assertThatThrownBy(() -> NerModel.read(model)).isInstanceOf(InputException.class)
                .hasMessageContaining("not a Probity tagger file").hasMessageContaining("it is probity.model/v1");
        Files.writeString(model, "{\"format\": \"probity.ner-model/v1\", \"features\": \"perceptron-features/v1\", "
                + "\"tags\": [\"O\", \"B-PER\"], \"weights\": {\"w=anna\": [1.0]}}");
        assertThatThrownBy(() -> NerModel.read(model)).hasMessageContaining("feature 'w=anna' has 1 weights for 2 tags");
        Files.writeString(model, "{\"format\": \"probity.ner-model/v1\", \"features\": \"other\", \"tags\": [\"O\"]}");
        assertThatThrownBy(() -> NerModel.read(model)).hasMessageContaining("feature set 'other'");
        assertThatThrownBy(() -> NerModel.read(dir.resolve("none.json"))).hasMessageContaining("no such tagger file");
    }

    @Test
    void rawTextIsCutIntoTokensAsCoNllFilesCutThem() {
        assertThat(Conll.tokenize("  According to Amara Rossi, Initech will hire in Quito. "))
                .containsExactly("According", "to", "Amara", "Rossi", ",", "Initech", "will", "hire", "in", "Quito", ".");
        assertThat(Conll.tokenize("\"O'Brien\" e-mailed (Oslo)!")).containsExactly("\"", "O'Brien", "\"", "e-mailed", "(", "Oslo", ")", "!");
        assertThat(Conll.tokenize("   ")).isEmpty();
        assertThat(EntityMetrics.entities(List.of("B-PER", "I-PER", "O", "B-LOC"))).containsExactly(
                new EntityMetrics.Entity("PER", 0, 1), new EntityMetrics.Entity("LOC", 3, 3));
    }
}
