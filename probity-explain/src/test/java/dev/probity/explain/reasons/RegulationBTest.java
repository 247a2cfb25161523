package dev.probity.explain.reasons;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ProhibitedBases;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: adverse-action reasons cited protected attributes ("R1 Value of sex (Female)", "R2 Value of race
 * (Black)") and immutable ones (age), and were given for favourable decisions. Regulation B (12 CFR 1002.9) requires
 * the principal reasons for an adverse action; 1002.6(b) forbids resting the decision on a prohibited basis.
 */
class RegulationBTest {
    static final Frame train = dev.probity.explain.AdultModel.TRAIN;
    static final Frame test = dev.probity.explain.AdultModel.TEST;
    static final Model model = dev.probity.explain.AdultModel.MODEL;
    static final List<Integer> ROWS = IntStream.range(0, 40).boxed().toList();

    /** A logistic model on Adult that reads every column, the protected ones included (as a careless pipeline would). */

    @Test
    void noReasonIsAProhibitedBasisAndFavourableDecisionsGetNone() {
        ExplainResult r = Explainers.explain(model, test, train, ROWS, ExplainMethod.REASONS, ExplainSettings.defaults().withSamples(600, 0));
        assertThat(r.warnings()).singleElement().asString().contains("the model reads age, marital_status, relationship, race, sex, native_country")
                .contains("Regulation B");
        int adverse = 0;
        int favourable = 0;
        for (ExplainResult.Row row : r.rows()) {
            boolean approved = row.explanation().prediction() >= 0.5;
            if (approved) {
                favourable++;
                assertThat(row.reasons()).as("row %d", row.row()).isEmpty();
                assertThat(row.plainLanguage()).contains("no adverse-action reasons are given");
                continue;
            }
            adverse++;
            assertThat(row.reasons()).as("row %d", row.row()).isNotEmpty();
            for (Reasons.Reason reason : row.reasons()) {
                assertThat(ProhibitedBases.among(List.of(reason.feature()), ProhibitedBases.REGULATION_B)).as(reason.toString()).isEmpty();
                assertThat(reason.contribution()).isNegative();
            }
            for (String bad : List.of("sex (", "race (", "age (", "relationship (", "marital_status (", "native_country (")) {
                assertThat(row.plainLanguage().toLowerCase()).as("row %d", row.row()).doesNotContain(bad);
            }
        }
        assertThat(adverse).isGreaterThan(20);
        assertThat(favourable).isGreaterThan(2);
    }

    /** Without the rule (an empty prohibited list) the same rows do cite protected attributes: the rule is what removes them. */
    @Test
    void withoutTheListTheSameRowsWouldCiteThem() {
        ExplainResult r = Explainers.explain(model, test, train, ROWS, ExplainMethod.REASONS,
                ExplainSettings.defaults().withSamples(600, 0).withProhibited(List.of()));
        assertThat(r.warnings()).isEmpty();
        long citing = r.rows().stream().flatMap(row -> row.reasons().stream())
                .filter(x -> !ProhibitedBases.among(List.of(x.feature()), ProhibitedBases.REGULATION_B).isEmpty()).count();
        assertThat(citing).isGreaterThan(5);
    }

    /** Issue 9: LIME's local fit of R² 0.31 got no warning. (In the reasons test class for its Adult model.) */
    @Test
    void limeWarnsWhereItsLocalSurrogateFitsPoorly() {
        ExplainResult r = Explainers.explain(model, test, train, ROWS.subList(0, 5), ExplainMethod.LIME,
                ExplainSettings.defaults().withProhibited(List.of()));
        List<Double> r2 = r.rows().stream().map(row -> ((Number) row.explanation().facts().get("local_fidelity_r2")).doubleValue()).toList();
        assertThat(r2).anyMatch(v -> v < 0.5);
        assertThat(r.warnings()).singleElement().asString().startsWith("LIME's local surrogate fits poorly at row ");
    }

    @Test
    void counterfactualsNeverChangeAProhibitedBasis() {
        ExplainResult r = Explainers.explain(model, test, train, ROWS.subList(0, 15), ExplainMethod.COUNTERFACTUAL, ExplainSettings.defaults());
        int changes = 0;
        for (ExplainResult.Row row : r.rows()) {
            for (ExplainResult.Counterfactual cf : row.counterfactuals()) {
                changes++;
                assertThat(ProhibitedBases.among(cf.changes().keySet(), ProhibitedBases.REGULATION_B)).as(cf.toString()).isEmpty();
            }
        }
        assertThat(changes).isGreaterThan(10);
    }
}
