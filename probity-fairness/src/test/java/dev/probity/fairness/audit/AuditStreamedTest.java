package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit of a file read in chunks equals the audit of the file read whole (Audit.run): the same counts, warnings,
 * metrics, intervals, bootstrap and findings, for chunks from a few hundred bytes to the whole file.
 */
class AuditStreamedTest {
    static final Path COMPAS = Path.of("..", "data", "compas", "compas-scores-two-years-extract.csv");

    static void agree(Path file, ReadOptions options, AuditSpec spec, int... chunkSizes) {
        List<String> wholeWarnings = new ArrayList<>();
        Frame frame = DataReader.read(file, options.copy().warnings(wholeWarnings::add).columns(Audit.columnsNeeded(spec)));
        AuditResult whole = Audit.run(frame, spec, wholeWarnings::add);
        for (int size : chunkSizes) {
            List<String> warnings = new ArrayList<>();
            AuditResult streamed = Audit.streamed(file, options.copy().columns(Audit.columnsNeeded(spec)), spec, size, f -> f,
                    warnings::add);
            assertThat(whole.differenceFrom(streamed, 0)).as("chunks of %d bytes", size).isNull();
            assertThat(streamed.input().engine()).isEqualTo("memory");
            assertThat(streamed.input().source()).isEqualTo(file.getFileName().toString());
            assertThat(warnings).as("chunks of %d bytes", size).isEqualTo(wholeWarnings);
        }
    }

    @Test
    void compasWithTheProPublicaFilterADerivedColumnAndTheBootstrap() {
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("high_risk").score("decile_score").threshold(5.0)
                .protectedAttributes("race", "sex").derive("high_risk", "decile_score >= 5").where(Datasets.PROPUBLICA_FILTER)
                .bootstrap(200).seed(7).build();
        agree(COMPAS, ReadOptions.defaults(), spec, 700, 50_000, 1 << 20);
        AuditResult r = Audit.streamed(COMPAS, ReadOptions.defaults(), spec, 50_000, f -> f, w -> { });
        assertThat(r.input().rowsAfterFilter()).isEqualTo(6172);
        assertThat(r.attribute("race").group("African-American").metric("fpr").bootstrap()).isNotNull();
    }

    @Test
    void multiclassAndIntersections() {
        AuditSpec spec = AuditSpec.builder().label("score_text").prediction("age_cat").task(TaskKind.MULTICLASS)
                .protectedAttributes("race", "sex").intersections(true).minGroupSize(1).build();
        agree(COMPAS, ReadOptions.defaults(), spec, 4096, 1 << 22);
    }

    @Test
    void blankLinesAndDroppedRowsAreWarnedOfOnceAsForTheWholeFile(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("g,y,p\n");
        for (int i = 0; i < 4000; i++) {
            sb.append(i % 3 == 0 ? "a" : "b").append(',').append(i % 7 == 0 ? "" : String.valueOf(i % 2)).append(',')
                    .append(i % 5 == 0 ? 1 : 0).append('\n');
            if (i % 1000 == 999) {
                sb.append('\n');
            }
        }
        Path file = dir.resolve("t.csv");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").dropMissing(true).build();
        agree(file, ReadOptions.defaults(), spec, 100, 3000, 1 << 20);
    }

    @Test
    void whatOnlyTheWholeShowsIsRefusedAsTheWholeFileAuditRefusesIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("neg.csv");
        StringBuilder sb = new StringBuilder("g,y,p\n");
        for (int i = 0; i < 3000; i++) {
            sb.append(i % 2 == 0 ? "a" : "b").append(",no,").append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").positive("yes").protectedAttributes("g").build();
        assertThatThrownBy(() -> Audit.streamed(file, ReadOptions.defaults(), spec, 500, f -> f, w -> { }))
                .isInstanceOf(InputException.class).hasMessageContaining("'yes' does not occur in the label 'y'");
        Files.writeString(file, sb.append("a,maybe,no\n"), StandardCharsets.UTF_8);
        AuditSpec noPositive = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").build();
        assertThatThrownBy(() -> Audit.streamed(file, ReadOptions.defaults(), noPositive, 500, f -> f, w -> { }))
                .isInstanceOf(InputException.class).hasMessageContaining("say which value is positive");
    }

    @Test
    void aModelThatNeverDecidesPositiveIsAuditedAsTheWholeFileIs(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("g,y,p\n");
        for (int i = 0; i < 2000; i++) {
            sb.append(i % 2 == 0 ? "a" : "b").append(',').append(i % 3 == 0 ? 1 : 0).append(",0\n");
        }
        Path file = dir.resolve("never.csv");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").predictionPositive("1").protectedAttributes("g").build();
        agree(file, ReadOptions.defaults(), spec, 300, 1 << 20);
    }

    @Test
    void whatNeedsTheRowsIsNotStreamable() {
        assertThat(Audit.streamable(AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").build())).isTrue();
        assertThat(Audit.streamable(AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").weight("w").build()))
                .isFalse();
        assertThat(Audit.streamable(AuditSpec.builder().label("y").prediction("p").protectedAttributes("g")
                .task(TaskKind.REGRESSION).build())).isFalse();
        assertThat(Audit.streamable(AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").features(List.of("x")).build()))
                .isFalse();
    }
}
