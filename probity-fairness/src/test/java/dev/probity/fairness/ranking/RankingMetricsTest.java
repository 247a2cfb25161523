package dev.probity.fairness.ranking;

import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every ranking measure against published values or a hand computation. Sources: FA*IR's reference implementations'
 * tests (fair-search/fairsearch-fair-python tests/test_fair.py, fairsearch-fair-java MTableGenTests, MilkaLichtblau/
 * FA-IR_Ranking Test_test_fairness_in_rankings.py); Yang and Stoyanovich's definitions (worked by hand below);
 * Geyik et al.'s NDKL; Singh and Joachims' exposure.
 */
class RankingMetricsTest {
    static boolean[] flags(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s.charAt(i) == '1';
        }
        return b;
    }

    @Test
    void faStarMinimumTablesEqualThePublishedOnes() {
        // FA-IR_Ranking, test_CandidatesNeededAtPosition: k = 10, alpha = 0.1, unadjusted
        assertThat(FairStar.minimumTable(10, 0.2, 0.1)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(FairStar.minimumTable(10, 0.3, 0.1)).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(FairStar.minimumTable(10, 0.4, 0.1)).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2);
        assertThat(FairStar.minimumTable(10, 0.5, 0.1)).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 3, 3);
        assertThat(FairStar.minimumTable(10, 1, 0.1)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // fairsearch-fair-python: unadjusted (30, 0.3, 0.05)
        assertThat(FairStar.minimumTable(30, 0.3, 0.05)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3,
                3, 3, 3, 4, 4, 4, 4, 5, 5, 5);
        // fairsearch-fair-java MTableGenTests, mtable1.dat: (80, 0.6, 0.1)
        assertThat(FairStar.minimumTable(80, 0.6, 0.1)).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9,
                10, 10, 11, 11, 12, 12, 13, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 26, 26,
                27, 27, 28, 28, 29, 29, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 36, 36, 37, 37, 38, 38, 39, 40, 40, 41, 41, 42, 42);
    }

    @Test
    void faStarAdjustedSignificanceEqualsTheReferenceImplementation() {
        // fairsearch-fair-python tests/test_fair.py: adjusted tables and their failure probabilities
        FairStar.Adjusted a = FairStar.adjustedAlpha(10, 0.2, 0.15);
        assertThat(a.table()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
        assertThat(a.failureProbability()).isCloseTo(0.13421772800000065, within(1e-12));
        FairStar.Adjusted b = FairStar.adjustedAlpha(20, 0.25, 0.1);
        assertThat(b.alpha()).isCloseTo(0.078125, within(1e-12));
        assertThat(b.table()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
        assertThat(b.failureProbability()).isCloseTo(0.10515247355215251, within(1e-12));
        FairStar.Adjusted c = FairStar.adjustedAlpha(30, 0.3, 0.05);
        assertThat(c.table()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4);
        assertThat(c.failureProbability()).isCloseTo(0.04877730797178359, within(1e-12));
    }

    @Test
    void failureProbabilityByHand() {
        // one position that must be protected: fails with probability 1 - p
        assertThat(FairStar.failureProbability(new int[] {1}, 0.3)).isCloseTo(0.7, within(1e-15));
        // [0, 1]: fails when neither of two items is protected
        assertThat(FairStar.failureProbability(new int[] {0, 1}, 0.3)).isCloseTo(0.49, within(1e-15));
        assertThat(FairStar.firstViolation(flags("0010"), new int[] {0, 1, 1, 2})).isEqualTo(2);
        assertThat(FairStar.firstViolation(flags("0110"), new int[] {0, 1, 1, 2})).isEqualTo(0);
    }

    @Test
    void yangStoyanovichMeasuresByHand() {
        // 20 items, 10 protected, 3 of them in the top 10: rND = |0.3 - 0.5| / log2(10) over the all-at-the-bottom
        // maximum |0 - 0.5| / log2(10) (the cut point at 20 adds 0 to both): 0.4
        boolean[] ex2 = flags("10010010001101101110");
        assertThat(ListMetrics.rnd(ex2, 10)).isCloseTo(0.4, within(1e-12));
        assertThat(ListMetrics.rkl(ex2, 10)).isCloseTo(0.1200789321, within(1e-9));
        // rRD: R = 1; top 10 has 3 protected to 7 others: |3/7 - 1| over |0 - 1|
        assertThat(ListMetrics.rrd(ex2, 10)).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(ListMetrics.rnd(flags("00000000001111111111"), 10)).isCloseTo(1.0, within(1e-12));
        boolean[] ex3 = flags("001000010001001010101101101101");
        assertThat(ListMetrics.rnd(ex3, 10)).isCloseTo(0.4580136428, within(1e-9));
        assertThat(ListMetrics.rkl(ex3, 10)).isCloseTo(0.2135811244, within(1e-9));
        assertThat(ListMetrics.rrd(ex3, 10)).isCloseTo(0.6353082318, within(1e-9));
        assertThat(ListMetrics.rnd(flags("101"), 10)).isNaN(); // shorter than a cut point
    }

    @Test
    void ndklByHand() {
        // [m, m, f, m, f, f] against (0.5, 0.5): per prefix KL 0.6931, 0.6931, 0.0566, 0.1308, 0.0201, 0
        assertThat(ListMetrics.ndkl(new int[] {0, 0, 1, 0, 1, 1}, new double[] {0.5, 0.5})).isCloseTo(0.3700579455, within(1e-9));
        assertThat(ListMetrics.ndkl(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5})).isCloseTo(0.2816450301, within(1e-9));
        assertThat(ListMetrics.ndkl(new int[] {0, 0, 1, 1}, new double[] {0.5, 0.5})).isCloseTo(0.4523688364, within(1e-9));
    }

    @Test
    void singhAndJoachimsExposureOfTheJobSeekerExample() {
        // six applicants ranked by relevance 0.82, 0.81, 0.80 (group 0) then 0.79, 0.78, 0.77 (group 1)
        int[] g = {0, 0, 0, 1, 1, 1};
        double[] u = {0.82, 0.81, 0.80, 0.79, 0.78, 0.77};
        double[] v = PositionBias.LOGARITHMIC.of(6);
        double[] e = ListMetrics.meanExposure(g, 2, v);
        // by hand: (1 + 1/log2 3 + 1/2) / 3 and (1/log2 5 + 1/log2 6 + 1/log2 7) / 3
        assertThat(e[0]).isCloseTo((1 + 1 / log2(3) + 0.5) / 3, within(1e-15));
        assertThat(e[0]).isCloseTo(0.7103099179, within(1e-9));
        assertThat(e[1]).isCloseTo(0.3912455175, within(1e-9));
        double[] mu = ListMetrics.meanRelevance(g, 2, u);
        assertThat((e[0] / mu[0]) / (e[1] / mu[1])).isCloseTo(1.7482683189, within(1e-9));
        double[] ctr = ListMetrics.meanClickThrough(g, 2, u, v);
        assertThat((ctr[0] / mu[0]) / (ctr[1] / mu[1])).isCloseTo(1.8192887059, within(1e-9));
        assertThat(ListMetrics.ndcg(u, 6)).isCloseTo(1.0, within(1e-15));
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void theAuditAveragesOverQueries() {
        // two queries of four: q1 = b a b a (exposure ratio computed by hand), q2 = a a b b
        Frame f = Frame.of(StringColumn.of("q", "q1", "q1", "q1", "q1", "q2", "q2", "q2", "q2"),
                StringColumn.of("g", "b", "a", "b", "a", "a", "a", "b", "b"), LongColumn.of("pos", 1, 2, 3, 4, 1, 2, 3, 4));
        RankedLists lists = RankedLists.of(f, new RankedLists.Columns("q", null, "pos", null, "g", null));
        RankAuditResult r = RankAudit.run(lists, RankAuditSpec.defaults("b").withKs(List.of(2)).withFairness(4, 0.5, 0.1, false));
        double[] v = PositionBias.LOGARITHMIC.of(4);
        double b1 = (v[0] + v[2]) / 2;
        double a1 = (v[1] + v[3]) / 2;
        double b2 = (v[2] + v[3]) / 2;
        double a2 = (v[0] + v[1]) / 2;
        assertThat(r.measure("exposure_ratio").value()).isCloseTo(((b1 + b2) / 2) / ((a1 + a2) / 2), within(1e-15));
        assertThat(r.topShares().get(0).share().value()).isCloseTo(0.25, within(1e-15)); // 1/2 and 0/2
        // b's share of the exposure, per list, averaged: (v1 + v3) / Σv and (v3 + v4) / Σv; the gap subtracts b's half of the items
        double total = v[0] + v[1] + v[2] + v[3];
        double share = ((v[0] + v[2]) / total + (v[2] + v[3]) / total) / 2;
        assertThat(r.group("b").exposureShare().value()).isCloseTo(share, within(1e-15));
        assertThat(r.group("b").gap().value()).isCloseTo(share - 0.5, within(1e-15));
        assertThat(r.group("b").itemShare().value()).isEqualTo(0.5);
        // FA*IR at p = 0.5, alpha = 0.1, k = 4: m = [0, 0, 0, 1]: both lists hold a b in the top 4
        assertThat(r.fairStar().failed()).isZero();
        assertThat(r.input().queries()).isEqualTo(2);
    }

    @Test
    void steckMiscalibrationByHand() {
        // history A, A, A, C, D, D: p = (A 1/2, C 1/6, D 1/3); natural log, alpha = 0.01
        java.util.Map<String, Double> p = java.util.Map.of("A", 0.5, "C", 1.0 / 6, "D", 1.0 / 3);
        // a list of two A: q = (1, 0, 0); by hand 0.5 ln(0.5 / 0.995) + (1/6 + 1/3) ln(100)
        double aa = UserHistory.miscalibration(p, java.util.Map.of("A", 1.0), 0.01);
        assertThat(aa).isCloseTo(0.5 * Math.log(0.5 / 0.995) + 0.5 * Math.log(100), within(1e-12));
        assertThat(aa).isCloseTo(1.9585177736, within(1e-9));
        assertThat(UserHistory.miscalibration(p, java.util.Map.of("A", 1.0 / 3, "C", 1.0 / 3, "D", 1.0 / 3), 0.01))
                .isCloseTo(0.0855496768, within(1e-9));
        assertThat(UserHistory.miscalibration(p, p, 0.01)).isCloseTo(0, within(1e-15));
        // through the audit: user u's list is A, C, D; user v has no history and is left out
        Frame lists = Frame.of(StringColumn.of("user", "u", "u", "u", "v", "v"), StringColumn.of("genre", "A", "C", "D", "A", "D"),
                LongColumn.of("rank", 1, 2, 3, 1, 2));
        Frame hist = Frame.of(StringColumn.of("user", "u", "u", "u", "u", "u", "u"), StringColumn.of("genre", "A", "A", "A", "C", "D", "D"));
        RankAuditResult r = RankAudit.run(RankedLists.of(lists, new RankedLists.Columns("user", null, "rank", null, "genre", null)),
                RankAuditSpec.defaults("C"), UserHistory.of(hist, "user", "genre", null));
        assertThat(r.measure("miscalibration").value()).isCloseTo(0.0855496768, within(1e-9));
        assertThat(r.measure("miscalibration").queries()).isEqualTo(1);
    }

    @Test
    void tiedScoresShareTheirPositionsWhateverTheRowOrder() {
        // scores 3, 2, 2, 2, 1: the middle three tie; in one file order the protected item is first among them, in the other last
        Frame a = Frame.of(StringColumn.of("g", "x", "p", "x", "x", "x"), dev.probity.core.frame.DoubleColumn.of("s", 3, 2, 2, 2, 1));
        Frame b = Frame.of(StringColumn.of("g", "x", "x", "x", "p", "x"), dev.probity.core.frame.DoubleColumn.of("s", 3, 2, 2, 2, 1));
        RankAuditSpec spec = RankAuditSpec.defaults("p").withKs(List.of(2, 3));
        RankAuditResult ra = RankAudit.run(RankedLists.of(a, new RankedLists.Columns(null, null, null, "s", "g", null)), spec);
        RankAuditResult rb = RankAudit.run(RankedLists.of(b, new RankedLists.Columns(null, null, null, "s", "g", null)), spec);
        assertThat(ra.measure("exposure_ratio").value()).isEqualTo(rb.measure("exposure_ratio").value());
        double[] v = PositionBias.LOGARITHMIC.of(5);
        double shared = (v[1] + v[2] + v[3]) / 3;
        assertThat(ra.measure("exposure_ratio").value()).isCloseTo(shared / ((v[0] + 2 * shared + v[4]) / 4), within(1e-15));
        // top 2 holds one of the three tied places: a third of the protected item, in expectation
        assertThat(ra.topShares().get(0).share().value()).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(rb.topShares().get(0).share().value()).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(ra.input().tiedItems()).isEqualTo(3);
        assertThat(ra.findings()).anySatisfy(f -> assertThat(f).contains("3 items share their score"));
    }
}
