package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {
    @Test
    void aLogisticModelOnAdultIsScannedAndGated(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("lr.json");
        Cli train = Cli.run("train", "--data", "adult", "--label", "income", "--drop", "fnlwgt", "-o", model.toString(), "-q");
        assertThat(train.code()).as(train.err()).isZero();
        Path json = dir.resolve("scan.json");
        Cli scan = Cli.run("scan", "--model", model.toString(), "--data", "adult-test", "--label", "income", "--protected", "sex",
                "--sample-rows", "2000", "--attack-rows", "40", "--json", json.toString(), "--html", dir.resolve("scan.html").toString());
        assertThat(scan.code()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("Scan — logistic model on adult.test", "Perturbation — 2000 rows", "Adversarial — linear-exact (l2, exact) on 40 rows",
                "Causal discrimination — 'sex'", "Slices where the model errs most (SliceLine)");
        JsonNode d = new ObjectMapper().readTree(Files.readString(json));
        assertThat(d.get("schema").asText()).isEqualTo("probity.scan/v1");
        assertThat(Files.readString(dir.resolve("scan.html"))).contains("logistic on adult.test", "id=\"perturbation\"", "schema probity.scan/v1");
        assertThat(d.get("causalDiscrimination").get(0).get("inputs").asInt()).isEqualTo(2000);
        assertThat(d.get("robustness").get("curve")).hasSize(7);
        assertThat(d.get("summary").get("major").asInt()).isPositive();
        // sex is protected: no perturbation or attack changes it
        for (JsonNode c : d.get("perturbation").get("checks")) {
            assertThat(c.get("feature").asText()).isNotEqualTo("sex");
        }
        Cli gate = Cli.run("scan", "--model", model.toString(), "--data", "adult-test", "--protected", "sex", "--sample-rows", "500",
                "--attack-rows", "0", "--fail-on", "major", "-q");
        assertThat(gate.code()).as(gate.err()).isEqualTo(ExitCode.RULE_BROKEN);
        Cli badLevel = Cli.run("scan", "--model", model.toString(), "--data", "adult-test", "--fail-on", "severe");
        assertThat(badLevel.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badLevel.err()).contains("major, medium or minor");
        Cli badColumn = Cli.run("scan", "--model", model.toString(), "--data", "adult-test", "--protected", "gender", "-q");
        assertThat(badColumn.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badColumn.err()).contains("gender");
        Cli over = Cli.run("scan", "--model", model.toString(), "--data", "adult-test", "--json", model.toString());
        assertThat(over.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(model)).contains("probity.model/v1"); // the model is never overwritten
    }
}
