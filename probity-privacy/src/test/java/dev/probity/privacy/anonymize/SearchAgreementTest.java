package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pruned search finds the same optimum as evaluating every node, on 600 small random lattices. */
class SearchAgreementTest {

    static List<PrivacyModel> models(RandomCases c, Random rnd) {
        List<PrivacyModel> m = new ArrayList<>();
        m.add(new PrivacyModel.KAnonymity(1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 150 : 10)));
        double[] ts = {0.02, 0.1, 0.2, 0.35};
        switch (rnd.nextInt(7)) {
            case 0 -> m.add(PrivacyModel.LDiversity.distinct("s", 2 + rnd.nextInt(4)));
            case 1 -> m.add(PrivacyModel.LDiversity.entropy("s", 1.2 + 3 * rnd.nextDouble()));
            case 2 -> m.add(PrivacyModel.LDiversity.recursive("s", 1 + 3 * rnd.nextDouble(), 2 + rnd.nextInt(3)));
            case 3 -> m.add(PrivacyModel.TCloseness.equal("s", ts[rnd.nextInt(4)]));
            case 4 -> m.add(PrivacyModel.TCloseness.ordered("s", ts[rnd.nextInt(4)]));
            case 5 -> m.add(PrivacyModel.TCloseness.hierarchical("s", ts[rnd.nextInt(4)], c.sensitiveHierarchy));
            default -> {
            }
        }
        return m;
    }

    @Test
    void prunedSearchAgreesWithExhaustiveSearch() {
        int found = 0;
        int none = 0;
        int refused = 0;
        for (long seed = 1; seed <= 600; seed++) {
            RandomCases c = new RandomCases(seed);
            Random rnd = new Random(seed * 31);
            double[] limits = {0, 0.02, 0.1, 0.3};
            AnonymizationSpec spec = new AnonymizationSpec(c.qi, c.hierarchies, models(c, rnd),
                    limits[rnd.nextInt(limits.length)]);
            Engine engine;
            try {
                engine = new Engine(c.data, spec);
            } catch (InputException e) {
                // an ℓ above the number of distinct sensitive values: refused before any search
                assertTrue(e.getMessage().contains("distinct value"), e.getMessage());
                assertThrows(InputException.class, () -> Anonymizer.anonymize(c.data, spec));
                refused++;
                continue;
            }
            Engine.Result brute = Search.bruteForce(engine);
            if (brute == null) {
                none++;
                assertThrows(InputException.class, () -> Anonymizer.anonymize(c.data, spec), "seed " + seed);
                assertNull(new Search(new Engine(c.data, spec)).run(), "seed " + seed);
                continue;
            }
            found++;
            Anonymization a = Anonymizer.anonymize(c.data, spec);
            assertEquals(brute.loss, a.after().loss(), 1e-9, "seed " + seed + " " + spec.models());
            assertEquals(brute.suppressed, a.suppressed(), "seed " + seed);
            assertEquals(Search.height(brute.node), a.levels().stream().mapToInt(Integer::intValue).sum(), "seed " + seed);
        }
        assertTrue(found > 300 && none >= 8 && refused >= 20, found + " found, " + none + " without any anonymous node, " + refused + " refused");
    }
}
