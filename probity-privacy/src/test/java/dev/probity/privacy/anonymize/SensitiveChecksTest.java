package dev.probity.privacy.anonymize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ℓ-diversity and the earth mover's distances against hand computations and the t-closeness paper's example. */
class SensitiveChecksTest {

    static Engine.Sensitive uniform(String... values) {
        double[] q = new double[values.length];
        java.util.Arrays.fill(q, 1.0 / values.length);
        return new Engine.Sensitive("s", values, new int[0], q);
    }

    @Test
    void salaryExampleOfLiLiVenkatasubramanian() {
        // Li, Li and Venkatasubramanian (2007), section 4: salaries 3k..11k, the whole table uniform over them;
        // P1 = {3k, 4k, 5k}: ordered distance 0.375; P2 = {6k, 8k, 11k}: 0.167
        String[] salaries = {"3", "4", "5", "6", "7", "8", "9", "10", "11"};
        Engine.Sensitive s = uniform(salaries);
        PrivacyModel.TCloseness ordered = PrivacyModel.TCloseness.ordered("s", 0.2);
        Engine.Check check = new Engine.Check(ordered, 0, Ordering.ranks(salaries), null);
        int[] p1 = {1, 1, 1, 0, 0, 0, 0, 0, 0};
        int[] p2 = {0, 0, 0, 1, 0, 1, 0, 0, 1};
        assertEquals(0.375, SensitiveChecks.distance(ordered, check, s, p1, 3), 1e-12);
        assertEquals(1.0 / 6, SensitiveChecks.distance(ordered, check, s, p2, 3), 1e-12);
        // equal distance: half the L1 distance, 2/3 for both
        PrivacyModel.TCloseness equal = PrivacyModel.TCloseness.equal("s", 0.2);
        Engine.Check ec = new Engine.Check(equal, 0, null, null);
        assertEquals(2.0 / 3, SensitiveChecks.distance(equal, ec, s, p1, 3), 1e-12);
        assertEquals(2.0 / 3, SensitiveChecks.distance(equal, ec, s, p2, 3), 1e-12);
        // numbers are ordered as numbers, not as text ("10" after "9")
        assertEquals(8, Ordering.ranks(salaries)[8]);
    }

    @Test
    void hierarchicalDistanceByHand() {
        // a, b under X; c, d under Y; then *: siblings are 1/2 apart, cousins 1
        Hierarchy h = Hierarchy.of("s", "hand", List.of(new String[]{"a", "X", "*"}, new String[]{"b", "X", "*"},
                new String[]{"c", "Y", "*"}, new String[]{"d", "Y", "*"}));
        String[] values = {"a", "b", "c", "d"};
        Engine.Sensitive s = uniform(values);
        PrivacyModel.TCloseness t = PrivacyModel.TCloseness.hierarchical("s", 0.3, h);
        Engine.Check check = new Engine.Check(t, 0, null, new int[]{0, 1, 2, 3});
        // all mass on X: move 1/2 from X to Y at distance 1
        assertEquals(0.5, SensitiveChecks.distance(t, check, s, new int[]{1, 1, 0, 0}, 2), 1e-12);
        // a and c: move 1/4 a→b and 1/4 c→d, siblings at 1/2
        assertEquals(0.25, SensitiveChecks.distance(t, check, s, new int[]{1, 0, 1, 0}, 2), 1e-12);
        // the whole table's own distribution is at distance 0
        assertEquals(0, SensitiveChecks.distance(t, check, s, new int[]{5, 5, 5, 5}, 20), 1e-12);
    }

    @Test
    void diversityVariants() {
        int[] hist = {6, 3, 1};
        assertTrue(SensitiveChecks.diverse(PrivacyModel.LDiversity.distinct("s", 3), hist, 10));
        assertFalse(SensitiveChecks.diverse(PrivacyModel.LDiversity.distinct("s", 4), hist, 10));
        // entropy: −(.6 ln .6 + .3 ln .3 + .1 ln .1) = 0.8979 ≥ ln 2.4 = 0.8755, < ln 2.5 = 0.9163
        assertTrue(SensitiveChecks.diverse(PrivacyModel.LDiversity.entropy("s", 2.4), hist, 10));
        assertFalse(SensitiveChecks.diverse(PrivacyModel.LDiversity.entropy("s", 2.5), hist, 10));
        // recursive (c, 2): r1 = 6 < c (r2 + r3) = 4c holds for c = 2, not for c = 1.5
        assertTrue(SensitiveChecks.diverse(PrivacyModel.LDiversity.recursive("s", 2, 2), hist, 10));
        assertFalse(SensitiveChecks.diverse(PrivacyModel.LDiversity.recursive("s", 1.5, 2), hist, 10));
        // recursive (c, 3): 6 < c · 1 needs c > 6
        assertFalse(SensitiveChecks.diverse(PrivacyModel.LDiversity.recursive("s", 6, 3), hist, 10));
        assertTrue(SensitiveChecks.diverse(PrivacyModel.LDiversity.recursive("s", 6.5, 3), hist, 10));
    }
}
