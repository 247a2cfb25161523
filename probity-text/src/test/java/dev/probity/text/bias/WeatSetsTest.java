package dev.probity.text.bias;

import dev.probity.core.InputException;
import dev.probity.text.encode.Encoders;
import dev.probity.text.encode.SentenceEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sets file of the association tests, and the test on the encoder from it. */
class WeatSetsTest {
    @Test
    void readsFourSetsAndRunsTheTestAsTheLibraryDoes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sets.txt");
        Files.writeString(f, "# flowers and insects\nX flowers: rose, tulip, daisy\nY insects: wasp, flea, tick\n\n"
                + "A pleasant: love, peace, joy\nB unpleasant: hatred, war, agony\n");
        WeatSets s = WeatSets.read(f);
        assertThat(s.names()).containsExactly("flowers", "insects", "pleasant", "unpleasant");
        assertThat(s.terms().get(0)).containsExactly("rose", "tulip", "daisy");
        SentenceEncoder e = Encoders.shared();
        WeatSets.Result r = s.run(e, false, 1);
        Weat direct = Weat.test(e.encode(List.of("rose", "tulip", "daisy")), e.encode(List.of("wasp", "flea", "tick")),
                e.encode(List.of("love", "peace", "joy")), e.encode(List.of("hatred", "war", "agony")), 1);
        assertThat(r.weat()).isEqualTo(direct);
        // 6 terms: C(6, 3) = 20 splits, counted exactly; flowers are the pleasant ones for any reasonable encoder
        assertThat(r.weat().exact()).isTrue();
        assertThat(r.weat().partitions()).isEqualTo(20);
        assertThat(r.weat().effectSize()).isGreaterThan(0);
        assertThat(r.summary()).contains("WEAT (terms alone)", "flowers vs insects", "exact, 20 partitions");
        assertThat(r.asMap()).containsEntry("test", "WEAT").containsKey("effect_size");
        WeatSets.Result seat = s.run(e, true, 1);
        assertThat(seat.summary()).startsWith("SEAT");
        // 3 terms × 8 templates a side: C(48, 24) splits, sampled with the seed
        assertThat(seat.weat().exact()).isFalse();
    }

    @Test
    void badFilesAreNamedWithTheirLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "X a: one, two\nY b: three\nA c: x\nB d: y\n");
        assertThatThrownBy(() -> WeatSets.read(f)).isInstanceOf(InputException.class).hasMessageContaining("equally large");
        Files.writeString(f, "X a: one\nY b: two\nA c: x\n");
        assertThatThrownBy(() -> WeatSets.read(f)).hasMessageContaining("no line for the set B");
        Files.writeString(f, "X a: one\nZ b: two\n");
        assertThatThrownBy(() -> WeatSets.read(f)).hasMessageContaining("line 2");
        Files.writeString(f, "X a: one\nX again: two\n");
        assertThatThrownBy(() -> WeatSets.read(f)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> WeatSets.read(dir.resolve("none.txt"))).hasMessageContaining("no file");
    }
}
