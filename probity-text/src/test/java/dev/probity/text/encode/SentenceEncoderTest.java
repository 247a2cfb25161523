package dev.probity.text.encode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SentenceEncoderTest {
    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.allMiniLmL6V2(2, 4);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static double cos(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void embeddingsHave384DimensionsAndUnitNorm() {
        List<float[]> e = encoder.encode(List.of("A short one.", "", "Ünïcödé and CJK 你好 and emoji 🙂 too!!"));
        assertThat(encoder.dimension()).isEqualTo(384);
        for (float[] v : e) {
            assertThat(v).hasSize(384);
            assertThat(Math.sqrt(cos(v, v))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        // triples (anchor, paraphrase, unrelated): the paraphrase must be the nearer one
        String[][] triples = {
                {"The food was delicious.", "The meal tasted great.", "My phone battery died after an hour."},
                {"A man is playing a guitar.", "Someone plays an acoustic guitar.", "The stock market fell sharply today."},
                {"How do I reset my password?", "I forgot my password and need to change it.", "The cat sleeps on the sofa."},
                {"This movie was terrible.", "I hated this film.", "The train leaves at nine."},
        };
        for (String[] t : triples) {
            List<float[]> e = encoder.encode(List.of(t));
            assertThat(cos(e.get(0), e.get(1))).as(t[0]).isGreaterThan(cos(e.get(0), e.get(2)) + 0.2);
        }
        float[] same = encoder.encode("The food was delicious.");
        assertThat(cos(same, encoder.encode("The food was delicious."))).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void batchingAndOrderDoNotChangeEmbeddings() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            texts.add("sentence number " + i + " " + "word ".repeat(i * 3));
        }
        List<float[]> together = encoder.encode(texts);
        try (SentenceEncoder one = SentenceEncoder.allMiniLmL6V2(1, 1)) {
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = one.encode(texts.get(i));
                for (int j = 0; j < alone.length; j++) {
                    assertThat(together.get(i)[j]).isCloseTo(alone[j], within(1e-5f));
                }
            }
        }
    }

    @Test
    void theThreadCountChangesWhoEncodesNotWhatComesOut() {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            texts.add("Sentence number " + i + " is about " + (i % 3 == 0 ? "food" : "weather") + ".");
        }
        try (SentenceEncoder enc = SentenceEncoder.allMiniLmL6V2(1, 2)) {
            List<float[]> one = enc.encode(texts);
            assertThat(enc.threads(3).threads()).isEqualTo(3);
            List<float[]> three = enc.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(three.get(i)).containsExactly(one.get(i));
            }
            assertThatThrownBy(() -> enc.threads(0)).isInstanceOf(IllegalArgumentException.class);
        }
        Encoders.threads(1);
        try {
            assertThat(Encoders.shared().threads()).isEqualTo(1);
            Encoders.threads(2);
            assertThat(Encoders.shared().threads()).isEqualTo(2);
        } finally {
            Encoders.threads(0);
        }
        assertThat(Encoders.shared().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void longTextsAreCutAtTheTokenLimit() {
        String base = "good ".repeat(300);
        float[] a = encoder.encode(base);
        float[] b = encoder.encode(base + " but in the end everything was awful and broken");
        assertThat(cos(a, b)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void theCacheServesRepeatsAndSurvivesAFile(@TempDir Path dir) {
        Path file = dir.resolve("emb.bin");
        EmbeddingCache cache = EmbeddingCache.onDisk(encoder.identity().id(), file);
        try (SentenceEncoder enc = SentenceEncoder.allMiniLmL6V2(2, 8).cache(cache)) {
            float[] first = enc.encode(List.of("one", "two", "one")).get(0);
            assertThat(cache.size()).isEqualTo(2);
            long misses = cache.misses();
            enc.encode(List.of("two", "one"));
            assertThat(cache.misses()).isEqualTo(misses);
            cache.save();
            EmbeddingCache again = EmbeddingCache.onDisk(enc.identity().id(), file);
            assertThat(again.size()).isEqualTo(2);
            assertThat(again.get("one")).containsExactly(first);
            assertThat(again.get("three")).isNull();
        }
        assertThat(dir.toFile().list()).containsExactly("emb.bin");
        assertThatThrownBy(() -> EmbeddingCache.onDisk("another encoder", file)).hasMessageContaining("another encoder");
    }

    @Test
    void theIdentityNamesTheModelBytes() throws Exception {
        String sha = SentenceEncoder.sha256(SentenceEncoder.class.getResourceAsStream("/all-minilm-l6-v2.onnx").readAllBytes());
        assertThat(encoder.identity().modelSha256()).isEqualTo(sha).hasSize(64);
        assertThat(encoder.identity().id()).contains("all-MiniLM-L6-v2").contains(sha);
        assertThat(Files.exists(Path.of("."))).isTrue();
    }
}
