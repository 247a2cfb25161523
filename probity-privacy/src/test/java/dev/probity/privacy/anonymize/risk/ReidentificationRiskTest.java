package dev.probity.privacy.anonymize.risk;

import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReidentificationRiskTest {

    static Frame table(String... values) {
        return Frame.of(StringColumn.of("zip", values));
    }

    @Test
    void prosecutorJournalistMarketerOnAHandTable() {
        // classes: a (1), b (1), c (2), d (3): 7 records
        Frame data = table("a", "b", "c", "c", "d", "d", "d");
        RiskReport r = ReidentificationRisk.of(data, List.of("zip"), new RiskSettings(0.4, Double.NaN, null));
        assertEquals(4, r.classes());
        assertEquals(4.0 / 7, r.prosecutor().average(), 1e-15);
        assertEquals(1.0, r.prosecutor().highest());
        assertEquals(4.0 / 7, r.prosecutor().recordsAtRisk(), 1e-15); // a, b, c, c have risk > 0.4
        assertEquals(2.0 / 7, r.sampleUniques(), 1e-15);
        assertEquals(r.prosecutor(), r.journalist());
        assertTrue(r.populationUniques().isEmpty());

        // population: a 2, b 5, c 4, d 3, plus people not in the sample
        Frame pop = table("a", "a", "b", "b", "b", "b", "b", "c", "c", "c", "c", "d", "d", "d", "e");
        RiskReport j = ReidentificationRisk.of(data, List.of("zip"), new RiskSettings(0.4, Double.NaN, pop));
        double expected = (1.0 / 2 + 1.0 / 5 + 2.0 / 4 + 3.0 / 3) / 7;
        assertEquals(expected, j.journalist().average(), 1e-15);
        assertEquals(0.5, j.journalist().highest(), 1e-15);
        assertEquals(1.0 / 7, j.journalist().recordsAtRisk(), 1e-15); // only a (1/2) is above 0.4
        assertEquals(expected, j.marketer().average(), 1e-15);
    }

    @Test
    void pitmanSaysWhenTheModelDoesNotFit() {
        Random rnd = new Random(7);
        String[] values = new String[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = "v" + rnd.nextInt(2000); // a closed set of 2,000 classes
        }
        RiskReport r = ReidentificationRisk.of(table(values), List.of("zip"), new RiskSettings(0.2, 0.1, null));
        PopulationUniqueness p = r.populationUniques().get(0);
        assertTrue(Double.isNaN(p.uniques()) && p.note().contains("α"), p.toString());
    }

    @Test
    void zayatzMatchesExactHypergeometric() {
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        sizes.put(1, 3);
        sizes.put(2, 2);
        sizes.put(4, 1);
        int n = 11;
        double pi = 0.25;
        int classes = 6;
        long bigN = 44;
        // exact P(X = 1) = K · C(N−K, n−1) / C(N, n)
        double[] p = new double[5];
        for (int k : new int[]{1, 2, 4}) {
            BigInteger num = BigInteger.valueOf(k).multiply(choose(bigN - k, n - 1));
            p[k] = new java.math.BigDecimal(num).divide(new java.math.BigDecimal(choose(bigN, n)),
                    java.math.MathContext.DECIMAL64).doubleValue();
        }
        double share = (3.0 / classes * p[1]) / (3.0 / classes * p[1] + 2.0 / classes * p[2] + 1.0 / classes * p[4]);
        double expected = 3 * share / pi / bigN;
        PopulationUniqueness z = ReidentificationRisk.zayatz(sizes, n, classes, pi);
        assertEquals(expected, z.uniques(), 1e-12);
    }

    static BigInteger choose(long a, long b) {
        BigInteger r = BigInteger.ONE;
        for (long i = 0; i < b; i++) {
            r = r.multiply(BigInteger.valueOf(a - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }

    /** Log-likelihood of Pitman's sampling formula, by direct sums (constant terms left out). */
    static double logLikelihood(TreeMap<Integer, Integer> sizes, int n, int u, double theta, double alpha) {
        double l = 0;
        for (int i = 1; i < u; i++) {
            l += Math.log(theta + i * alpha);
        }
        for (int i = 1; i < n; i++) {
            l -= Math.log(theta + i);
        }
        for (var e : sizes.entrySet()) {
            for (int i = 1; i < e.getKey(); i++) {
                l += e.getValue() * Math.log(i - alpha);
            }
        }
        return l;
    }

    @Test
    void pitmanFindsTheMaximumLikelihood() {
        Random rnd = new Random(7);
        String[] values = new String[3000];
        for (int i = 0; i < values.length; i++) {
            // a heavy-tailed (unbounded) distribution of classes, as Pitman's model assumes
            values[i] = "v" + (long) Math.floor(1 / Math.pow(rnd.nextDouble(), 1.4));
        }
        Frame data = table(values);
        RiskReport r = ReidentificationRisk.of(data, List.of("zip"), new RiskSettings(0.2, 0.1, null));
        PopulationUniqueness p = r.populationUniques().get(0);
        assertEquals("Pitman", p.model());
        assertEquals(3, r.populationUniques().size());
        assertTrue(p.uniques() > 0 && p.uniques() < r.sampleUniques(), p + " vs sample uniques " + r.sampleUniques());
        double theta = ReidentificationRisk.LAST_FIT.get()[0];
        double alpha = ReidentificationRisk.LAST_FIT.get()[1];
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        ReidentificationRisk.classSizes(data, List.of("zip")).values().forEach(f -> sizes.merge(Math.toIntExact(f), 1, Integer::sum));
        double best = logLikelihood(sizes, 3000, r.classes(), theta, alpha);
        for (double[] d : new double[][]{{1e-3, 0}, {-1e-3, 0}, {0, 1e-4}, {0, -1e-4}, {1e-3, 1e-4}, {-1e-3, -1e-4}}) {
            double l = logLikelihood(sizes, 3000, r.classes(), theta * (1 + d[0]), alpha + d[1]);
            assertTrue(l <= best + 1e-9, "likelihood higher at a neighbour " + java.util.Arrays.toString(d));
        }
        PopulationUniqueness z = r.populationUniques().get(1);
        assertTrue(z.uniques() > 0 && z.uniques() < r.sampleUniques(), z.toString());
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (with the boost for shape < 1). */
    static double gamma(double shape, Random rnd) {
        if (shape < 1) {
            return gamma(shape + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(rnd.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static int poisson(double lambda, Random rnd) {
        if (lambda > 50) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void snbRecoversThePopulationUniquesOfItsOwnModel() {
        // a population whose class sizes less one are negative binomial (α = 0.6, β = 0.3), sampled at π = 0.1
        Random rnd = new Random(11);
        double alpha = 0.6;
        double beta = 0.3;
        double pi = 0.1;
        int classes = 40_000;
        List<String> sample = new java.util.ArrayList<>();
        int populationUniques = 0;
        long population = 0;
        for (int c = 0; c < classes; c++) {
            int size = 1 + poisson(gamma(alpha, rnd) * (1 - beta) / beta, rnd);
            population += size;
            populationUniques += size == 1 ? 1 : 0;
            for (int j = 0; j < size; j++) {
                if (rnd.nextDouble() < pi) {
                    sample.add("c" + c);
                }
            }
        }
        double fraction = (double) sample.size() / population;
        RiskReport r = ReidentificationRisk.of(table(sample.toArray(new String[0])), List.of("zip"),
                new RiskSettings(0.2, fraction, null));
        PopulationUniqueness snb = r.populationUniques().get(2);
        assertEquals("SNB", snb.model());
        double truth = (double) populationUniques / population;
        System.out.printf("SNB %.4f, Pitman %.4f, Zayatz %.4f; true share of population uniques %.4f%n", snb.uniques(),
                r.populationUniques().get(0).uniques(), r.populationUniques().get(1).uniques(), truth);
        assertTrue(Math.abs(snb.uniques() - truth) < 0.15 * truth, snb + " vs the true share " + truth);
    }

    /** A grouped count (one row per class, its size beside it) gives the report of the rows it counts. */
    @Test
    void classSizesFromAGroupedCountGiveTheSameReport() {
        String[] zips = {"10115", "10115", "10117", "20095", "20095", "20095", "", "10117", "80331"};
        String[] ages = {"30-39", "30-39", "40-49", "30-39", "30-39", "30-39", "50-59", "40-49", "30-39"};
        Frame rows = new Frame("rows", List.of(StringColumn.of("zip", zips), StringColumn.of("age", ages)));
        // the same classes, counted: one row each, the missing zip twice (a null and an empty text format alike)
        Frame classes = new Frame("classes", List.of(
                StringColumn.of("zip", "10115", "10117", "20095", null, "", "80331"),
                StringColumn.of("age", "30-39", "40-49", "30-39", "50-59", "50-59", "30-39")));
        long[] counts = {2, 2, 3, 0, 1, 1};
        var settings = new RiskSettings(0.4, 0.1, null);
        var sizes = ReidentificationRisk.classSizes(classes, List.of("zip", "age"), counts);
        assertEquals(ReidentificationRisk.classSizes(rows, List.of("zip", "age")), sizes);
        assertEquals(ReidentificationRisk.of(rows, List.of("zip", "age"), settings),
                ReidentificationRisk.ofClassSizes(sizes, List.of("zip", "age"), settings));
    }
}
