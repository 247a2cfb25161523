package dev.probity.bench;

import dev.probity.privacy.mechanism.DiscreteGaussian;
import dev.probity.privacy.mechanism.DiscreteLaplace;
import dev.probity.privacy.mechanism.GaussianMechanism;
import dev.probity.privacy.mechanism.LaplaceMechanism;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.mechanism.Rational;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The exact samplers of probity-privacy, one thread: discrete Gaussian samples per second at σ = 10 and σ = 1000
 * (target: at least 5 million per second per core at σ = 10), with bits from SplitMix64 (seeded, as a benchmark
 * may) and from SecureRandom (DRBG, what a real release uses); discrete Laplace at scale 10; one release of the
 * Laplace and of the Gaussian mechanism (ε = 1, δ = 10^-5, Δ = 1) with secure bits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrivacyBenchmark {
    DiscreteGaussian sigma10;
    DiscreteGaussian sigma1000;
    DiscreteLaplace laplace10;
    LaplaceMechanism laplaceMechanism;
    GaussianMechanism gaussianMechanism;
    Randomness seeded;
    Randomness secure;

    @Setup
    public void setup() {
        sigma10 = DiscreteGaussian.withVariance(Rational.of(100));
        sigma1000 = DiscreteGaussian.withVariance(Rational.of(1_000_000));
        laplace10 = DiscreteLaplace.withScale(Rational.of(10));
        laplaceMechanism = LaplaceMechanism.of(1, 1);
        gaussianMechanism = GaussianMechanism.analytic(1, 1e-5, 1);
        seeded = Randomness.seeded(1);
        secure = Randomness.secure();
    }

    @Benchmark
    public long discreteGaussianSigma10Seeded() {
        return sigma10.sample(seeded);
    }

    @Benchmark
    public long discreteGaussianSigma10Secure() {
        return sigma10.sample(secure);
    }

    @Benchmark
    public long discreteGaussianSigma1000Secure() {
        return sigma1000.sample(secure);
    }

    @Benchmark
    public long discreteLaplaceScale10Secure() {
        return laplace10.sample(secure);
    }

    @Benchmark
    public double laplaceMechanismRelease() {
        return laplaceMechanism.release(42.0, secure).value();
    }

    @Benchmark
    public double gaussianMechanismRelease() {
        return gaussianMechanism.release(42.0, secure).value();
    }
}
