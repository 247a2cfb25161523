package dev.probity.report;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.testing.RandomTables;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.core.model.TaskKind;
import dev.probity.report.json.AuditJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit's JSON reads back: write → read → equal → write gives the same bytes, for every kind of audit. */
class AuditJsonRoundTripTest {
    static final Frame COMPAS = Datasets.load("compas");
    static final Frame RANDOM = CsvReader.read("t.csv", RandomTables.csv(11, 600).getBytes(StandardCharsets.UTF_8),
            ReadOptions.defaults(), Format.CSV);

    record Case(String name, Frame frame, AuditSpec spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> audits() {
        return Stream.of(
                new Case("COMPAS, intersections, bootstrap", COMPAS, AuditSpec.builder().label("two_year_recid")
                        .prediction("decile_score >= 5").protectedAttributes("race", "sex").intersections(true).reference("race", "Caucasian")
                        .bootstrap(200).seed(7).build()),
                new Case("COMPAS, scores, strata, min-metric", COMPAS, AuditSpec.builder().label("two_year_recid").score("decile_score / 10.0")
                        .threshold(0.5).protectedAttributes("race").strata("sex").referenceRule(AuditSpec.ReferenceRule.MIN_METRIC)
                        .positiveFavorable(false).build()),
                new Case("weighted, scores, bootstrap on rows", RANDOM, AuditSpec.builder().label("y").prediction("p").score("s")
                        .protectedAttributes("g1", "g2").intersections(true).weight("w").bootstrap(50).seed(3).minGroupSize(1).build()),
                new Case("multiclass, bootstrap", RANDOM, AuditSpec.builder().label("cls").prediction("pcls").protectedAttributes("g1")
                        .task(TaskKind.MULTICLASS).bootstrap(50).seed(5).build()),
                new Case("regression, weighted", RANDOM, AuditSpec.builder().label("yv").prediction("pv").protectedAttributes("g1", "g2")
                        .task(TaskKind.REGRESSION).weight("w").build()),
                new Case("consistency", COMPAS, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                        .protectedAttributes("sex").features(java.util.List.of("age", "priors_count")).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("audits")
    void writeReadEqualWrite(Case c) {
        AuditResult r = Audit.run(c.frame(), c.spec());
        String json = AuditJson.toString(r);
        AuditResult back = AuditJson.read(json);
        assertThat(back).as("read back equals the result").isEqualTo(r);
        assertThat(AuditJson.toString(back)).as("written again: the same bytes").isEqualTo(json);
    }

    @Test
    void foreignOrDamagedDocumentsAreNamed() {
        assertThatThrownBy(() -> AuditJson.read("{\"schema\": \"probity.explain/v1\"}")).isInstanceOf(InputException.class)
                .hasMessageContaining("not a Probity audit");
        assertThatThrownBy(() -> AuditJson.read("{\"schema\": \"probity.audit/v1\", ")).isInstanceOf(InputException.class)
                .hasMessageContaining("the JSON ends before it is complete").hasMessageContaining("truncated");
    }
}
