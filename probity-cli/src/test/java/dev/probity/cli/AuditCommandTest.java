package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AuditCommandTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String COMPAS = "data/compas/compas-scores-two-years-extract.csv";

    @Test
    void auditsCompasFromTheRepositoryFileAndWritesBothReports(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("a.json");
        Path html = dir.resolve("a.html");
        Cli r = Cli.run("audit", "--data", Cli.repo().resolve(COMPAS).toString(), "--label", "two_year_recid",
                "--prediction", "decile_score >= 5", "--protected", "race", "--reference", "Caucasian",
                "--json", json.toString(), "--html", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("repeats the name 'decile_score'");
        assertThat(r.out()).contains("African-American").contains("44.8%").contains("HTML report:");
        JsonNode doc = MAPPER.readTree(json.toFile());
        JsonNode aa = doc.get("attributes").get(0).get("groups").get(0);
        assertThat(aa.get("metrics").get("fpr").asDouble()).isCloseTo(0.4485, within(0.00005));
        assertThat(aa.get("metrics").get("fnr").asDouble()).isCloseTo(0.2799, within(0.00005));
        assertThat(Files.readString(html)).contains("<!doctype html>");
    }

    @Test
    void propublicaPresetKeeps6172Rows() throws Exception {
        Cli r = Cli.run("audit", "--data", "compas", "--preset", "propublica", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = MAPPER.readTree(r.out());
        assertThat(doc.get("rows").asLong()).isEqualTo(6172);
        assertThat(doc.get("input").get("rows_read").asLong()).isEqualTo(7214);
    }

    @Test
    void sqlEngineGivesTheSameNumbers(@TempDir Path dir) throws Exception {
        String[] common = {"--data", Cli.repo().resolve(COMPAS).toString(), "--label", "two_year_recid", "--prediction",
            "decile_score >= 5", "--protected", "race,sex", "--intersections", "--json", "-", "--where",
            "days_b_screening_arrest BETWEEN -30 AND 30 AND is_recid <> -1 AND c_charge_degree <> 'O' AND score_text <> 'N/A'"};
        Cli mem = Cli.run(concat(new String[] {"audit", "--engine", "memory"}, common));
        Cli sql = Cli.run(concat(new String[] {"audit", "--engine", "duckdb"}, common));
        assertThat(mem.code()).as(mem.err()).isZero();
        assertThat(sql.code()).as(sql.err()).isZero();
        JsonNode a = MAPPER.readTree(mem.out());
        JsonNode b = MAPPER.readTree(sql.out());
        assertThat(b.get("input").get("engine").asText()).isEqualTo("duckdb");
        assertThat(b.get("attributes")).isEqualTo(a.get("attributes"));
        assertThat(b.get("rows")).isEqualTo(a.get("rows"));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void failOnRulesExitWithOneWhenBroken() {
        Cli broken = Cli.run("audit", "--data", "compas", "--fail-on", "four-fifths", "--fail-on", "fpr_ratio>1.5", "-q");
        assertThat(broken.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(broken.err()).contains("rule broken: four-fifths").contains("race=African-American");
        Cli passing = Cli.run("audit", "--data", "compas", "--fail-on", "demographic_parity_difference>0.99", "-q");
        assertThat(passing.code()).as(passing.err()).isZero();
    }

    @Test
    void helpTeachesWithExamples() {
        Cli r = Cli.run("audit", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:").contains("--prediction 'decile_score >= 5'").contains("--fail-on")
                .contains("Exit status");
        assertThat(Cli.run("--help").out()).contains("audit").contains("demo").contains("datasets");
        assertThat(Cli.run("--version").out()).contains("probity 0.1.0");
    }

    @Test
    void datasetsAreListed() throws Exception {
        Cli r = Cli.run("datasets");
        assertThat(r.out()).contains("compas").contains("7,214 rows").contains("preset propublica").contains("german");
        JsonNode doc = MAPPER.readTree(Cli.run("datasets", "--json").out());
        assertThat(doc).hasSize(5);
        assertThat(doc.get(4).get("name").asText()).isEqualTo("hiring-ranking");
        assertThat(doc.get(0).get("rows").asInt()).isEqualTo(7214);
    }

    @Test
    void demoWritesItsReports(@TempDir Path dir) {
        Cli r = Cli.run("demo", "--out", dir.toString(), "--bootstrap", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("HTML report:").contains("African-American");
        assertThat(dir.resolve("compas-audit.html")).exists();
        assertThat(dir.resolve("compas-audit.json")).exists();
    }

    /** Issue 9: the demo showed {@code Asian & Female 0.00 [0.00–0.00]} (n = 2) and unlabelled adjusted p-values. */
    @Test
    void theDemoShowsNoPointAsAnIntervalAndSaysWhatIsAdjusted(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("demo", "--out", dir.toString(), "--bootstrap", "200");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("[0.00–0.00]").doesNotContain("[1.00–1.00]")
                .contains("not adjusted for multiple comparisons")
                .contains("Holm-adjusted p")
                .contains("[no CI]").contains("ᵃ Katz log interval")
                .contains("these summaries are set by groups under 30 rows: Asian & Female (2 rows)");
        String html = Files.readString(dir.resolve("compas-audit.html"));
        assertThat(html).contains("the intervals are not adjusted for multiple comparisons").contains("adj. p")
                .contains("bootstrap interval withheld: &#39;Asian &amp; Female&#39; has 2 rows");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("compas-audit.json").toFile());
        assertThat(json.path("settings").path("interval_adjustment").asText()).isEqualTo("none");
    }
}
