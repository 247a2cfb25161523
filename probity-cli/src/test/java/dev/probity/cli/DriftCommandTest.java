package dev.probity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCommandTest {
    @Test
    void adultAgainstItsTestFile(@TempDir Path dir) throws Exception {
        Cli ok = Cli.run("drift", "--reference", "adult", "--current", "adult-test");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("0 of 15 columns drifted", "age             numerical    wasserstein", "Data quality",
                "fnlwgt: 1 current value outside the reference's range");
        Path json = dir.resolve("d.json");
        Cli j = Cli.run("drift", "--reference", "adult", "--current", "adult-test", "--test", "ks", "--columns", "age,sex", "--json", json.toString());
        assertThat(j.code()).as(j.err()).isZero();
        String text = Files.readString(json);
        assertThat(text).contains("\"schema\" : \"probity.drift/v1\"", "\"test\" : \"ks\"", "\"quality\"", "\"skipped\" : [ {")
                .contains("a categorical column; ks needs numbers");
        Cli gate = Cli.run("drift", "--reference", "adult", "--current", "adult-test", "--test", "psi", "--threshold", "0.001", "--drift-share", "0.4",
                "--fail-on-drift", "-q");
        assertThat(gate.code()).isEqualTo(ExitCode.RULE_BROKEN);
        Cli badTest = Cli.run("drift", "--reference", "adult", "--current", "adult-test", "--test", "t-test");
        assertThat(badTest.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTest.err()).contains("unknown drift test 't-test'");
        Cli none = Cli.run("drift", "--reference", "adult", "--current", dir.resolve("nope.csv").toString());
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        Path csv = Files.writeString(dir.resolve("r.csv"), "a,b\n1,x\n2,y\n3,x\n");
        Cli same = Cli.run("drift", "--reference", csv.toString(), "--current", csv.toString(), "--json", csv.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(csv)).startsWith("a,b\n"); // an input is never overwritten
    }
}
