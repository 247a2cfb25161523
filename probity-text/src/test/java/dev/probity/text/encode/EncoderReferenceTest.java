package dev.probity.text.encode;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Probity's tokenizer and encoder against an independent implementation: LangChain4j's own all-MiniLM-L6-v2
 * model, whose tokenizer is Hugging Face's Rust {@code tokenizers} (through DJL) and whose pooling is its own code.
 * No Python ONNX Runtime is on the build machine, so this is the out-of-our-code reference (test scope only).
 */
class EncoderReferenceTest {
    static final List<String> SENTENCES = List.of(
            "The food was delicious.",
            "I HATED this phone: it broke after 2 days!!!",
            "Crème brûlée at the café was naïve-ly over-sweet; 10/10 wouldn't order again.",
            "Don't you think it's (somewhat) un-believable?",
            "antidisestablishmentarianism and supercalifragilisticexpialidocious",
            "CJK 你好世界 mixed with emoji 🙂 and tabs\tand\nnewlines",
            "");

    @Test
    void tokensEqualHuggingFaceTokenizers(@TempDir Path dir) throws Exception {
        byte[] json = SentenceEncoder.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json").readAllBytes();
        Path file = Files.write(dir.resolve("tokenizer.json"), json);
        WordPieceTokenizer ours = WordPieceTokenizer.fromJson(json);
        try (HuggingFaceTokenizer theirs = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            for (String s : SENTENCES) {
                long[] ids = theirs.encode(s).getIds();
                int[] mine = ours.encode(s, 10_000);
                assertThat(Arrays.stream(mine).asLongStream().toArray()).as(s).containsExactly(ids);
            }
        }
    }

    @Test
    void embeddingsEqualLangChain4js() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        try (SentenceEncoder ours = SentenceEncoder.allMiniLmL6V2(2, 3)) {
            List<float[]> mine = ours.encode(SENTENCES.subList(0, SENTENCES.size() - 1));
            for (int i = 0; i < mine.size(); i++) {
                float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
                assertThat(theirs).hasSameSizeAs(mine.get(i));
                double dot = 0;
                double n = 0;
                for (int j = 0; j < theirs.length; j++) {
                    dot += theirs[j] * mine.get(i)[j];
                    n += theirs[j] * theirs[j];
                }
                assertThat(dot / Math.sqrt(n)).as(SENTENCES.get(i)).isCloseTo(1.0, within(1e-5));
                for (int j = 0; j < theirs.length; j++) {
                    assertThat((double) mine.get(i)[j]).isCloseTo(theirs[j] / Math.sqrt(n), within(1e-4));
                }
            }
        }
    }
}
