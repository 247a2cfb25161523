package dev.probity.explain.counterfactual;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.explain.shap.FeatureSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: counterfactuals changed {@code relationship: Husband -> Wife} for a man, and {@code education} without
 * {@code education_num}.
 */
class TiesTest {
    static final Frame train = dev.probity.explain.AdultModel.TRAIN;
    static final Frame test = dev.probity.explain.AdultModel.TEST;
    static final Model model = dev.probity.explain.AdultModel.MODEL;

    @Test
    void educationAndItsNumberAreFoundToBeOneFact() {
        FeatureSpace space = FeatureSpace.of(List.of("education", "education_num", "occupation", "age"), train, train);
        Ties ties = Ties.learn(space, space.encode(train), train.rowCount(), Map.of());
        assertThat(ties.describe()).containsExactly("education = education_num");
        int bachelors = space.dictionary(0).indexOf("Bachelors");
        assertThat(ties.partnerValue(0, bachelors)).isEqualTo(13.0);
        assertThat(ties.partnerValue(1, 13.0)).isEqualTo(bachelors);
    }

    /** Every counterfactual that changes one encoding of education changes the other to the value the data pairs with it. */
    @Test
    void tiedFeaturesChangeTogetherAndRelationshipNeverContradictsSex() {
        Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i < train.rowCount(); i++) {
            pairs.putIfAbsent(train.column("education").format(i), train.column("education_num").format(i));
        }
        List<Integer> rows = IntStream.range(0, 100).boxed().toList();
        // relationship may change (no prohibited list), sex may not: the implication must keep them consistent
        ExplainResult r = Explainers.explain(model, test, train, rows, ExplainMethod.COUNTERFACTUAL, ExplainSettings.defaults()
                .withProhibited(List.of()).withCounterfactualRules(List.of("sex"), Map.of(), Map.of(), 4));
        int educationChanges = 0;
        int relationshipChanges = 0;
        for (ExplainResult.Row row : r.rows()) {
            String sex = test.column("sex").format(row.row() - 1);
            for (ExplainResult.Counterfactual cf : row.counterfactuals()) {
                Map<String, String> ch = cf.changes();
                assertThat(ch.containsKey("education")).as(ch.toString()).isEqualTo(ch.containsKey("education_num"));
                if (ch.containsKey("education")) {
                    educationChanges++;
                    String to = ch.get("education").split(" -> ")[1];
                    assertThat(ch.get("education_num").split(" -> ")[1]).as(ch.toString()).isEqualTo(pairs.get(to));
                }
                if (ch.containsKey("relationship")) {
                    relationshipChanges++;
                    String to = ch.get("relationship").split(" -> ")[1];
                    assertThat(to.equals("Wife") && sex.equals("Male") || to.equals("Husband") && sex.equals("Female"))
                            .as("row %d (%s): %s", row.row(), sex, ch).isFalse();
                }
            }
        }
        assertThat(educationChanges).isGreaterThan(5);
        assertThat(relationshipChanges).as("relationship changes that were checked").isGreaterThan(0);
    }

    /** Without the implication rule, the same search does propose a husband becoming a wife: the rule is doing the work. */
    @Test
    void theImplicationIsWhatRulesOutHusbandToWife() {
        FeatureSpace space = FeatureSpace.of(List.of("relationship", "sex"), train, train);
        Ties ties = Ties.learn(space, space.encode(train), train.rowCount(), Map.of());
        Constraints fixedSex = new Constraints(space).immutable("sex");
        double husband = space.dictionary(0).indexOf("Husband");
        double wife = space.dictionary(0).indexOf("Wife");
        double male = space.dictionary(1).indexOf("Male");
        assertThat(ties.contradicts(new double[] {wife, male}, new double[] {husband, male}, fixedSex)).isTrue();
        assertThat(ties.contradicts(new double[] {wife, male}, new double[] {husband, male}, new Constraints(space))).isFalse();
        double unmarried = space.dictionary(0).indexOf("Unmarried");
        assertThat(ties.contradicts(new double[] {unmarried, male}, new double[] {husband, male}, fixedSex)).isFalse();
    }
}
