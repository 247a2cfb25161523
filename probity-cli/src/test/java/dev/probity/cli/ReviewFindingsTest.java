package dev.probity.cli;

import dev.probity.core.stats.Interval;
import dev.probity.report.text.AuditTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a hostile review of the issue 9 fixes still found, each pinned. */
class ReviewFindingsTest {

    @Test
    void theSqlEngineNamesColumnsTextAndEncodingsAsTheOtherDoes(@TempDir Path dir) throws Exception {
        Path grp = Files.writeString(dir.resolve("grp.csv"), "group,label,prediction\na,1,1\nb,0,1\nc,1,0\na,0,0\nb,1,1\nc,0,1\n");
        Cli unknown = Cli.run("audit", "--engine", "duckdb", "--data", grp.toString(), "--label", "label", "--prediction",
                "group = \"a\"", "--protected", "group", "--min-group-rows", "1", "-q");
        assertThat(unknown.err()).contains("no column 'a' in grp.csv; columns are: group, label, prediction").doesNotContain("Binder");
        Path txt = Files.writeString(dir.resolve("txt.csv"), "y,p,g,score\n1,1,a,0.5\n0,0,a,0.2\n1,0,b,abc\n0,1,b,0.3\n");
        Cli text = Cli.run("audit", "--engine", "duckdb", "--data", txt.toString(), "--label", "y", "--protected", "g", "--score",
                "score", "--threshold", "0.5", "--min-group-rows", "1", "-q");
        assertThat(text.err()).contains("the column 'score' holds the text 'abc' where a number is needed").doesNotContain("Conversion Error");
        Cli memory = Cli.run("audit", "--data", txt.toString(), "--label", "y", "--protected", "g", "--score", "score", "--threshold",
                "0.5", "--min-group-rows", "1", "-q");
        assertThat(memory.err()).contains("line 4 of txt.csv holds the text 'abc'");
        byte[] body = Files.readAllBytes(grp);
        byte[] utf16 = new String(body, java.nio.charset.StandardCharsets.UTF_8).getBytes(java.nio.charset.StandardCharsets.UTF_16);
        Path wide = Files.write(dir.resolve("wide.csv"), utf16);
        Cli sql = Cli.run("audit", "--engine", "duckdb", "--data", wide.toString(), "--label", "label", "--prediction", "prediction",
                "--protected", "group", "--min-group-rows", "1", "-q");
        assertThat(sql.err()).contains("is UTF-16 text (by its byte-order mark); the SQL engine reads UTF-8 only");
    }

    @Test
    void impossibleSettingsAreRefused(@TempDir Path dir) {
        Cli alpha = Cli.run("audit", "--data", "compas", "--protected", "race", "--ge-alpha", "NaN", "-q");
        assertThat(alpha.err()).contains("needs a finite α");
        Cli size = Cli.run("audit", "--data", "compas", "--protected", "race", "--min-group-size", "-1", "-q");
        assertThat(size.err()).contains("the small-group threshold must be at least 1");
        Cli skip = Cli.run("audit", "--data", "compas", "--protected", "race", "--skip-lines", "-1", "-q");
        assertThat(skip.err()).contains("the lines to skip (--skip-lines) cannot be negative");
        Cli demo = Cli.run("demo", "--out", "-", "--bootstrap", "10");
        assertThat(demo.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(demo.err()).contains("standard output ('-') is not one");
        assertThat(Files.exists(Path.of("-"))).isFalse();
        Cli rows = Cli.run("mitigate", "--data", "german", "--label", "credit", "--positive", "good", "--protected", "sex",
                "--method", "reweighing", "-o", dir.resolve("p.csv").toString());
        assertThat(rows.code()).as("-o is train's model file; mitigate has no -o").isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void fewReplicatesAndOddLevelsAreSaidAsTheyAre() {
        Cli r = Cli.run("audit", "--data", "compas", "--protected", "race", "--bootstrap", "2", "--confidence", "0.999");
        assertThat(r.err()).contains("2 bootstrap replicates leave no replicates beyond each end of the 99.9% percentile intervals");
        assertThat(r.out()).contains("[99.9% interval").doesNotContain("100% interval");
        assertThat(Interval.percent(0.95)).isEqualTo("95%");
        assertThat(Interval.percent(0.999)).isEqualTo("99.9%");
    }

    @Test
    void aRatioAtTheBandsEdgeShowsWhichSideItIsOn() {
        assertThat(AuditTable.ratioNumber(1.2503, 0.8)).isEqualTo("1.250");
        assertThat(AuditTable.ratioNumber(1.2497, 0.8)).isEqualTo("1.250");
        assertThat(AuditTable.ratioNumber(1.3, 0.8)).isEqualTo("1.30");
        assertThat(AuditTable.ratioNumber(0.7996, 0.8)).isEqualTo("0.800");
    }

    /** A 0/1 prediction that is never 1 (a model that never decides positive) is binary, not a typo in --positive. */
    @Test
    void aModelThatNeverPredictsPositiveCanStillBeAudited(@TempDir Path dir) throws Exception {
        Path s = Files.writeString(dir.resolve("s.csv"), "x,y,g\n1,1,a\n2,0,b\n3,1,a\n4,0,b\n5,1,a\n6,0,b\n7,0,a\n8,1,b\n");
        Cli r = Cli.run("mitigate", "--data", s.toString(), "--label", "y", "--positive", "1", "--protected", "g",
                "--method", "equalized-odds-postprocessing", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("probity_prediction");
        Path none = Files.writeString(dir.resolve("none.csv"), "y,p,g\n1,0,a\n0,0,b\n1,0,a\n0,0,b\n");
        for (String engine : new String[] {"memory", "duckdb"}) {
            Cli a = Cli.run("audit", "--engine", engine, "--data", none.toString(), "--label", "y", "--prediction", "p",
                    "--prediction-positive", "1", "--protected", "g", "--min-group-rows", "1", "-q");
            assertThat(a.code()).as(engine + ": " + a.err()).isZero();
        }
    }
}
