package dev.probity.models.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.model.Probabilities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The classification report against scikit-learn's {@code classification_report} (fixtures made by
 * {@code src/test/fixtures/make_classification_report.py} with Debian's python3-sklearn): every figure of
 * {@code output_dict=True}, and the {@code digits=4} text character for character.
 */
class ClassificationReportSklearnTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/classification-report");

    @ParameterizedTest
    @ValueSource(strings = {"binary", "multiclass", "never-predicted", "zero-support", "ties"})
    void equalsScikitLearn(String name) throws Exception {
        JsonNode expected = new ObjectMapper().readTree(DIR.resolve(name + ".json").toFile());
        List<String> classes = new ArrayList<>();
        expected.path("_classes").forEach(c -> classes.add(c.asText()));
        List<String> lines = Files.readAllLines(DIR.resolve(name + ".csv"));
        int n = lines.size() - 1;
        int k = classes.size();
        int[] truth = new int[n];
        double[] proba = new double[n * k];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            truth[i] = classes.indexOf(f[0]);
            proba[i * k + classes.indexOf(f[1])] = 1;
        }
        ClassificationReport r = ClassificationReport.of(name, classes, truth, new Probabilities(n, k, proba));
        for (ClassificationReport.ClassRow row : r.rows()) {
            check(row, expected.path(row.name()));
        }
        check(r.macro(), expected.path("macro avg"));
        check(r.weighted(), expected.path("weighted avg"));
        assertThat(r.accuracy()).isCloseTo(expected.path("accuracy").asDouble(), within(1e-12));
        assertThat(r.sklearnText()).isEqualTo(Files.readString(DIR.resolve(name + ".txt")));
        assertThat(r.toText()).startsWith(name + "\n" + Files.readString(DIR.resolve(name + ".txt")));
    }

    private static void check(ClassificationReport.ClassRow row, JsonNode e) {
        assertThat(e.isMissingNode()).as(row.name()).isFalse();
        assertThat(row.precision()).as(row.name()).isCloseTo(e.path("precision").asDouble(), within(1e-12));
        assertThat(row.recall()).as(row.name()).isCloseTo(e.path("recall").asDouble(), within(1e-12));
        assertThat(row.f1()).as(row.name()).isCloseTo(e.path("f1-score").asDouble(), within(1e-12));
        assertThat((double) row.support()).as(row.name()).isEqualTo(e.path("support").asDouble());
    }
}
