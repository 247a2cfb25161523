package dev.probity.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.core.model.TaskKind;
import dev.probity.report.json.AuditJson;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JsonReportTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema schema() throws Exception {
        try (InputStream in = Files.newInputStream(Fixtures.repo().resolve("docs/schema/audit-v1.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static void assertValid(AuditResult r) throws Exception {
        JsonNode doc = MAPPER.readTree(AuditJson.toString(r));
        Set<ValidationMessage> errors = schema().validate(doc);
        assertThat(errors).as("schema violations").isEmpty();
    }

    @Test
    void compasJsonFollowsTheSchemaAndHoldsTheStableKeys() throws Exception {
        AuditResult r = Fixtures.compasAudit(100, 2);
        assertValid(r);
        JsonNode doc = MAPPER.readTree(AuditJson.toString(r));
        assertThat(doc.get("schema").asText()).isEqualTo("probity.audit/v1");
        assertThat(doc.get("rows").asLong()).isEqualTo(7214);
        JsonNode race = doc.get("attributes").get(0);
        assertThat(race.get("name").asText()).isEqualTo("race");
        JsonNode aa = race.get("groups").get(0);
        assertThat(aa.get("name").asText()).isEqualTo("African-American");
        assertThat(aa.get("n").asLong()).isEqualTo(3696);
        assertThat(aa.get("tp").asLong() + aa.get("fp").asLong() + aa.get("tn").asLong() + aa.get("fn").asLong()).isEqualTo(3696);
        assertThat(aa.get("metrics").get("fpr").asDouble()).isCloseTo(0.4485, within(0.00005));
        assertThat(aa.get("intervals").get("fpr").get("method").asText()).isEqualTo("percentile bootstrap");
        assertThat(aa.get("intervals").get("fpr").get("analytic").get("method").asText()).isEqualTo("wilson");
        assertThat(doc.get("attributes").findValues("name").stream().map(JsonNode::asText)).contains("race&sex");
        JsonNode disp = race.get("disparities").get(0).get("metrics").get("fpr");
        assertThat(disp.get("ratio").asDouble()).isGreaterThan(1.8);
        assertThat(disp.get("p_adjusted").asDouble()).isLessThan(0.001);
    }

    @Test
    void undefinedValuesAreNullWithAReason() throws Exception {
        AuditResult r = Fixtures.compasAudit(0, 1);
        JsonNode doc = MAPPER.readTree(AuditJson.toString(r));
        JsonNode inter = null;
        for (JsonNode a : doc.get("attributes")) {
            if (a.get("name").asText().equals("race&sex")) {
                inter = a;
            }
        }
        JsonNode asianFemale = null;
        for (JsonNode g : inter.get("groups")) {
            if (g.get("name").asText().equals("Asian & Female")) {
                asianFemale = g;
            }
        }
        // Two Asian women, neither flagged high-risk: precision is 0/0.
        assertThat(asianFemale.get("n").asInt()).isEqualTo(2);
        assertThat(asianFemale.get("metrics").get("precision").isNull()).isTrue();
        assertThat(asianFemale.get("undefined").get("precision").asText()).isEqualTo("no rows predicted positive");
        assertThat(AuditJson.toString(r)).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void sameInputAndSeedGiveTheSameBytesWhateverTheThreads() {
        String one = AuditJson.toString(Fixtures.compasAudit(200, 1));
        String two = AuditJson.toString(Fixtures.compasAudit(200, 2));
        assertThat(two).isEqualTo(one);
    }

    @Test
    void otherTasksFollowTheSchemaToo() throws Exception {
        var adult = Datasets.load("adult");
        assertValid(Audit.run(adult, AuditSpec.builder().label("income").positive(">50K")
                .prediction("education_num >= 13").protectedAttributes("sex", "race").weight("fnlwgt").bootstrap(50).build()));
        assertValid(Audit.run(adult, AuditSpec.builder().label("workclass").prediction("CASE WHEN education_num >= 13 THEN 'Private' ELSE workclass END")
                .protectedAttributes("sex").task(TaskKind.MULTICLASS).build()));
        assertValid(Audit.run(adult, AuditSpec.builder().label("hours_per_week").prediction("40 + education_num - 10")
                .protectedAttributes("sex").task(TaskKind.REGRESSION).bootstrap(20).build()));
    }
}
