package dev.probity.fairness.metrics;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.model.TaskKind;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key an audit emits is a catalogue entry with a formula, a convention and the peers' names. */
class MetricCatalogueCoverageTest {
    @Test
    void everyEmittedKeyIsInTheCatalogue() {
        var compas = Datasets.load("compas");
        var adult = Datasets.load("adult").head(3000);
        List<AuditResult> audits = List.of(
                Audit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").score("decile_score / 10.0")
                        .protectedAttributes("race", "sex").intersections(true).strata("age_cat").features(List.of("priors_count", "age"))
                        .entropyAlphas(List.of(0.0, 1.0, 2.0)).build()),
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
                a.aggregates().values().stream().map(Summary::values).forEach(v -> keys.addAll(v.keySet()));
                for (GroupDisparity d : a.disparities()) {
                    keys.addAll(d.aif360().keySet());
                    keys.addAll(d.clarify().keySet());
                    keys.addAll(d.verdicts().keySet());
                }
                keys.addAll(a.entropy().keySet());
                keys.addAll(a.differentialFairness().keySet());
            }
        }
        assertThat(keys).hasSizeGreaterThan(80).contains("CDDPL", "consistency", "roc_auc", "Supervised Fairness", "theil_index");
        for (String key : keys) {
            MetricCatalogue e = MetricCatalogue.byKey(key);
            assertThat(e).as("catalogue entry for '%s'", key).isNotNull();
            assertThat(e.formula()).as(key).isNotBlank();
            assertThat(e.peers()).as(key).isNotBlank();
        }
        Set<String> seen = new TreeSet<>();
        for (MetricCatalogue e : MetricCatalogue.entries()) {
            assertThat(seen.add(e.family() + "/" + e.key())).as(e.key()).isTrue();
        }
    }

    @Test
    void theTableDerivesSummariesOnDemandAsTheAggregatesHaveThem() {
        AuditResult r = Audit.run(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").build());
        MetricTable t = r.attribute("race");
        for (String metric : List.of("selection_rate", "tpr", "fpr", "accuracy")) {
            Aggregate a = t.summarize(metric);
            Summary s = t.aggregates().get(metric);
            assertThat(a.difference()).as(metric).isEqualTo(s.values().get("difference").value());
            assertThat(a.ratio()).as(metric).isEqualTo(s.values().get("ratio").value());
            assertThat(a.groupMin()).isEqualTo(s.values().get("group_min").value());
            assertThat(a.maxGroup()).isEqualTo(s.maxGroup());
        }
        assertThat(t.disparity(Disparity.DEMOGRAPHIC_PARITY_DIFFERENCE).value()).isEqualTo(t.summarize("selection_rate").difference());
    }
}
