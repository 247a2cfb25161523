package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.Summary;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key an audit emits is documented in docs/metrics.md (in backticks). */
class MetricsDocTest {

    @Test
    void everyEmittedMetricIsDocumented() throws Exception {
        String doc = Files.readString(Fixtures.repo().resolve("docs/metrics.md"));
        var adult = Datasets.load("adult").head(3000);
        List<AuditResult> audits = List.of(
                Audit.run(Fixtures.compas().head(2000), Fixtures.compasSpec().score("decile_score").intersections(true)
                        .strata("age_cat").features(List.of("priors_count", "age")).entropyAlphas(List.of(0.0, 1.0, 2.0)).build()),
                Audit.run(adult, AuditSpec.builder().label("workclass").prediction("workclass").protectedAttributes("sex")
                        .task(TaskKind.MULTICLASS).build()),
                Audit.run(adult, AuditSpec.builder().label("hours_per_week").prediction("40").protectedAttributes("sex")
                        .task(TaskKind.REGRESSION).build()));
        Set<String> keys = new TreeSet<>();
        for (AuditResult r : audits) {
            keys.addAll(r.dataset().keySet());
            for (MetricTable a : r.attributes()) {
                for (GroupResult g : a.groups()) {
                    keys.addAll(g.metrics().keySet());
                    if (g.perClass() != null) {
                        g.perClass().values().forEach(m -> keys.addAll(m.keySet()));
                    }
                }
                keys.addAll(a.summary().keySet());
                for (Summary s : a.aggregates().values()) {
                    keys.addAll(s.values().keySet());
                }
                for (GroupDisparity d : a.disparities()) {
                    keys.addAll(d.aif360().keySet());
                    keys.addAll(d.clarify().keySet());
                    keys.addAll(d.verdicts().keySet());
                }
                keys.addAll(a.entropy().keySet());
                keys.addAll(a.differentialFairness().keySet());
            }
        }
        assertThat(keys).contains("CDDL", "consistency", "roc_auc", "macro_f1", "r2", "Supervised Fairness");
        for (String key : keys) {
            String documented = key.replaceAll("\\([0-9.]+\\)", "(α)");
            assertThat(doc).as("docs/metrics.md documents `%s`", documented).contains("`" + documented + "`");
        }
    }
}
