package dev.probity.text.classify;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.io.ModelFiles;
import dev.probity.text.encode.EmbeddingCache;
import dev.probity.text.encode.SentenceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextClassifierTest {
    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.allMiniLmL6V2(2, 16);
        encoder.cache(EmbeddingCache.inMemory(encoder.identity().id()));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static final String[] SUBJECTS = {"The food", "This phone", "The movie", "Our waiter", "The hotel room", "The battery",
            "The service", "The plot", "The screen", "The staff"};
    static final String[] GOOD = {"was wonderful", "is excellent", "was a delight", "works perfectly", "was amazing",
            "is great value", "exceeded my expectations", "was lovely"};
    static final String[] BAD = {"was awful", "is terrible", "was a disaster", "broke immediately", "was disgusting",
            "is a waste of money", "was a huge disappointment", "was horrible"};

    /** Generated reviews: the label is whether the predicate came from the positive list. */
    static Frame reviews(int n, long seed, int[] labels) {
        Random r = new Random(seed);
        String[] text = new String[n];
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextBoolean();
            labels[i] = pos ? 1 : 0;
            String[] pred = pos ? GOOD : BAD;
            text[i] = SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + pred[r.nextInt(pred.length)] + ".";
        }
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] == 1 ? "pos" : "neg";
        }
        return Frame.of(StringColumn.of("review", text), StringColumn.of("sentiment", y));
    }

    static TextClassifier train(Frame f) {
        return new TextClassifierTrainer(encoder).fit(new TrainingSet(f, List.of("review"),
                Labels.fromColumn(f, "sentiment", "pos"), null, 7));
    }

    @Test
    void learnsGeneratedSentimentAndGeneralizesToUnseenSentences() {
        int[] yTrain = new int[200];
        TextClassifier m = train(reviews(200, 1, yTrain));
        // unseen wording of both polarities, never in the training lists
        List<String> pos = List.of("The pasta was fantastic.", "I really love this camera.", "Superb acting throughout.");
        List<String> neg = List.of("The pasta was inedible.", "I really regret buying this camera.", "Dreadful acting throughout.");
        List<String> all = new ArrayList<>(pos);
        all.addAll(neg);
        double[] p = m.predictTexts(all).column(1);
        for (int i = 0; i < 3; i++) {
            assertThat(p[i]).as(all.get(i)).isGreaterThan(0.5);
            assertThat(p[3 + i]).as(all.get(3 + i)).isLessThan(0.5);
        }
        int[] yTest = new int[100];
        Frame test = reviews(100, 2, yTest);
        double[] pred = m.predict(test);
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == yTest[i] ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(97);
        assertThat(m.info().classes()).containsExactly("not pos", "pos");
    }

    @Test
    void savesAndLoadsWithTheEncodersIdentityInItsProvenance(@TempDir Path dir) {
        int[] y = new int[60];
        Frame f = reviews(60, 3, y);
        TextClassifier m = train(f);
        Path file = dir.resolve("text.model.json");
        ModelFiles.save(m, file);
        Model back = ModelFiles.load(file, null);
        assertThat(back).isInstanceOf(TextClassifier.class);
        Probabilities a = m.predictProba(f);
        Probabilities b = back.predictProba(f);
        assertThat(b.values()).containsExactly(a.values());
        assertThat(back.provenance().parameters()).containsEntry("encoder_model_sha256", encoder.identity().modelSha256())
                .containsEntry("encoder_tokenizer_sha256", encoder.identity().tokenizerSha256())
                .containsEntry("encoder", "sentence-transformers/all-MiniLM-L6-v2");
        assertThat(back.provenance().data().sha256()).isEqualTo(m.provenance().data().sha256());
        assertThat(((TextClassifier) back).encoderIdentity()).isEqualTo(encoder.identity());
    }

    @Test
    void trainingIsDeterministic() {
        int[] y = new int[40];
        Frame f = reviews(40, 4, y);
        assertThat(train(f).predictProba(f).values()).containsExactly(train(f).predictProba(f).values());
    }

    @Test
    void aModelFromAnotherEncoderIsRefused() {
        int[] y = new int[30];
        Frame f = reviews(30, 5, y);
        TextClassifier m = train(f);
        SentenceEncoder.Identity other = new SentenceEncoder.Identity(m.encoderIdentity().name(), "0".repeat(64),
                m.encoderIdentity().tokenizerSha256(), 256, "mean+l2");
        TextClassifier foreign = new TextClassifier(m.info(), other, m.head(), m.provenance());
        assertThatThrownBy(() -> foreign.predictProba(f)).isInstanceOf(InputException.class)
                .hasMessageContaining("0".repeat(64)).hasMessageContaining(encoder.identity().modelSha256());
    }

    @Test
    void refusesNonTextOrSeveralColumns() {
        int[] y = new int[10];
        Frame f = reviews(10, 6, y);
        TextClassifierTrainer t = new TextClassifierTrainer(encoder);
        Labels labels = Labels.fromColumn(f, "sentiment", "pos");
        assertThatThrownBy(() -> t.fit(new TrainingSet(f, List.of("review", "sentiment"), labels, null, 1)))
                .isInstanceOf(InputException.class).hasMessageContaining("exactly one text column");
    }
}
