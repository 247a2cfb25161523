package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** train, evaluate and mitigate end to end on the bundled German credit data (1,000 rows). */
class ModelCommandsTest {
    static final String[] GERMAN = {"--data", "german", "--label", "credit", "--positive", "good"};

    static String[] args(String command, String[] common, String... more) {
        String[] out = new String[1 + common.length + more.length];
        out[0] = command;
        System.arraycopy(common, 0, out, 1, common.length);
        System.arraycopy(more, 0, out, 1 + common.length, more.length);
        return out;
    }

    @Test
    void trainSavesAModelThatEvaluateReadsBack(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.json");
        Cli train = Cli.run(args("train", GERMAN, "--drop", "personal_status_sex", "--out", model.toString(), "--no-progress"));
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("precision", "ROC AUC", "confusion matrix", "model saved to");
        assertThat(train.err()).contains("warning: the model reads age, foreign_worker, sex, age_group: prohibited bases");
        Cli quiet = Cli.run(args("train", GERMAN, "--drop", "personal_status_sex", "--prohibited", "none", "--no-progress"));
        assertThat(quiet.err()).doesNotContain("prohibited");
        JsonNode file = new ObjectMapper().readTree(model.toFile());
        assertThat(file.path("format").asText()).isEqualTo("probity.model/v1");
        assertThat(file.path("provenance").path("data").path("sha256").asText()).hasSize(64);
        assertThat(file.path("provenance").path("step").asText()).isEqualTo("train");
        assertThat(file.path("provenance").path("seed").asLong()).isEqualTo(42);

        Path html = dir.resolve("eval.html");
        Cli eval = Cli.run("evaluate", "--model", model.toString(), "--data", "german", "--label", "credit", "--json", "-",
                "--html", html.toString(), "--no-progress");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(eval.out()).path("reports").get(0);
        double trainAccuracy = file.path("evaluation").path("train").path("accuracy").asDouble();
        assertThat(report.path("accuracy").asDouble()).isEqualTo(trainAccuracy);
        assertThat(Files.readString(html)).contains("<canvas", "Confusion matrix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reweighing", "uniform-resampling", "preferential-resampling", "massaging", "disparate-impact-remover",
        "correlation-remover", "exponentiated-gradient", "grid-search", "prejudice-remover", "adversarial-debiasing",
        "threshold-optimizer", "equalized-odds-postprocessing", "calibrated-equalized-odds", "reject-option"})
    void everyMethodRunsAndReportsBeforeAndAfter(String method, @TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Path out = dir.resolve("p.csv");
        Cli r = Cli.run(args("mitigate", GERMAN, "--protected", "sex", "--method", method, "--report", report.toString(),
                "--html", html.toString(), "--out", out.toString(), "--no-progress"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sex: demographic_parity_difference");
        JsonNode doc = new ObjectMapper().readTree(report.toFile());
        assertThat(doc.path("schema").asText()).isEqualTo("probity.mitigation/v1");
        assertThat(doc.path("before").path("schema").asText()).isEqualTo("probity.audit/v1");
        assertThat(doc.path("after").path("schema").asText()).isEqualTo("probity.audit/v1");
        assertThat(Files.readAllLines(out)).hasSize(1001);
        assertThat(Files.readString(html)).contains("Mitigation: " + method);
    }

    @Test
    void mitigationIsReproducible(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        for (Path p : new Path[] {a, b}) {
            assertThat(Cli.run(args("mitigate", GERMAN, "--protected", "sex,age_group", "--method", "exponentiated-gradient",
                    "--constraint", "equalized-odds", "--out", p.toString(), "--no-progress")).code()).isZero();
        }
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readString(a)).contains("female & 25 or under");
    }

    @Test
    void badInputsGetClearErrorsAndExitCode2(@TempDir Path dir) throws Exception {
        Cli missing = Cli.run(args("mitigate", GERMAN, "--protected", "gender", "--method", "reweighing", "--no-progress"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("protected attribute", "gender");

        Cli unsupported = Cli.run(args("mitigate", GERMAN, "--protected", "sex", "--method", "threshold-optimizer",
                "--constraint", "error-rate-parity", "--no-progress"));
        assertThat(unsupported.code()).isEqualTo(2);
        assertThat(unsupported.err()).contains("error-rate-parity", "exponentiated-gradient");

        Cli method = Cli.run(args("mitigate", GERMAN, "--protected", "sex", "--method", "magic", "--no-progress"));
        assertThat(method.code()).isEqualTo(2);
        assertThat(method.err()).contains("unknown --method 'magic'");

        Cli weight = Cli.run(args("mitigate", GERMAN, "--protected", "sex", "--method", "adversarial-debiasing",
                "--adversary-weight", "-1", "--no-progress"));
        assertThat(weight.code()).isEqualTo(2);
        assertThat(weight.err()).contains("the adversary weight (--adversary-weight) must be a finite number of at least 0, got -1.0");

        Cli noSuchPositive = Cli.run("mitigate", "--data", "german", "--label", "credit", "--positive", "excellent",
                "--protected", "sex", "--method", "reweighing", "--no-progress");
        assertThat(noSuchPositive.code()).isEqualTo(2);
        assertThat(noSuchPositive.err()).contains("the positive value 'excellent' does not occur in the label 'credit'");

        Path model = dir.resolve("m.json");
        assertThat(Cli.run(args("train", GERMAN, "--out", model.toString(), "--no-progress")).code()).isZero();
        Cli mismatch = Cli.run("evaluate", "--model", model.toString(), "--data", "compas", "--label", "two_year_recid", "--no-progress");
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err()).contains("the model reads column", "checking_status");

    }

    /** A post-processed model saves like any other; evaluate and explain then use it with the protected attribute. */
    @Test
    void postProcessedModelsSaveAndLoad(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("to.json");
        Path csv = dir.resolve("p.csv");
        Cli mitigate = Cli.run(args("mitigate", GERMAN, "--protected", "sex", "--method", "threshold-optimizer",
                "--model-out", model.toString(), "--out", csv.toString(), "--no-progress"));
        assertThat(mitigate.code()).as(mitigate.err()).isZero();
        JsonNode file = new ObjectMapper().readTree(model.toFile());
        assertThat(file.path("kind").asText()).isEqualTo("group-thresholds");
        assertThat(file.path("provenance").path("step").asText()).isEqualTo("mitigate");
        assertThat(file.path("base").path("provenance").path("step").asText()).isEqualTo("train");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("row,group,prediction_before,prediction_after,probability_after");
        Cli eval = Cli.run("evaluate", "--model", model.toString(), "--data", "german", "--label", "credit", "--positive", "good",
                "--json", "-", "--no-progress");
        assertThat(eval.code()).as(eval.err()).isZero();
    }
}
