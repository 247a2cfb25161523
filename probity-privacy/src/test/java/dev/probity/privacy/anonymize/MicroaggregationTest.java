package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroaggregationTest {

    @Test
    void threeClustersByHand() {
        Frame f = Frame.of(LongColumn.of("x", 10, 1, 22, 2, 11, 20, 3, 12, 21));
        Microaggregation.Result r = Microaggregation.mdav(f, List.of("x"), 3);
        assertEquals(3, r.groups());
        double[] out = ((DoubleColumn) r.output().column("x")).values();
        double[] expected = {11, 2, 21, 2, 11, 21, 2, 11, 21};
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], 1e-12, "row " + i);
        }
    }

    @Test
    void randomDataIndependentChecks() {
        for (int seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 50 + rnd.nextInt(300);
            int k = 2 + rnd.nextInt(6);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = 40 + 12 * rnd.nextGaussian();
                b[i] = Math.exp(rnd.nextGaussian());
            }
            Frame f = Frame.of(DoubleColumn.of("a", a), DoubleColumn.of("b", b), StringColumn.of("s", new String[n]));
            Microaggregation.Result r = Microaggregation.mdav(f, List.of("a", "b"), k);
            Map<Integer, Integer> size = new HashMap<>();
            Map<Integer, double[]> sums = new HashMap<>();
            for (int i = 0; i < n; i++) {
                size.merge(r.groupOfRow()[i], 1, Integer::sum);
                double[] s = sums.computeIfAbsent(r.groupOfRow()[i], g -> new double[2]);
                s[0] += a[i];
                s[1] += b[i];
            }
            assertEquals(r.groups(), size.size());
            int large = 0;
            for (int s : size.values()) {
                assertTrue(s >= k && s <= 2 * k - 1, "group of " + s + " with k " + k);
                large += s > k ? 1 : 0;
            }
            assertTrue(large <= 1, "only the last group may hold more than k");
            double[] oa = ((DoubleColumn) r.output().column("a")).values();
            double[] ob = ((DoubleColumn) r.output().column("b")).values();
            double meanA = 0;
            double meanOut = 0;
            for (int i = 0; i < n; i++) {
                int g = r.groupOfRow()[i];
                assertEquals(sums.get(g)[0] / size.get(g), oa[i], 1e-9);
                assertEquals(sums.get(g)[1] / size.get(g), ob[i], 1e-9);
                meanA += a[i];
                meanOut += oa[i];
            }
            assertEquals(meanA / n, meanOut / n, 1e-9, "the mean is kept");
            // SSE / SST on z-scores, recomputed
            double loss = sseOverSst(a, r.groupOfRow(), size) + 0;
            double lossB = sseOverSst(b, r.groupOfRow(), size);
            double sstA = n;
            double sstB = n;
            assertEquals((loss * sstA + lossB * sstB) / (sstA + sstB), r.informationLoss(), 1e-9);
            assertTrue(r.informationLoss() > 0 && r.informationLoss() < 0.5, "close records grouped: " + r.informationLoss());
        }
    }

    /** SSE / SST of one attribute's z-scores (SST of z-scores is n). */
    static double sseOverSst(double[] x, int[] group, Map<Integer, Integer> size) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / n);
        Map<Integer, Double> gm = new HashMap<>();
        for (int i = 0; i < n; i++) {
            gm.merge(group[i], (x[i] - mean) / sd, Double::sum);
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double d = (x[i] - mean) / sd - gm.get(group[i]) / size.get(group[i]);
            sse += d * d;
        }
        return sse / n;
    }

    @Test
    void textIsRefused() {
        Frame f = Frame.of(StringColumn.of("zip", "a", "b", "c"));
        InputException e = assertThrows(InputException.class, () -> Microaggregation.mdav(f, List.of("zip"), 2));
        assertTrue(e.getMessage().contains("'zip'"), e.getMessage());
    }
}
