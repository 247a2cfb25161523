package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrivacyCommandsTest {
    @Test
    void accountsAndCalibrationsEqualThePeersPublishedValues() throws Exception {
        // Opacus's accountants_test: q = 0.04, σ = 1.5, 2,250 steps, δ = 1e-5 → ε = 7.32911117143
        Cli rdp = Cli.run("dp", "account", "--sample-rate", "0.04", "--noise-multiplier", "1.5", "--steps", "2250", "--delta", "1e-5", "--json", "-");
        assertThat(rdp.code()).as(rdp.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(rdp.out()).get("guarantee");
        assertThat(g.get("epsilon").asDouble()).isCloseTo(7.32911117143, within(1e-9));
        assertThat(g.get("order").asDouble()).isEqualTo(3.9);
        Cli prv = Cli.run("dp", "account", "--sample-rate", "0.04", "--noise-multiplier", "1.5", "--steps", "2250", "--delta", "1e-5", "--accountant", "prv");
        assertThat(prv.code()).as(prv.err()).isZero();
        assertThat(prv.out()).contains("the true ε lies in [", "spend the upper end");
        Cli cal = Cli.run("dp", "calibrate", "--mechanism", "gaussian", "--epsilon", "1", "--delta", "1e-5");
        assertThat(cal.out()).contains("σ = 3.73063163482", "Balle & Wang's analytic Gaussian, ε = 1, δ = 0.00001, Δ = 1");
        Cli bad = Cli.run("dp", "account", "--noise-multiplier", "1.5", "--steps", "10", "--delta", "1e-5");
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--sample-rate is required");
        Cli classic = Cli.run("dp", "calibrate", "--mechanism", "gaussian", "--epsilon", "2", "--delta", "1e-5", "--classic");
        assertThat(classic.code()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void aBudgetIsCreatedOnceAndShown(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("compas.budget");
        Cli create = Cli.run("dp", "budget", "create", "--file", f.toString(), "--dataset", "compas", "--epsilon", "3", "--delta", "1e-6");
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.out()).contains("left    ε 3, δ 0.000001");
        Cli again = Cli.run("dp", "budget", "create", "--file", f.toString(), "--dataset", "compas", "--epsilon", "30");
        assertThat(again.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("never replaced");
        Cli show = Cli.run("dp", "budget", "show", "--file", f.toString(), "--json");
        assertThat(new ObjectMapper().readTree(show.out()).get("schema").asText()).isEqualTo("probity.dp-budget/v1");
    }

    @Test
    void anOverfitTreeIsCaughtAndALogisticRegressionIsNot(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("tree.json");
        Cli t = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--model", "tree", "--max-depth", "30",
                "--out", tree.toString(), "-q", "--prohibited", "none");
        assertThat(t.code()).as(t.err()).isZero();
        Path html = dir.resolve("leak.html");
        Cli leak = Cli.run("privacy-audit", "--model", tree.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--html", html.toString(), "--fail-on-leak");
        assertThat(leak.code()).as(leak.out() + leak.err()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(leak.out()).contains("the model LEAKS who was in its training data");
        assertThat(Files.readString(html)).contains("schema probity.privacy-audit/v1", "rocchart");
        Path lr = dir.resolve("lr.json");
        Cli l = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--out", lr.toString(), "-q", "--prohibited", "none");
        assertThat(l.code()).as(l.err()).isZero();
        Cli quiet = Cli.run("privacy-audit", "--model", lr.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--fail-on-leak", "--json", "-");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(quiet.out());
        assertThat(d.get("auc_interval").get("low").asDouble()).isLessThan(0.5);
        Cli lira = Cli.run("privacy-audit", "--model", tree.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--attack", "lira", "--shadow-models", "4", "--max-rows", "1000", "-q", "--json", dir.resolve("lira.json").toString());
        assertThat(lira.code()).as(lira.err()).isZero();
        Cli attr = Cli.run("privacy-audit", "--model", tree.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--attack", "attribute", "--sensitive", "occupation", "--max-rows", "3000");
        assertThat(attr.code()).as(attr.err()).isZero();
        assertThat(attr.out()).contains("Attribute inference", "always guessing the commonest value");
        Cli noCol = Cli.run("privacy-audit", "--model", tree.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--attack", "attribute");
        assertThat(noCol.code()).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode li = new ObjectMapper().readTree(dir.resolve("lira.json").toFile());
        assertThat(li.get("attack").asText()).startsWith("LiRA");
        assertThat(li.get("auc").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void aPrivateAuditIsDebitedAndADpModelLeaksLessThanItsEpsilon(@TempDir Path dir) throws Exception {
        Path budget = dir.resolve("compas.budget");
        assertThat(Cli.run("dp", "budget", "create", "--file", budget.toString(), "--dataset", "compas", "--epsilon", "1.5", "-q").code()).isZero();
        Cli audit = Cli.run("audit", "--data", "compas", "--privacy-epsilon", "1", "--privacy-budget", budget.toString(), "--privacy-who", "tester",
                "--json", dir.resolve("p.json").toString(), "--html", dir.resolve("p.html").toString());
        assertThat(audit.code()).as(audit.err()).isZero();
        assertThat(Files.readString(dir.resolve("p.html"))).contains("What was private", "African-American");
        assertThat(audit.out()).contains("Private fairness audit", "private: ε = 1.0", "Intervals (95%) cover sampling and the noise together");
        assertThat(audit.err()).contains("debited ε 1, δ 0", "left: ε 0.5");
        assertThat(new ObjectMapper().readTree(dir.resolve("p.json").toFile()).get("schema").asText()).isEqualTo("probity.private-audit/v1");
        // the budget is an input: an output over it is refused, and the ledger stays as it was
        String before = Files.readString(budget);
        Cli over = Cli.run("audit", "--data", "compas", "--privacy-epsilon", "0.1", "--privacy-budget", budget.toString(), "--json", budget.toString());
        assertThat(over.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(budget)).isEqualTo(before);
        Cli nowhere = Cli.run("dp", "budget", "create", "--file", dir.resolve("no/such/x.budget").toString(), "--dataset", "x", "--epsilon", "1");
        assertThat(nowhere.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(nowhere.err()).contains("does not exist");
        Cli again = Cli.run("audit", "--data", "compas", "--privacy-epsilon", "1", "--privacy-budget", budget.toString());
        assertThat(again.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("cannot pay");
        // DP-SGD at ε = 1: the membership attack's empirical lower bound on ε must stay below it
        Path dp = dir.resolve("dp.json");
        Path adultBudget = dir.resolve("adult.budget");
        assertThat(Cli.run("dp", "budget", "create", "--file", adultBudget.toString(), "--dataset", "adult", "--epsilon", "1.5", "--delta", "1e-4",
                "-q").code()).isZero();
        Cli train = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--privacy-epsilon", "1", "--out", dp.toString(),
                "--prohibited", "none", "--privacy-budget", adultBudget.toString(), "--privacy-who", "trainer");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("Trained by DP-SGD: ε = ", "at δ = 0.00001");
        assertThat(train.err()).contains("debited ε 0.9999999", "left: ε 0.5000000");
        assertThat(Files.readString(adultBudget)).contains("trainer", "dp-sgd");
        // a second training cannot be paid for: refused, and no model is written
        Path dp2 = dir.resolve("dp2.json");
        Cli second = Cli.run("train", "--data", "adult", "--label", "income", "--positive", ">50K", "--privacy-epsilon", "1", "--out", dp2.toString(),
                "--privacy-budget", adultBudget.toString());
        assertThat(second.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(second.err()).contains("cannot pay", "1 release has spent");
        assertThat(dp2).doesNotExist();
        Cli noEpsilon = Cli.run("train", "--data", "adult", "--label", "income", "--privacy-budget", adultBudget.toString());
        assertThat(noEpsilon.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noEpsilon.err()).contains("add --privacy-epsilon");
        Cli attack = Cli.run("privacy-audit", "--model", dp.toString(), "--train", "adult", "--holdout", "adult-test", "--label", "income",
                "--json", "-");
        assertThat(attack.code()).as(attack.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(attack.out());
        assertThat(r.get("epsilon").get("epsilon").asDouble()).isLessThan(1.0);
        assertThat(r.get("auc_interval").get("low").asDouble()).isLessThan(0.5);
        Cli tree = Cli.run("train", "--data", "adult", "--label", "income", "--model", "tree", "--privacy-epsilon", "1");
        assertThat(tree.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tree.err()).contains("--privacy-epsilon trains a logistic regression by DP-SGD");
    }

    @Test
    void privateStatisticsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path budget = dir.resolve("adult.budget");
        assertThat(Cli.run("dp", "budget", "create", "--file", budget.toString(), "--dataset", "adult", "--epsilon", "1.5", "--delta", "1e-5",
                "-q").code()).isZero();
        Cli stats = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--value", "hours_per_week", "--statistics", "count,mean",
                "--quantiles", "0.5", "--bounds", "0:100", "--epsilon", "1", "--keys", "Female,Male", "--budget", budget.toString(),
                "--who", "analyst", "--json", dir.resolve("s.json").toString());
        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("Private statistics", "private: ε = 1.0", "Female", "Male", "q0.5 (± rows)",
                "split evenly among 3 noisy quantities");
        assertThat(stats.err()).contains("debited ε 1, δ 0", "left: ε 0.5");
        JsonNode j = new ObjectMapper().readTree(dir.resolve("s.json").toFile());
        assertThat(j.get("schema").asText()).isEqualTo("probity.dp-stats/v1");
        assertThat(j.get("groups")).hasSize(2);
        JsonNode female = j.get("groups").get(0);
        assertThat(female.get("key").asText()).isEqualTo("Female");
        // 10,771 women in adult.data; noise of scale 3 (ε/3 each): far inside ±100
        assertThat(female.get("count").get("value").asDouble()).isBetween(10_671.0, 10_871.0);
        assertThat(female.get("quantiles").get(0).get("value").asDouble()).isBetween(35.0, 45.0);
        assertThat(Cli.run("dp", "budget", "show", "--file", budget.toString()).out()).contains("analyst asked for private statistics of adult.data "
                + "by 'sex' of 'hours_per_week'");
        // the budget cannot pay again: refused, no JSON written
        Path again = dir.resolve("again.json");
        Cli over = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--epsilon", "1", "--keys", "Female,Male", "--budget", budget.toString(),
                "--json", again.toString());
        assertThat(over.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(over.err()).contains("cannot pay");
        assertThat(again).doesNotExist();
        // the budget is an input
        Cli onto = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--epsilon", "0.1", "--keys", "Female,Male", "--budget", budget.toString(),
                "--json", budget.toString());
        assertThat(onto.code()).isEqualTo(ExitCode.BAD_INPUT);
        // what is refused, in the command line's words
        Cli noBounds = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--value", "age", "--epsilon", "1", "--delta", "1e-6");
        assertThat(noBounds.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noBounds.err()).contains("(--bounds)");
        Cli noDelta = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--epsilon", "1");
        assertThat(noDelta.err()).contains("give --delta or declare the keys (--keys)");
        Cli badBounds = Cli.run("dp", "stats", "--data", "adult", "--by", "sex", "--value", "age", "--bounds", "0-100", "--epsilon", "1",
                "--keys", "Female,Male");
        assertThat(badBounds.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badBounds.err()).contains("give LO:HI");
        // private keys: a country of a handful of people is not published at ε = 0.5, δ = 1e-6 (threshold about 60 rows)
        Cli countries = Cli.run("dp", "stats", "--data", "adult", "--by", "native_country", "--epsilon", "0.5", "--delta", "1e-6", "--json", "-");
        assertThat(countries.code()).as(countries.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(countries.out());
        assertThat(c.get("keys_selected").asBoolean()).isTrue();
        List<String> keys = new java.util.ArrayList<>();
        c.get("groups").forEach(g -> keys.add(g.get("key").asText()));
        assertThat(keys).contains("United-States", "Mexico").doesNotContain("Holand-Netherlands");
    }
}
