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
        Cli j = Cli.run("drift", "--reference", "adult", "--current", "adult-test", "--test", "ks", "--columns", "age,sex", "--json", json.toString(),
                "--html", dir.resolve("d.html").toString());
        assertThat(Files.readString(dir.resolve("d.html"))).contains("schema probity.drift/v1", "id=\"pvalues\"");
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

    @Test
    void columnsThatMoveTogetherAreFoundOnlyTogether(@TempDir Path dir) throws Exception {
        // the same margins on both sides; y follows x in the reference and runs against it in the current data
        StringBuilder ref = new StringBuilder("x,y\n");
        StringBuilder cur = new StringBuilder("x,y\n");
        dev.probity.core.stats.SplitMix64 r = new dev.probity.core.stats.SplitMix64(5);
        for (int i = 0; i < 600; i++) {
            double u = r.nextDouble();
            double v = r.nextDouble();
            ref.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f%n", u, Math.min(1, Math.max(0, u + 0.05 * (r.nextDouble() - 0.5)))));
            cur.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f%n", v, Math.min(1, Math.max(0, 1 - v + 0.05 * (r.nextDouble() - 0.5)))));
        }
        Path a = Files.writeString(dir.resolve("ref.csv"), ref);
        Path b = Files.writeString(dir.resolve("cur.csv"), cur);
        Cli columns = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--fail-on-drift");
        assertThat(columns.code()).as(columns.out() + columns.err()).isZero();
        assertThat(columns.out()).contains("0 of 2 columns drifted");
        Path json = dir.resolve("m.json");
        Cli together = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--multivariate", "--permutations", "99",
                "--fail-on-drift", "--json", json.toString());
        assertThat(together.code()).as(together.out() + together.err()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(together.out()).contains("Multivariate drift — 2 columns together (2 encoded features); the data MOVED",
                "p 0.0100 (permutation test, 99 relabellings", "domain classifier (xgboost, 5 folds, 600 and 600 rows)");
        assertThat(Files.readString(json)).contains("\"multivariate\" : {", "\"drift_score\"", "\"method\" : \"delong, by fold\"");
        Cli bad = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--multivariate", "--classifier", "forest");
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--classifier forest: use xgboost, logistic or none");
        Cli alone = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--classifier", "logistic");
        assertThat(alone.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(alone.err()).contains("--classifier sets the multivariate tests: add --multivariate");
        Cli big = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--multivariate", "--mmd-rows", "30000");
        assertThat(big.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(big.err()).contains("at most 5000 rows a side");
        // a test no column can take is refused, not reported as no drift; the multivariate tests still take every column
        Cli none = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--test", "fisher_exact");
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("no column could be tested");
        Cli few = Cli.run("drift", "--reference", a.toString(), "--current", b.toString(), "--multivariate", "--permutations", "5");
        assertThat(few.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(few.err()).contains("at least 19 permutations");
    }
}
