package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MondrianTest {

    @Test
    void partsAreKAnonymousDiverseAndContainTheOriginalValues() {
        for (int seed = 1; seed <= 30; seed++) {
            Random rnd = new Random(seed);
            int n = 100 + rnd.nextInt(400);
            long[] age = new long[n];
            String[] zip = new String[n];
            String[] diag = new String[n];
            List<String> zips = new ArrayList<>();
            for (int z = 0; z < 12; z++) {
                zips.add("8" + (z / 4) + (z % 4));
            }
            for (int i = 0; i < n; i++) {
                age[i] = 18 + (long) (70 * Math.pow(rnd.nextDouble(), 1.3));
                zip[i] = zips.get(rnd.nextInt(zips.size()));
                diag[i] = "d" + rnd.nextInt(4);
            }
            List<String[]> rows = new ArrayList<>();
            for (String z : zips) {
                rows.add(new String[]{z, z.substring(0, 2) + "*", "*"});
            }
            Hierarchy zh = Hierarchy.of("zip", "test", rows);
            int k = 2 + rnd.nextInt(8);
            boolean withL = rnd.nextBoolean();
            List<PrivacyModel> models = new ArrayList<>(List.of(new PrivacyModel.KAnonymity(k)));
            if (withL) {
                models.add(PrivacyModel.LDiversity.distinct("diagnosis", 2));
            }
            Frame f = Frame.of(LongColumn.of("age", age), StringColumn.of("zip", zip), StringColumn.of("diagnosis", diag));
            Mondrian.Result r = Mondrian.anonymize(f, List.of("age", "zip"), Map.of("zip", zh), models);
            Map<String, Integer> size = new HashMap<>();
            Map<String, Set<String>> values = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String a = r.output().column("age").format(i);
                String z = r.output().column("zip").format(i);
                // the original lies in its summary
                String[] range = a.split("-");
                long lo = Long.parseLong(range[0]);
                long hi = Long.parseLong(range[range.length - 1]);
                assertTrue(lo <= age[i] && age[i] <= hi, a + " holds " + age[i]);
                boolean ancestor = false;
                for (int l = 0; l < zh.levels(); l++) {
                    ancestor |= zh.generalize(zip[i], l).equals(z);
                }
                assertTrue(ancestor, z + " generalizes " + zip[i]);
                size.merge(a + "|" + z, 1, Integer::sum);
                values.computeIfAbsent(a + "|" + z, x -> new HashSet<>()).add(diag[i]);
            }
            for (var e : size.entrySet()) {
                assertTrue(e.getValue() >= k, "class " + e.getKey() + " of " + e.getValue() + " with k " + k);
                if (withL) {
                    assertTrue(values.get(e.getKey()).size() >= 2);
                }
            }
            assertTrue(r.parts() > 1 && r.ncp() > 0 && r.ncp() < 1, r.parts() + " parts, NCP " + r.ncp());
            // no part could be cut further at the median of age while staying k-anonymous is not asserted (greedy);
            // the parts cover every row exactly once
            int[] count = new int[r.parts()];
            for (int p : r.partOfRow()) {
                count[p]++;
            }
            int total = 0;
            for (int c : count) {
                assertTrue(c >= k);
                total += c;
            }
            assertEquals(n, total);
        }
    }

    @Test
    void tClosenessAndMissingHierarchiesAreRefused() {
        Frame f = Frame.of(StringColumn.of("zip", "a", "b", "c"), StringColumn.of("s", "x", "y", "z"));
        assertThrows(InputException.class, () -> Mondrian.anonymize(f, List.of("zip"), Map.of(),
                List.of(new PrivacyModel.KAnonymity(2))));
        assertThrows(InputException.class, () -> Mondrian.anonymize(f, List.of("zip"), Map.of(),
                List.of(PrivacyModel.TCloseness.equal("s", 0.2))));
    }
}
