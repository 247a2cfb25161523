package dev.probity.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.data.DataAudit;
import dev.probity.fairness.data.DataAuditResult;
import dev.probity.fairness.data.DataAuditSpec;
import dev.probity.fairness.data.DataRules;
import dev.probity.fairness.data.Population;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.html.DataAuditHtml;
import dev.probity.report.json.DataAuditJson;
import dev.probity.report.text.DataAuditText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataAuditReportTest {
    static DataAuditResult compas;

    @BeforeAll
    static void run() {
        Population pop = Population.of(Map.of("race", Map.of("African-American", 40.0, "Caucasian", 40.0, "Hispanic", 15.0,
                "Other", 3.0, "Asian", 1.0, "Native American", 0.5, "Pacific Islander", 0.5)), "a test population");
        DataAuditResult r = DataAudit.run(Datasets.load("compas"), DataAuditSpec.builder().protectedAttributes("race", "sex")
                .intersections(true).label("two_year_recid").strata("c_charge_degree").population(pop)
                .proxyModel(new PipelineTrainer(LinearTrainer.logistic())).proxyModelRows(3000)
                .features(List.of("age", "priors_count", "c_charge_degree", "days_b_screening_arrest", "juv_fel_count")).build());
        compas = r.withRules(DataRules.check(r, List.of("representation<0.8", "missingness", "proxy_auc>0.9")));
    }

    @Test
    void theJsonFollowsItsSchemaAndReadsBackEqual() throws Exception {
        String json = DataAuditJson.toString(compas);
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Fixtures.repo().resolve("docs/schema/data-audit-v1.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        JsonNode doc = new ObjectMapper().readTree(json);
        assertThat(schema.validate(doc)).as("schema violations").isEmpty();
        DataAuditResult back = DataAuditJson.read(json.getBytes(StandardCharsets.UTF_8), "d.json");
        assertThat(back).isEqualTo(compas);
        assertThat(DataAuditJson.toString(back)).isEqualTo(json);
        // the absent group of the population is in the document, with no rows
        assertThat(doc.at("/representation/0/groups").toString()).contains("\"group\":\"Pacific Islander\",\"rows\":0");
        assertThat(doc.at("/representation/0/attribute").asText()).isEqualTo("race");
        assertThat(doc.path("representation").size()).isEqualTo(3); // race, sex, race&sex
    }

    @Test
    void otherDocumentsAreRefusedByName() {
        assertThatThrownBy(() -> DataAuditJson.read("{\"schema\":\"probity.audit/v1\"}".getBytes(StandardCharsets.UTF_8), "a.json"))
                .isInstanceOf(InputException.class).hasMessageContaining("a.json: not a data bias report");
        assertThatThrownBy(() -> DataAuditJson.read("{\"schema\":".getBytes(StandardCharsets.UTF_8), "b.json"))
                .isInstanceOf(InputException.class).hasMessageContaining("b.json");
    }

    @Test
    void theTerminalAndThePageSayWhatTheyFound() {
        String text = DataAuditText.render(compas);
        assertThat(text).contains("Probity data bias report", "Pacific Islander", "ABSENT", "within strata of c_charge_degree",
                "Missing values by race", "days_b_screening_arrest", "Proxies of race", "all features together", "rule holds: proxy_auc>0.9");
        String page = DataAuditHtml.render(compas);
        assertThat(page).contains("<title>Data bias report", "absent from the data", "Cochran–Mantel–Haenszel", "a test population",
                "data-chart=\"c0\"").doesNotContain("{{");
        // the chart data cannot close the script element
        int data = page.indexOf("id=\"chart-data\"");
        assertThat(page.substring(data, page.indexOf("</script>", data))).doesNotContain("<");
    }
}
