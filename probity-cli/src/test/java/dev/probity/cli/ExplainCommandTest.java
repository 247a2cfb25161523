package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** probity explain on German credit models trained through the command line. */
class ExplainCommandTest {
    @TempDir
    static Path dir;
    static Path logistic;
    static Path xgboost;

    @BeforeAll
    static void train() {
        logistic = dir.resolve("lr.json");
        xgboost = dir.resolve("xgb.json");
        assertThat(Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--out", logistic.toString(),
                "--no-progress").code()).isZero();
        assertThat(Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--model", "xgboost", "--rounds", "30",
                "--out", xgboost.toString(), "--no-progress").code()).isZero();
    }

    static JsonNode json(Cli c) throws Exception {
        assertThat(c.code()).as(c.err()).isZero();
        return new ObjectMapper().readTree(c.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel-shap", "permutation-shap", "lime", "linear-shap"})
    void modelAgnosticMethodsExplainTheProbability(String method) throws Exception {
        JsonNode doc = json(Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--rows", "1-2", "--method", method,
                "--samples", method.equals("lime") ? "500" : "0", "--json", "-", "--no-progress"));
        assertThat(doc.path("results").get(0).path("explanation").path("method").asText()).isEqualTo(method);
        assertThat(doc.path("schema").asText()).isEqualTo("probity.explain/v1");
        assertThat(doc.path("results")).hasSize(2);
        JsonNode e = doc.path("results").get(0).path("explanation");
        assertThat(e.path("values")).hasSize(22);
        if (!method.equals("lime")) {
            double sum = e.path("base").asDouble();
            for (JsonNode v : e.path("values")) {
                sum += v.asDouble();
            }
            assertThat(sum).isCloseTo(e.path("prediction").asDouble(), within(1e-9));
        } else {
            assertThat(e.path("facts").path("local_fidelity_r2").asDouble()).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void treeShapGroupsOneHotColumnsAndAddsUpToTheRawScore() throws Exception {
        JsonNode doc = json(Cli.run("explain", "--model", xgboost.toString(), "--data", "german", "--row", "5", "--method", "tree-shap",
                "--json", "-", "--no-progress"));
        JsonNode e = doc.path("results").get(0).path("explanation");
        assertThat(e.path("features")).hasSize(22);
        double sum = e.path("base").asDouble();
        for (JsonNode v : e.path("values")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(e.path("prediction").asDouble(), within(1e-6));
    }

    @Test
    void treeShapOnTheProbabilityScaleAddsUpToTheModelsProbability() throws Exception {
        JsonNode doc = json(Cli.run("explain", "--model", xgboost.toString(), "--data", "german", "--row", "7", "--method", "tree-shap",
                "--output", "probability", "--json", "-", "--no-progress"));
        JsonNode e = doc.path("results").get(0).path("explanation");
        double sum = e.path("base").asDouble();
        for (JsonNode v : e.path("values")) {
            sum += v.asDouble();
        }
        // the model's own probability for the row, as the model-agnostic path computes it
        double p = json(Cli.run("explain", "--model", xgboost.toString(), "--data", "german", "--row", "7", "--method", "kernel-shap",
                "--json", "-", "--no-progress")).path("results").get(0).path("explanation").path("prediction").asDouble();
        assertThat(sum).isCloseTo(p, within(1e-5));
    }

    @Test
    void groupedColumnsAreExplainedAsOneFeature() throws Exception {
        JsonNode doc = json(Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--row", "4", "--method", "exact-shap",
                "--group", "money=checking_status,savings,credit_amount", "--group", "person=sex,age,age_group,personal_status_sex",
                "--group", "loan=duration_months,purpose",
                "--summarize", "sample", "--background-size", "8", "--json", "-", "--no-progress"));
        JsonNode e = doc.path("results").get(0).path("explanation");
        assertThat(e.path("features")).hasSize(22 - 9 + 3);
        assertThat(e.path("features").get(0).asText()).isEqualTo("money");
        double sum = e.path("base").asDouble();
        for (JsonNode v : e.path("values")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(e.path("prediction").asDouble(), within(1e-9));
        Cli bad = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--group", "x=sex,salary", "--no-progress");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no feature 'salary'");
    }

    /**
     * Issue 9: interaction values (XGBoost's pred_interactions) and a CSV output. Each row of the matrix sums to the
     * feature's TreeSHAP value (itself checked against XGBoost's predictContrib), and the matrix is symmetric.
     */
    @Test
    void treeShapGivesInteractionValuesAndCsv(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("xgb.json");
        assertThat(Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--model", "xgboost", "--rounds", "20",
                "--out", model.toString(), "-q", "--no-progress").code()).isZero();
        Path csv = dir.resolve("e.csv");
        JsonNode doc = json(Cli.run("explain", "--model", model.toString(), "--data", "german", "--rows", "1-3", "--method", "tree-shap",
                "--interactions", "--json", "-", "--csv", csv.toString(), "--no-progress"));
        for (JsonNode res : doc.path("results")) {
            JsonNode values = res.path("explanation").path("values");
            JsonNode m = res.path("interactions");
            assertThat(m.size()).isEqualTo(values.size());
            for (int i = 0; i < m.size(); i++) {
                double sum = 0;
                for (int j = 0; j < m.size(); j++) {
                    sum += m.get(i).get(j).asDouble();
                    assertThat(m.get(i).get(j).asDouble()).isCloseTo(m.get(j).get(i).asDouble(), within(1e-9));
                }
                assertThat(sum).as("row %d feature %d", res.path("row").asInt(), i).isCloseTo(values.get(i).asDouble(), within(1e-6));
            }
        }
        List<String> lines = Files.readAllLines(csv);
        int features = doc.path("results").get(0).path("explanation").path("values").size();
        assertThat(lines.get(0)).isEqualTo("row,feature,with,value,contribution");
        assertThat(lines).hasSize(1 + 3 * (features + 2 + features * features));
        Cli refused = Cli.run("explain", "--model", model.toString(), "--data", "german", "--method", "kernel-shap", "--interactions",
                "--no-progress");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("interaction values come from tree-shap");
    }

    @Test
    void treeShapReadsLightGbmTextModels() throws Exception {
        Path model = Path.of(ExplainCommandTest.class.getResource("/explain/lightgbm-hand.txt").toURI());
        JsonNode doc = json(Cli.run("explain", "--model", model.toString(), "--data", "german", "--rows", "1-3", "--method", "tree-shap",
                "--json", "-", "--no-progress"));
        assertThat(doc.path("model").asText()).isEqualTo("lightgbm");
        JsonNode e = doc.path("results").get(0).path("explanation");
        assertThat(e.path("features").get(0).asText()).isEqualTo("duration_months");
        // german row 1: duration 6 (> 5), age 67 (> 2.5) -> leaf 1.0; credit amount 1169 (> 0) -> 0.2: raw score 1.2 by hand
        assertThat(e.path("prediction").asDouble()).isCloseTo(1.2, within(1e-12));
        assertThat(e.path("base").asDouble()).isCloseTo(0.3525, within(1e-12));
        Cli other = Cli.run("explain", "--model", model.toString(), "--data", "german", "--method", "kernel-shap", "--no-progress");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("explained with --method tree-shap");
    }

    @Test
    void treeShapReadsScikitLearnForestsFromOnnx() throws Exception {
        Path forest = Cli.repo().resolve("probity-models/src/test/resources/fixtures/onnx/forest-tensor.onnx");
        JsonNode doc = json(Cli.run("explain", "--model", forest.toString(), "--features",
                "age,education_num,capital_gain,capital_loss,hours_per_week", "--data", "adult-test", "--background", "adult",
                "--row", "2", "--method", "tree-shap", "--json", "-", "--no-progress"));
        JsonNode e = doc.path("results").get(0).path("explanation");
        // scikit-learn's own P(>50K) for this row (make_fixtures.py), and additivity
        assertThat(e.path("prediction").asDouble()).isCloseTo(0.251002887, within(1e-6));
        double sum = e.path("base").asDouble();
        for (JsonNode v : e.path("values")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(e.path("prediction").asDouble(), within(1e-9));
    }

    @Test
    void reasonsAndCounterfactualsForAnApplicant() throws Exception {
        // find a rejected applicant (score < 0.5)
        JsonNode scores = json(Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--rows", "1-40", "--method",
                "kernel-shap", "--json", "-", "--no-progress"));
        int rejected = -1;
        for (JsonNode r : scores.path("results")) {
            if (r.path("explanation").path("prediction").asDouble() < 0.5) {
                rejected = r.path("row").asInt();
                break;
            }
        }
        assertThat(rejected).isPositive();
        Cli reasons = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--row", Integer.toString(rejected),
                "--method", "reasons", "--reason", "checking_status=C1: Checking account status", "--immutable", "sex,age,foreign_worker",
                "--no-progress");
        assertThat(reasons.code()).as(reasons.err()).isZero();
        assertThat(reasons.out()).contains("principal reasons", "The decision is 'not good'");
        Cli cf = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--row", Integer.toString(rejected),
                "--method", "counterfactual", "--immutable", "sex,age,foreign_worker", "--json", "-", "--no-progress");
        JsonNode list = json(cf).path("results").get(0).path("counterfactuals");
        assertThat(list.size()).isPositive();
        for (JsonNode c : list) {
            assertThat(c.path("score_after").asDouble()).isGreaterThanOrEqualTo(0.5);
            assertThat(c.path("changes").has("sex")).isFalse();
            assertThat(c.path("changes").has("age")).isFalse();
        }
    }

    @Test
    void badInputsAreNamed() {
        Cli tree = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--method", "tree-shap", "--no-progress");
        assertThat(tree.code()).isEqualTo(2);
        assertThat(tree.err()).contains("tree-shap needs a tree model");
        Cli row = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--row", "5000", "--no-progress");
        assertThat(row.code()).isEqualTo(2);
        assertThat(row.err()).contains("row 5000 is outside the data (1..1000)");
        Cli schema = Cli.run("explain", "--model", logistic.toString(), "--data", "compas", "--no-progress");
        assertThat(schema.code()).isEqualTo(2);
        assertThat(schema.err()).contains("the model reads column");
        Cli immutable = Cli.run("explain", "--model", logistic.toString(), "--data", "german", "--method", "counterfactual",
                "--immutable", "salary", "--no-progress");
        assertThat(immutable.code()).isEqualTo(2);
        assertThat(immutable.err()).contains("no feature 'salary'");
    }
}
