package dev.probity.bench;

import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.accounting.Prv;
import dev.probity.privacy.accounting.Rdp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code probity-bench/run dp [RUNS]}: the privacy accountants, in one JVM after a warm-up. An RDP account of 10,000
 * steps of the sampled Gaussian mechanism is the per-step RDP at Opacus's 151 default orders (the log-space series,
 * which is all the cost), times 10,000, converted to ε at δ = 1e-5; target under 1 ms. Three settings: Opacus's own
 * test (q = 0.04, σ = 1.5), MNIST DP-SGD (q = 256/60,000, σ = 1.1) and a large sample rate (q = 0.5, σ = 0.7), where
 * the fractional orders' series run longest. Each figure is the median over RUNS batches of the mean time of 1,000
 * accounts, with the thread's CPU time beside it (on a shared machine the wall time includes waiting for a core). Then
 * the numerical (PRV) accountant on 100,000 steps at q = 0.001, σ = 0.8, δ = 1e-6 (a grid of 2^21
 * points), median of RUNS.
 */
public final class DpHarness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private DpHarness() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        double[][] settings = {{0.04, 1.5}, {256.0 / 60_000, 1.1}, {0.5, 0.7}};
        for (double[] s : settings) {
            double sink = 0;
            for (int i = 0; i < 5_000; i++) { // warm-up
                sink += account(s[0], s[1]).epsilon();
            }
            List<Double> times = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            Guarantee g = null;
            for (int r = 0; r < runs; r++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < 1_000; i++) {
                    g = account(s[0], s[1]);
                    sink += g.epsilon();
                }
                times.add((System.nanoTime() - t0) / 1e6 / 1_000);
                cpu.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / 1_000);
            }
            System.out.printf(Locale.ROOT, "RDP account of 10,000 steps (q=%.5f, sigma=%.2f, 151 orders): median %.3f ms (min %.3f, max %.3f; CPU %.3f ms) "
                    + "over %d batches of 1,000; epsilon %.4f at order %s (delta 1e-5); target < 1 ms%s%n", s[0], s[1], WholeProcess.median(times),
                    WholeProcess.min(times), WholeProcess.max(times), WholeProcess.median(cpu), runs, g.epsilon(), g.order(), sink == 0 ? " " : "");
        }
        Prv prv = Prv.sampledGaussian(0.001, 0.8, 100_000);
        prv.epsilon(1e-6); // warm-up
        List<Double> times = new ArrayList<>();
        Guarantee g = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            g = prv.epsilon(1e-6);
            times.add((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "PRV account of 100,000 steps (q=0.001, sigma=0.8, delta 1e-6, grid of %d points): median %.3f s (min %.3f); "
                + "epsilon in [%.4f, %.4f], estimate %.4f (prv_accountant: 2.9246)%n", prv.compose(0.01, 1e-9).gridSize(), WholeProcess.median(times),
                WholeProcess.min(times), g.lower(), g.epsilon(), g.estimate());
    }

    private static Guarantee account(double q, double sigma) {
        return Rdp.sampledGaussian(q, sigma).times(10_000).epsilon(1e-5);
    }
}
