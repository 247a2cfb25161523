package dev.probity.mitigation.ranking;

import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.ranking.FairStar;
import dev.probity.fairness.ranking.PositionBias;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The re-rankers against their papers' reference implementations' test vectors (FA*IR: fairsearch-fair-java
 * FairTopKTests; Geyik et al.: worked lists of docs/notes/ranking-methods.md, computed by an independent Python
 * implementation of the published rules), the job-seeker example of Singh and Joachims solved by an independent LP,
 * and every constraint checked on every prefix of random lists.
 */
class RerankersTest {
    /** Items in the current order (by score); names as given. */
    record List_(String[] names, int[] group, double[] merit) {}

    static List_ list(Object... nameGroupMerit) {
        int n = nameGroupMerit.length / 3;
        String[] names = new String[n];
        int[] g = new int[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            names[i] = (String) nameGroupMerit[3 * i];
            g[i] = (Integer) nameGroupMerit[3 * i + 1];
            m[i] = ((Number) nameGroupMerit[3 * i + 2]).doubleValue();
        }
        // the current order is by merit, best first
        Integer[] o = new Integer[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Double.compare(m[b], m[a]));
        String[] n2 = new String[n];
        int[] g2 = new int[n];
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            n2[i] = names[o[i]];
            g2[i] = g[o[i]];
            m2[i] = m[o[i]];
        }
        return new List_(n2, g2, m2);
    }

    static List<String> names(List_ l, int[] order, int k) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            out.add(l.names()[order[r]]);
        }
        return out;
    }

    @Test
    void faStarMergesAsTheReferenceImplementation() {
        // p = 0.6, alpha = 0.1, unadjusted: m = 0,0,1,1,2,2,3,3,4,4; group 0 is protected
        assertThat(FairStar.minimumTable(10, 0.6, 0.1)).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4);
        List_ a = list("1", 1, 10, "3", 1, 9, "5", 1, 8, "7", 1, 7, "9", 1, 6, "2", 0, 5, "4", 0, 4, "6", 0, 3, "8", 0, 2, "10", 0, 1);
        FairTopK f = new FairTopK(0, 10, 0.6, 0.1, false);
        assertThat(names(a, f.rerank(a.group(), a.merit()), 10)).containsExactly("1", "3", "2", "5", "4", "7", "6", "9", "8", "10");
        List_ b = list("1", 1, 10, "3", 1, 9, "5", 1, 8, "7", 1, 7, "9", 1, 6, "2", 1, 5, "4", 1, 4, "6", 0, 3, "8", 0, 2, "10", 0, 1);
        FairTopK g = new FairTopK(0, 10, 0.6, 0.1, false);
        assertThat(names(b, g.rerank(b.group(), b.merit()), 10)).containsExactly("1", "3", "6", "5", "8", "7", "10", "9", "2", "4");
        // three protected items cannot meet four required by the 9th place: the list is counted as infeasible
        assertThat(g.infeasible()).isEqualTo(1);
        assertThat(f.infeasible()).isZero();
    }

    @Test
    void geyikReRankersGiveThePublishedRulesResults() {
        // three groups with targets 0.5, 0.3, 0.2
        List_ l = list("a1.95", 0, .95, "a1.90", 0, .90, "a1.85", 0, .85, "a1.80", 0, .80, "a1.75", 0, .75, "a1.70", 0, .70,
                "a2.92", 1, .92, "a2.60", 1, .60, "a2.55", 1, .55, "a2.50", 1, .50, "a2.45", 1, .45, "a2.40", 1, .40,
                "a3.88", 2, .88, "a3.87", 2, .87, "a3.30", 2, .30, "a3.20", 2, .20, "a3.10", 2, .10, "a3.05", 2, .05);
        double[] t = {0.5, 0.3, 0.2};
        assertThat(names(l, new DetRanker(DetRanker.Variant.GREEDY, t, 6).rerank(l.group(), l.merit()), 6))
                .containsExactly("a1.95", "a2.92", "a1.90", "a3.88", "a1.85", "a3.87");
        assertThat(names(l, new DetRanker(DetRanker.Variant.CONS, t, 6).rerank(l.group(), l.merit()), 6))
                .containsExactly("a1.95", "a2.92", "a1.90", "a3.88", "a1.85", "a2.60");
        assertThat(names(l, new DetRanker(DetRanker.Variant.RELAXED, t, 6).rerank(l.group(), l.merit()), 6))
                .containsExactly("a1.95", "a2.92", "a1.90", "a3.88", "a1.85", "a2.60");
        assertThat(names(l, new DetRanker(DetRanker.Variant.CONST_SORT, t, 6).rerank(l.group(), l.merit()), 6))
                .containsExactly("a1.95", "a2.92", "a1.90", "a3.88", "a1.85", "a2.60");
        assertThat(names(l, new DetRanker(DetRanker.Variant.CONST_SORT, t, 10).rerank(l.group(), l.merit()), 10))
                .containsExactly("a1.95", "a2.92", "a1.90", "a3.88", "a1.85", "a1.80", "a2.60", "a3.87", "a1.75", "a2.55");
        // two groups: DetConstSort must not push f.4 (maximum index 4) below the 4th place
        List_ mf = list("m.9", 0, .9, "m.8", 0, .8, "m.7", 0, .7, "m.6", 0, .6, "m.5", 0, .5, "f.85", 1, .85, "f.4", 1, .4, "f.3", 1, .3,
                "f.2", 1, .2, "f.1", 1, .1);
        assertThat(names(mf, new DetRanker(DetRanker.Variant.CONST_SORT, new double[] {.5, .5}, 6).rerank(mf.group(), mf.merit()), 6))
                .containsExactly("m.9", "f.85", "m.8", "f.4", "m.7", "f.3");
    }

    @Test
    void everyReRankerMeetsItsConstraintOnEveryPrefixOfRandomLists() {
        for (int trial = 0; trial < 300; trial++) {
            SplitMix64 rng = SplitMix64.stream(99, trial);
            int n = 10 + rng.nextInt(60);
            int[] group = new int[n];
            double[] merit = new double[n];
            int[] count = new int[3];
            for (int i = 0; i < n; i++) {
                group[i] = rng.nextDouble() < 0.6 ? 0 : rng.nextDouble() < 0.6 ? 1 : 2;
                merit[i] = rng.nextDouble() + (group[i] == 0 ? 0.3 : 0); // group 0 scores higher
                count[group[i]]++;
            }
            // FA*IR for group 2 at p = 0.25: every prefix meets the table where there are enough protected items
            FairTopK f = new FairTopK(2, n, 0.25, 0.1, true);
            int[] o = f.rerank(group, merit);
            assertThat(o).as("a permutation").containsExactlyInAnyOrder(range(n));
            int[] table = f.table(n);
            int seen = 0;
            for (int i = 0; i < n; i++) {
                seen += group[o[i]] == 2 ? 1 : 0;
                if (table[i] <= count[2]) {
                    assertThat(seen).as("trial %d prefix %d", trial, i + 1).isGreaterThanOrEqualTo(table[i]);
                }
            }
            // DetConstSort: every group's count in every prefix k is at least floor(k p) while the group has items
            double[] t = {0.4, 0.35, 0.25};
            int[] d = new DetRanker(DetRanker.Variant.CONST_SORT, t, 0).rerank(group, merit);
            assertThat(d).containsExactlyInAnyOrder(range(n));
            int[] c = new int[3];
            for (int k = 1; k <= n; k++) {
                c[group[d[k - 1]]]++;
                for (int a = 0; a < 3; a++) {
                    int need = (int) Math.floor(k * t[a]);
                    if (need <= count[a]) {
                        assertThat(c[a]).as("trial %d, group %d, prefix %d", trial, a, k).isGreaterThanOrEqualTo(need);
                    }
                }
            }
            // DetGreedy with two groups (feasible for up to three)
            int[] two = new int[n];
            int[] count2 = new int[2];
            for (int i = 0; i < n; i++) {
                two[i] = group[i] == 0 ? 0 : 1;
                count2[two[i]]++;
            }
            for (DetRanker.Variant v : List.of(DetRanker.Variant.GREEDY, DetRanker.Variant.CONS, DetRanker.Variant.RELAXED)) {
                int[] gr = new DetRanker(v, new double[] {0.5, 0.5}, 0).rerank(two, merit);
                assertThat(gr).containsExactlyInAnyOrder(range(n));
                int[] c2 = new int[2];
                for (int k = 1; k <= n; k++) {
                    c2[two[gr[k - 1]]]++;
                    for (int a = 0; a < 2; a++) {
                        int need = (int) Math.floor(k * 0.5);
                        if (need <= count2[a]) {
                            assertThat(c2[a]).as("%s, trial %d, prefix %d", v, trial, k).isGreaterThanOrEqualTo(need);
                        }
                    }
                }
            }
        }
    }

    static Integer[] range(int n) {
        Integer[] r = new Integer[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Test
    void theExposureLpOfTheJobSeekerExample() {
        // six applicants: relevance 0.82, 0.81, 0.80 (group 0) and 0.79, 0.78, 0.77 (group 1); v = 1 / log2(1 + j).
        // Optimal utilities from an independent LP (scipy's linprog; docs/notes/ranking-methods.md §4).
        int[] g = {0, 0, 0, 1, 1, 1};
        double[] u = {0.82, 0.81, 0.80, 0.79, 0.78, 0.77};
        double[] expected = {2.636088411, 2.637023694, 2.636115880};
        ExposureLp.Constraint[] cs = ExposureLp.Constraint.values();
        for (int c = 0; c < cs.length; c++) {
            ExposureLp lp = new ExposureLp(0, cs[c], PositionBias.LOGARITHMIC, 1);
            ExposureLp.Solution s = lp.solve(g, u);
            assertThat(s.utility()).as(cs[c].name()).isCloseTo(expected[c], within(1e-8));
            assertThat(s.constraint()).as(cs[c].name() + ": the constraint holds").isCloseTo(0, within(1e-9));
            // doubly stochastic, and the mixture of rankings gives P back
            double[][] back = new double[6][6];
            double wsum = 0;
            for (int l = 0; l < s.weights().size(); l++) {
                wsum += s.weights().get(l);
                int[] rank = s.rankings().get(l);
                for (int i = 0; i < 6; i++) {
                    back[i][rank[i]] += s.weights().get(l);
                }
            }
            assertThat(wsum).isCloseTo(1, within(1e-12));
            assertThat(s.weights().size()).isLessThanOrEqualTo(26);
            for (int i = 0; i < 6; i++) {
                double row = 0;
                double col = 0;
                for (int j = 0; j < 6; j++) {
                    row += s.p()[i][j];
                    col += s.p()[j][i];
                    assertThat(back[i][j]).isCloseTo(s.p()[i][j], within(1e-9));
                }
                assertThat(row).isCloseTo(1, within(1e-9));
                assertThat(col).isCloseTo(1, within(1e-9));
            }
        }
        // the unconstrained ranking would be by relevance: utility 2.6473123050
        int[] order = new ExposureLp(0, ExposureLp.Constraint.PARITY, PositionBias.LOGARITHMIC, 1).rerank(g, u);
        assertThat(order).containsExactlyInAnyOrder(range(6));
    }
}
