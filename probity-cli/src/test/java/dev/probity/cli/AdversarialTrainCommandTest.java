package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AdversarialTrainCommandTest {
    @Test
    void robustAccuracyBeforeAndAfterIsReportedAndRecorded(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("robust.json");
        Cli ok = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--features", "age,education_num,capital_gain,hours_per_week",
                "--adversarial", "0.3", "--test", "adult-test", "--out", out.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Adversarial training, ε = 0.3 standard deviations (l2), 3 rounds; on 16,281 held-out rows (--test)",
                "robust accuracy  0.7096", "always answering the commoner class scores 0.7638", "exact distance to the boundary");
        JsonNode m = new ObjectMapper().readTree(Files.readString(out)).get("evaluation");
        assertThat(m.toString()).contains("robust_accuracy_after");
        // without held-out rows the output says the rows are the training rows
        Cli train = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--features", "age,education,hours_per_week",
                "--adversarial", "0.3", "--adversarial-rounds", "1", "-q");
        assertThat(train.code()).as(train.err()).isZero();
        Cli shown = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--features", "age,education,hours_per_week",
                "--adversarial", "0.3", "--adversarial-rounds", "1");
        assertThat(shown.out()).contains("training rows — no --test or --validation was given", "features held fixed (worst cases change numbers only): education");
    }

    @Test
    void misusedOptionsAreRefused() {
        Cli xgb = Cli.run("train", "--data", "adult", "--label", "income", "--model", "xgboost", "--adversarial", "0.3");
        assertThat(xgb.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(xgb.err()).contains("--adversarial needs --model logistic");
        Cli stray = Cli.run("train", "--data", "adult", "--label", "income", "--immutable", "age");
        assertThat(stray.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stray.err()).contains("--immutable tunes adversarial training: add --adversarial EPS");
        Cli label = Cli.run("train", "--data", "adult", "--label", "income", "--features", "age,hours_per_week", "--adversarial", "0.3",
                "--immutable", "income");
        assertThat(label.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(label.err()).contains("--immutable income: not a feature of the model");
        Cli all = Cli.run("train", "--data", "adult", "--label", "income", "--features", "age,hours_per_week", "--adversarial", "0.3",
                "--immutable", "age,hours_per_week");
        assertThat(all.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(all.err()).contains("nothing to move");
    }
}
