package dev.probity.cli;

import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.report.json.RankAuditJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RankCommandsTest {
    static final String[] HIRING = {"--data", "hiring-ranking", "--query", "job", "--position", "position", "--group", "gender",
        "--relevance", "qualification", "--protected-group", "woman", "--no-progress"};

    static String[] args(String command, String... more) {
        String[] a = new String[1 + HIRING.length + more.length];
        a[0] = command;
        System.arraycopy(HIRING, 0, a, 1, HIRING.length);
        System.arraycopy(more, 0, a, 1 + HIRING.length, more.length);
        return a;
    }

    @Test
    void thePlantedExposureGapIsDetected(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Cli r = Cli.run(args("rank-audit", "--json", json.toString(), "--html", html.toString(), "--fail-on", "exposure_ratio<0.9",
                "--fail-on", "fa-ir"));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(r.out()).contains("RULE BROKEN: exposure_ratio<0.9", "RULE BROKEN: fa-ir", "woman items get 80% of the exposure per item");
        byte[] bytes = Files.readAllBytes(json);
        RankAuditResult a = RankAuditJson.read(bytes, "r.json");
        assertThat(RankAuditJson.toString(a)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(a.measure("exposure_ratio").interval().high()).isLessThan(0.85);
        assertThat(a.fairStar().failedInterval().low()).isGreaterThan(0.3).isGreaterThan(a.fairStar().expectedFailure());
        assertThat(a.topShares().get(1).share().interval().high()).isLessThan(0.45); // women are half the items, a third of the top 10
        assertThat(Files.readString(html)).contains("Rank audit", "FA*IR ranked group fairness", "share of exposure");
    }

    @Test
    void faStarRemovesTheUnfairnessItDetectsAndDetGreedyTheExposureGap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fair.csv");
        Path json = dir.resolve("fair.json");
        Cli r = Cli.run(args("rerank", "--method", "fa-ir", "--min-proportion", "0.5", "--out", out.toString(), "--json", json.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("NDCG@10 (utility)", "FA*IR lists failing");
        String doc = Files.readString(json);
        assertThat(doc).contains("\"schema\" : \"probity.rerank/v1\"", "\"method\" : \"fa-ir\"");
        // every list now passes FA*IR's test at k = 10 where it has enough women
        Cli after = Cli.run("rank-audit", "--data", out.toString(), "--query", "job", "--position", "position", "--group", "gender",
                "--relevance", "qualification", "--protected-group", "woman", "--min-proportion", "0.5", "--fail-on", "fa-ir", "-q");
        assertThat(after.code()).as(after.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("job,item,gender,position,original_position,qualification");
        assertThat(lines).hasSize(20_001);

        // Geyik's DetGreedy: women are half of every top 10 (counts, not exposure: a man still wins each tie at the top)
        Path greedy = dir.resolve("greedy.csv");
        Cli g = Cli.run(args("rerank", "--method", "det-greedy", "--targets", "woman=0.5,man=0.5", "--out", greedy.toString(), "-q"));
        assertThat(g.code()).as(g.err()).isZero();
        Cli counts = Cli.run("rank-audit", "--data", greedy.toString(), "--query", "job", "--position", "position", "--group", "gender",
                "--protected-group", "woman", "--k", "10", "--json", "-");
        RankAuditResult ga = RankAuditJson.read(counts.out().getBytes(StandardCharsets.UTF_8), "stdout");
        assertThat(ga.topShares().get(0).share().value()).isEqualTo(0.5);
        // exposure parity by linear programming, on 20 of the lists (a 40-item LP takes about 0.1 s)
        Path lp = dir.resolve("lp.csv");
        Cli l = Cli.run(args("rerank", "--method", "exposure-lp", "--where", "job <= 'job020'", "--out", lp.toString(), "-q"));
        assertThat(l.code()).as(l.err()).isZero();
        Cli parity = Cli.run("rank-audit", "--data", lp.toString(), "--query", "job", "--position", "position", "--group", "gender",
                "--protected-group", "woman", "--fail-on", "exposure_ratio<0.95", "--fail-on", "exposure_ratio>1.05", "-q");
        assertThat(parity.code()).as(parity.err()).isZero();
    }

    @Test
    void compasAsOneRiskList() {
        Cli r = Cli.run("rank-audit", "--data", "compas", "--score", "decile_score", "--group", "race", "--protected-group",
                "African-American", "--position-bias", "geometric:0.1", "--k", "100,1000", "--fair-k", "100", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 list(s), 7,214 items", "position bias geometric:0.1", "top 100");
    }

    @Test
    void mistakesAreRefused(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("r.csv"), "q,pos,g\na,1,x\na,1,y\n");
        Cli dup = Cli.run("rank-audit", "--data", data.toString(), "--query", "q", "--position", "pos", "--group", "g", "--protected-group", "x");
        assertThat(dup.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(dup.err()).contains("two items at position 1");
        Cli none = Cli.run("rank-audit", "--data", data.toString(), "--group", "g", "--protected-group", "x");
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("--position COL");
        Cli who = Cli.run("rank-audit", "--data", data.toString(), "--score", "pos", "--group", "g", "--protected-group", "z");
        assertThat(who.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(who.err()).contains("'z' is in no list");
        Cli bias = Cli.run("rank-audit", "--data", data.toString(), "--score", "pos", "--group", "g", "--protected-group", "x",
                "--position-bias", "geometric:2");
        assertThat(bias.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bias.err()).contains("--position-bias");
        Cli method = Cli.run("rerank", "--data", data.toString(), "--score", "pos", "--group", "g", "--protected-group", "x",
                "--method", "magic", "--out", dir.resolve("o.csv").toString());
        assertThat(method.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(method.err()).contains("--method");
        Cli same = Cli.run("rerank", "--data", data.toString(), "--score", "pos", "--group", "g", "--protected-group", "x",
                "--method", "fa-ir", "--out", data.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(data)).isEqualTo("q,pos,g\na,1,x\na,1,y\n");
        assertThat(Datasets.exists("hiring-ranking")).isTrue();
    }

    @Test
    void recommendationsAreMeasuredAgainstEachUsersHistory(@TempDir Path dir) throws Exception {
        Path recs = Files.writeString(dir.resolve("recs.csv"), "user,rank,genre\nu,1,A\nu,2,C\nu,3,D\nv,1,A\nv,2,A\n");
        Path hist = Files.writeString(dir.resolve("history.csv"), "user,genre\nu,A\nu,A\nu,A\nu,C\nu,D\nu,D\nv,D\n");
        Cli r = Cli.run("rank-audit", "--data", recs.toString(), "--query", "user", "--position", "rank", "--group", "genre",
                "--protected-group", "C", "--history", hist.toString(), "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        RankAuditResult a = RankAuditJson.read(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
        // u: 0.0855 (Steck's measure by hand, see RankingMetricsTest); v: history all D, list all A: ln(1 / 0.01)
        assertThat(a.measure("miscalibration").value()).isCloseTo((0.0855496768 + Math.log(100)) / 2, org.assertj.core.api.Assertions.within(1e-9));
        Cli noQuery = Cli.run("rank-audit", "--data", recs.toString(), "--position", "rank", "--group", "genre", "--protected-group", "C",
                "--history", hist.toString());
        assertThat(noQuery.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noQuery.err()).contains("--history needs --query");
    }
}
