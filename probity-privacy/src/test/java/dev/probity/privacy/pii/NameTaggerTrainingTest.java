package dev.probity.privacy.pii;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped model is what the committed training program makes: retraining gives the same bytes. With
 * {@code -Dprobity.train.write=true} the test writes the model into the sources instead (after a change to the
 * features, the corpus or the training).
 */
class NameTaggerTrainingTest {
    @Test
    void theShippedModelIsTheOneTheTrainingProgramMakes() throws IOException {
        NameTagger trained = TrainNameTagger.train();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        trained.write(b);
        if (Boolean.getBoolean("probity.train.write")) {
            Files.write(Path.of("src/main/resources/dev/probity/privacy/pii/name-tagger.model.gz"), b.toByteArray());
            return;
        }
        byte[] shipped;
        try (InputStream in = NameTagger.class.getResourceAsStream(NameTagger.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertThat(b.toByteArray()).as("retrain with -Dprobity.train.write=true (see TrainNameTagger)").isEqualTo(shipped);
    }

    @Test
    void aModelReadsBackAsItWasWritten() throws IOException {
        NameTagger t = NameTagger.shipped();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        t.write(a);
        NameTagger back = NameTagger.read(new java.io.ByteArrayInputStream(a.toByteArray()));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        back.write(b);
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
        String text = "Yesterday Maria Lopez met Dr. Okafor.";
        assertThat(PiiScanner.of(java.util.List.of(back)).scan(text)).isEqualTo(PiiScanner.of(java.util.List.of(t)).scan(text));
    }
}
