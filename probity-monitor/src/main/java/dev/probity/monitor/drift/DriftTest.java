package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drift tests, each with Evidently's name, default threshold and rule — a p-value below (or at) the threshold,
 * or a distance above (or at) it, means drift — so that a team moving from Evidently gets the same verdicts.
 */
public enum DriftTest {
    /** Two-sample Kolmogorov–Smirnov p-value; drift if p ≤ 0.05. */
    KS("ks", 0.05, true, true),
    /** Chi-square goodness of fit of the current counts to the reference shares; drift if p &lt; 0.05. */
    CHI_SQUARE("chisquare", 0.05, true, false),
    /** Two-proportion z-test (pooled) for two categories; drift if p &lt; 0.05. */
    Z("z", 0.05, true, false),
    /**
     * Fisher's exact test (two-sided, scipy's {@code fisher_exact}) on the 2×2 table of reference/current by the two
     * values of a column with at most two; drift if p &lt; 0.1 (Evidently's {@code fisher_exact}).
     */
    FISHER("fisher_exact", 0.1, true, false),
    /** Wasserstein-1 distance over the reference's (population) standard deviation; drift if ≥ 0.1. */
    WASSERSTEIN("wasserstein", 0.1, false, true),
    /** Jensen–Shannon distance (natural logarithms) of the two histograms; drift if ≥ 0.1. */
    JENSEN_SHANNON("jensenshannon", 0.1, false, true),
    /** Population stability index of the two histograms; drift if ≥ 0.1. */
    PSI("psi", 0.1, false, true),
    /** KL(reference‖current) of the two histograms; drift if ≥ 0.1. */
    KL("kl_div", 0.1, false, true),
    /** Energy distance; drift if &gt; 0.1 (strictly, as Evidently). */
    ENERGY("ed", 0.1, false, false),
    /** Anderson–Darling k-sample p-value (interpolated, capped at 0.25 and floored at 0.001); drift if p &lt; 0.1. */
    ANDERSON("anderson", 0.1, true, false),
    /** Cramér–von Mises p-value; drift if p ≤ 0.1. */
    CRAMER_VON_MISES("cramer_von_mises", 0.1, true, true);

    private final String id;
    private final double threshold;
    private final boolean pValue;
    private final boolean inclusive;

    DriftTest(String id, double threshold, boolean pValue, boolean inclusive) {
        this.id = id;
        this.threshold = threshold;
        this.pValue = pValue;
        this.inclusive = inclusive;
    }

    /** Evidently's name: ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, ed. */
    public String id() {
        return id;
    }

    public double defaultThreshold() {
        return threshold;
    }

    /** Whether the score is a p-value (small means drift) rather than a distance (large means drift). */
    public boolean isPValue() {
        return pValue;
    }

    /** The drift rule in words, e.g. "p ≤ 0.05" or "distance ≥ 0.1". */
    public String rule(double threshold) {
        String t = java.math.BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
        return (pValue ? "p " : "distance ") + (pValue ? (inclusive ? "≤ " : "< ") : (inclusive ? "≥ " : "> ")) + t;
    }

    /** Whether a score means drift at this threshold. */
    public boolean drifted(double score, double threshold) {
        if (Double.isNaN(score)) {
            return false;
        }
        if (pValue) {
            return inclusive ? score <= threshold : score < threshold;
        }
        return inclusive ? score >= threshold : score > threshold;
    }

    /** Whether it can test a column of this kind (the distribution-free tests need numbers). */
    public boolean accepts(Sample s) {
        return s.isNumerical() || !(this == KS || this == WASSERSTEIN || this == ENERGY || this == ANDERSON || this == CRAMER_VON_MISES);
    }

    public static DriftTest parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (DriftTest d : values()) {
            if (d.id.equals(t) || d.name().toLowerCase(Locale.ROOT).equals(t) || d.name().toLowerCase(Locale.ROOT).replace("_", "-").equals(t)) {
                return d;
            }
        }
        throw new InputException("unknown drift test '" + InputException.shown(s) + "'; the tests are auto, "
                + String.join(", ", java.util.Arrays.stream(values()).map(DriftTest::id).toList()));
    }

    /** The test's score on two cleaned samples: a p-value or a distance. */
    public double score(Sample ref, Sample cur) {
        return switch (this) {
            case KS -> KolmogorovSmirnov.testSorted(ref.numbers(), cur.numbers()).pValue();
            case WASSERSTEIN -> Distances.cdfDistanceSorted(ref.numbers(), cur.numbers(), 1) / Math.max(populationStd(ref.numbers()), 0.001);
            case ENERGY -> Math.sqrt(2) * Distances.cdfDistanceSorted(ref.numbers(), cur.numbers(), 2);
            case JENSEN_SHANNON -> {
                double[][] s = Binning.shares(ref, cur);
                yield Distances.jensenShannon(s[0], s[1]);
            }
            case PSI -> {
                double[][] s = Binning.shares(ref, cur);
                yield Distances.psi(Binning.floored(s[0]), Binning.floored(s[1]));
            }
            case KL -> {
                double[][] s = Binning.shares(ref, cur);
                yield Distances.kullbackLeibler(Binning.floored(s[0]), Binning.floored(s[1]));
            }
            case ANDERSON -> AndersonDarling.test(ref.numbers(), cur.numbers()).pValue();
            case CRAMER_VON_MISES -> CramerVonMises.test(ref.numbers(), cur.numbers()).pValue();
            case CHI_SQUARE -> chiSquare(ref, cur);
            case Z -> zTest(ref, cur);
            case FISHER -> fisher(ref, cur);
        };
    }

    /** Goodness of fit of the current counts to the reference's shares scaled to the current size; df = categories − 1. */
    static double chiSquare(Sample ref, Sample cur) {
        List<Object> keys = Sample.keys(ref, cur);
        Map<Object, Integer> rc = ref.counts();
        Map<Object, Integer> cc = cur.counts();
        if (keys.size() < 2) {
            return 1.0;
        }
        double k = (double) cur.size() / ref.size();
        double stat = 0;
        for (Object key : keys) {
            double e = rc.getOrDefault(key, 0) * k;
            double o = cc.getOrDefault(key, 0);
            if (e == 0) {
                return 0.0; // a value the reference never had: an infinite statistic
            }
            stat += (o - e) * (o - e) / e;
        }
        return ChiSquaredDistribution.of(keys.size() - 1).survivalProbability(stat);
    }

    /**
     * The pooled two-proportion z-test on the share of the second (in order) of at most two values, with the p-value
     * written as 2(1 − Φ(|z|)) as Evidently writes it (which reaches 0 for |z| above about 8.3).
     */
    static double zTest(Sample ref, Sample cur) {
        List<Object> keys = Sample.keys(ref, cur);
        if (keys.size() == 1) {
            return 1.0;
        }
        Object first = keys.get(0);
        double s1 = ref.size() - ref.counts().getOrDefault(first, 0);
        double s2 = cur.size() - cur.counts().getOrDefault(first, 0);
        double n1 = ref.size();
        double n2 = cur.size();
        double pooled = (s1 + s2) / (n1 + n2);
        double z = (s1 / n1 - s2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return 2 * (1 - NormalDistribution.of(0, 1).cumulativeProbability(Math.abs(z)));
    }

    /**
     * Fisher's exact test on reference/current × the two values (Apache Commons Statistics: the two-sided p-value sums
     * the probabilities of tables no more likely than the observed one, with scipy's relative tolerance for ties).
     * One value on both sides is no evidence of drift (p = 1).
     *
     * @throws InputException when the column has more than two values
     */
    static double fisher(Sample ref, Sample cur) {
        List<Object> keys = Sample.keys(ref, cur);
        if (keys.size() > 2) {
            throw new InputException("Fisher's exact test compares two values; this column has " + keys.size());
        }
        if (keys.size() == 1) {
            return 1.0;
        }
        Object first = keys.get(0);
        int a = ref.counts().getOrDefault(first, 0);
        int c = cur.counts().getOrDefault(first, 0);
        return org.apache.commons.statistics.inference.FisherExactTest.withDefaults()
                .test(new int[][] {{a, ref.size() - a}, {c, cur.size() - c}}).getPValue();
    }

    static double populationStd(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / x.length);
    }
}
