package dev.probity.bench;

import dev.probity.privacy.mechanism.DiscreteGaussian;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.mechanism.Rational;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Discrete Gaussian samples per second of one thread's CPU time ("per core", so that other processes on a shared
 * machine do not count against it) and per second of wall time, at σ = 10 and σ = 1000, with bits from SplitMix64
 * (seeded) and from SecureRandom (DRBG). Five rounds of 5,000,000 samples after two warm-up rounds; prints the
 * median. Target: at least 5 million per CPU-second at σ = 10. Run: {@code probity-bench/run privacy}.
 */
public final class PrivacyHarness {
    private PrivacyHarness() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = 5_000_000;
        long sink = 0;
        for (long sigmaSquared : new long[] {100, 1_000_000}) {
            for (boolean secure : new boolean[] {false, true}) {
                DiscreteGaussian g = DiscreteGaussian.withVariance(Rational.of(sigmaSquared));
                Randomness r = secure ? Randomness.secure() : Randomness.seeded(1);
                double[] cpu = new double[5];
                double[] wall = new double[5];
                for (int round = -2; round < 5; round++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        sink += g.sample(r);
                    }
                    if (round >= 0) {
                        cpu[round] = n / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
                        wall[round] = n / ((System.nanoTime() - t0) / 1e9);
                    }
                }
                java.util.Arrays.sort(cpu);
                java.util.Arrays.sort(wall);
                System.out.printf("discrete Gaussian, sigma = %s, %s: %.2f million per CPU-second (%.2f per wall-second)%n",
                        Math.round(Math.sqrt(sigmaSquared)), secure ? r.toString() : "seeded SplitMix64",
                        cpu[2] / 1e6, wall[2] / 1e6);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
