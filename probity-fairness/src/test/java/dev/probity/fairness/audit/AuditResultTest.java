package dev.probity.fairness.audit;

import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results are values: mapping visits estimates in the order they are listed, and nothing can be changed in place. */
class AuditResultTest {
    static final AuditResult R = Audit.run(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid")
            .prediction("decile_score >= 5").protectedAttributes("race", "sex").intersections(true).bootstrap(50).seed(3).build());

    @Test
    void mapEstimatesVisitsEveryEstimateInTheListedOrder() {
        List<Estimate> listed = R.estimates();
        List<Estimate> visited = new ArrayList<>();
        AuditResult same = R.mapEstimates(e -> {
            visited.add(e);
            return e;
        });
        assertThat(visited).hasSize(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            assertThat(visited.get(i)).as("estimate %d", i).isSameAs(listed.get(i));
        }
        assertThat(same).isEqualTo(R);
        // replacing the k-th estimate changes exactly the k-th listed one
        int k = listed.size() / 2;
        int[] i = {0};
        Estimate marker = Estimate.of(Value.of(-12345));
        List<Estimate> changed = R.mapEstimates(e -> i[0]++ == k ? marker : e).estimates();
        assertThat(changed.get(k)).isSameAs(marker);
        assertThat(changed.subList(0, k)).containsExactlyElementsOf(listed.subList(0, k));
    }

    @Test
    void resultsCannotBeChangedInPlace() {
        assertThatThrownBy(() -> R.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> R.attribute("race").groups().get(0).metrics().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> R.attribute("race").disparities().get(0).comparisons().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> R.dataset().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(R.estimates().get(0).bootstrap()).as("the bootstrap produced new estimates").isNotNull();
    }
}
