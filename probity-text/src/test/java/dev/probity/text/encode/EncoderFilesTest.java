package dev.probity.text.encode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder's files come from the folder {@code probity.encoder.files} names when it holds them, else from the jar. */
class EncoderFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(SentenceEncoder.FILES_PROPERTY);
    }

    static byte[] fromJar(String name) throws IOException {
        try (InputStream in = SentenceEncoder.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileInTheFolderIsReadFromThere() throws IOException {
        byte[] unpacked = fromJar("/all-minilm-l6-v2-tokenizer.json");
        Files.write(dir.resolve("all-minilm-l6-v2-tokenizer.json"), unpacked);
        System.setProperty(SentenceEncoder.FILES_PROPERTY, dir.toString());
        assertThat(SentenceEncoder.resource("/all-minilm-l6-v2-tokenizer.json")).isEqualTo(unpacked);
        // proof that the folder is read, not the jar: a file that differs comes back as it is
        Files.writeString(dir.resolve("all-minilm-l6-v2-tokenizer.json"), "{}");
        assertThat(SentenceEncoder.resource("/all-minilm-l6-v2-tokenizer.json")).isEqualTo("{}".getBytes());
    }

    @Test
    void aFileMissingFromTheFolderOrNoFolderComesFromTheJar() throws IOException {
        byte[] jar = fromJar("/all-minilm-l6-v2-tokenizer.json");
        assertThat(SentenceEncoder.resource("/all-minilm-l6-v2-tokenizer.json")).isEqualTo(jar);
        System.setProperty(SentenceEncoder.FILES_PROPERTY, dir.toString());
        assertThat(SentenceEncoder.resource("/all-minilm-l6-v2-tokenizer.json")).isEqualTo(jar);
        System.setProperty(SentenceEncoder.FILES_PROPERTY, dir.resolve("no such folder").toString());
        assertThat(SentenceEncoder.resource("/all-minilm-l6-v2-tokenizer.json")).isEqualTo(jar);
    }
}
