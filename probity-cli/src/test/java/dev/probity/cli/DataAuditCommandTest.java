package dev.probity.cli;

import dev.probity.fairness.data.DataAuditResult;
import dev.probity.report.json.DataAuditJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataAuditCommandTest {
    static final String POPULATION = Cli.repo().resolve("data/reference/us-census-1990.csv").toString();

    @Test
    void adultAgainstTheCensusWritesEveryReportAndReadsBack(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("d.json");
        Path html = dir.resolve("d.html");
        Cli r = Cli.run("data-audit", "--data", "adult", "--protected", "sex,race", "--label", "income", "--positive", ">50K",
                "--population", POPULATION, "--json", json.toString(), "--html", html.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Female", "UNDER", "relationship", "strong", "Findings");
        byte[] bytes = Files.readAllBytes(json);
        DataAuditResult back = DataAuditJson.read(bytes, "d.json");
        assertThat(DataAuditJson.toString(back)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(back.proxies("sex").features().get(0).feature()).isEqualTo("relationship");
        assertThat(back.representation("sex").group("Female").status()).isEqualTo("under");
        assertThat(back.proxies("sex").joint().algorithm()).isEqualTo("logistic");
        String page = Files.readString(html);
        assertThat(page).contains("Data bias report", "relationship", "under-represented", "U.S. Census Bureau");
        // a report of the same data with the same seed is the same bytes
        Path again = dir.resolve("again.json");
        Cli.run("data-audit", "--data", "adult", "--protected", "sex,race", "--label", "income", "--positive", ">50K",
                "--population", POPULATION, "--json", again.toString(), "-q", "--no-progress");
        assertThat(Files.readAllBytes(again)).isEqualTo(bytes);
    }

    @Test
    void aBrokenRuleExitsOneAndAnUncheckableRuleDoesNotPass(@TempDir Path dir) {
        Cli r = Cli.run("data-audit", "--data", "adult", "--protected", "sex", "--population", POPULATION, "--proxy-model", "none",
                "--fail-on", "representation<0.8", "--fail-on", "proxy_auc>0.95", "-q", "--no-progress");
        assertThat(r.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("rule broken: representation<0.8 — Female (sex)");
        Cli u = Cli.run("data-audit", "--data", "adult", "--protected", "sex", "--fail-on", "base_rate_difference>0.1", "--proxy-model",
                "none", "--no-progress");
        assertThat(u.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(u.out()).contains("RULE BROKEN: base_rate_difference>0.1 — cannot be checked: no label was given");
    }

    @Test
    void rebalancingWritesTheDataAndItsProvenance(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("balanced.csv");
        Cli r = Cli.run("data-audit", "--data", "adult", "--protected", "sex", "--label", "income", "--positive", ">50K", "--population", POPULATION,
                "--proxy-model", "none", "--rebalance", "under", "--out", out.toString(), "--seed", "3", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Rebalanced (under, population shares of sex): Male 21,790, Female 10,771 -> Male 10,244, Female 10,771 rows; no row duplicated");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 10_244 + 10_771);
        assertThat(lines.stream().filter(l -> l.contains(",Female,")).count()).isEqualTo(10_771);
        String prov = Files.readString(Path.of(out + ".provenance.json"));
        assertThat(prov).contains("\"schema\" : \"probity.rebalance/v1\"", "\"mode\" : \"under\"", "\"rows\" : 21015", "\"seed\" : 3",
                "\"source\" : \"adult.data\"");
        // the rebalanced data report what they were asked to: 51.3% women
        Cli again = Cli.run("data-audit", "--data", out.toString(), "--protected", "sex", "--population", POPULATION, "--proxy-model", "none",
                "--fail-on", "representation<0.99", "-q", "--no-progress");
        assertThat(again.code()).as(again.err()).isZero();
    }

    @Test
    void mistakesAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.csv"), "g,y\na,1\nb,0\na,0\nb,1\n");
        Cli r = Cli.run("data-audit", "--data", data.toString(), "--protected", "g", "--rebalance", "under", "--out", data.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--out");
        assertThat(Files.readString(data)).isEqualTo("g,y\na,1\nb,0\na,0\nb,1\n");
        Cli noOut = Cli.run("data-audit", "--data", data.toString(), "--protected", "g", "--rebalance", "under");
        assertThat(noOut.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noOut.err()).contains("--rebalance needs --out FILE");
        Cli rule = Cli.run("data-audit", "--data", data.toString(), "--protected", "g", "--fail-on", "proxy_auc<0.5");
        assertThat(rule.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(rule.err()).contains("--fail-on");
        Cli col = Cli.run("data-audit", "--data", data.toString(), "--protected", "sex");
        assertThat(col.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(col.err()).contains("'sex'");
        Path pop = Files.writeString(dir.resolve("pop.csv"), "attribute,group,share\ng,a,x\n");
        Cli badPop = Cli.run("data-audit", "--data", data.toString(), "--protected", "g", "--population", pop.toString());
        assertThat(badPop.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badPop.err()).contains("line 2", "'x' is not a number");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("d.csv", "pop.csv");
        }
    }

    @Test
    void theReportGoesToStandardOutputAsJson() {
        Cli r = Cli.run("data-audit", "--data", "compas", "--protected", "race", "--label", "two_year_recid", "--proxy-model", "none",
                "--json", "-", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{").contains("\"schema\" : \"probity.data-audit/v1\"");
    }
}
