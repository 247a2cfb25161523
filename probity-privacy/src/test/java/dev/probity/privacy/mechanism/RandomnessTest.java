package dev.probity.privacy.mechanism;

import dev.probity.core.stats.SplitMix64;
import dev.probity.core.testing.Cases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RandomnessTest {

    /** A source that returns the given words in turn. */
    static Randomness scripted(long... words) {
        int[] i = {0};
        return Randomness.of(() -> words[i[0]++ % words.length], "scripted");
    }

    @Test
    void bitsComeOutInOrderAcrossWords() {
        Randomness r = scripted(0xF0F0_0000_0000_0001L, 0x8000_0000_0000_0000L);
        assertThat(r.nextBits(4)).isEqualTo(0xF);
        assertThat(r.nextBits(4)).isEqualTo(0x0);
        assertThat(r.nextBits(55)).isEqualTo(0xF0_0000_0000_0000L >>> 1);
        // one bit (1) left in the first word, then the second word's leading 1 and a 0
        assertThat(r.nextBits(3)).isEqualTo(0b110);
        assertThat(r.nextBit()).isFalse();
    }

    @Test
    void seededIsNotPrivateAndSecureIs() {
        assertThat(Randomness.seeded(1).isPrivate()).isFalse();
        assertThat(Randomness.seeded(1).toString()).contains("not private");
        Randomness secure = Randomness.secure();
        assertThat(secure.isPrivate()).isTrue();
        assertThat(secure.toString()).startsWith("SecureRandom").doesNotContain("not private");
        assertThat(Randomness.perThread()).isSameAs(Randomness.perThread());
        // two seeded sources with one seed give one stream
        Randomness a = Randomness.seeded(7);
        Randomness b = Randomness.seeded(7);
        for (int i = 0; i < 100; i++) {
            assertThat(a.uniform(1000)).isEqualTo(b.uniform(1000));
        }
    }

    @Test
    void uniformIsUniform() {
        Randomness r = Randomness.seeded(11);
        assertThat(r.uniform(1)).isZero();
        for (long n : new long[] {2, 7, 64, 1000}) {
            long[] samples = new long[50_000];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = r.uniform(n);
            }
            assertThat(Stat.chiSquare(samples, v -> v >= 0 && v < n ? 1.0 / n : 0)).as("n = %d", n).isGreaterThan(1e-4);
        }
        BigInteger big = BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(12345));
        int topHalf = 0;
        for (int i = 0; i < 20_000; i++) {
            BigInteger u = r.uniform(big);
            assertThat(u.signum()).isNotNegative();
            assertThat(u).isLessThan(big);
            if (u.testBit(99)) {
                topHalf++;
            }
        }
        Stat.assertProportion("bit 99 of a uniform integer below 2^100 + 12345", topHalf, 20_000, 0.5);
        assertThatThrownBy(() -> r.uniform(0)).isInstanceOf(IllegalArgumentException.class);
    }

    record Fraction(long seed, long num, long den) {
    }

    static Stream<Fraction> fractions() {
        return Cases.of(0xB1A5L, 12, g -> {
            long den = 1 + (g.nextLong() >>> (2 + g.between(0, 60)));
            return new Fraction(g.seed(), (g.nextLong() >>> 1) % (den + 1), den);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fractions")
    void bernoulliHasItsProbability(Fraction f) {
        Randomness r = Randomness.seeded(f.seed());
        int n = 40_000;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (r.bernoulli(f.num(), f.den())) {
                k++;
            }
        }
        Stat.assertProportion(f.num() + "/" + f.den(), k, n, (double) f.num() / f.den());
        // the BigInteger version agrees in distribution: same fraction scaled past 2^62
        BigInteger scale = BigInteger.ONE.shiftLeft(70).add(BigInteger.valueOf(3));
        int kb = 0;
        for (int i = 0; i < n; i++) {
            if (r.bernoulli(BigInteger.valueOf(f.num()).multiply(scale), BigInteger.valueOf(f.den()).multiply(scale))) {
                kb++;
            }
        }
        Stat.assertProportion(f.num() + "/" + f.den() + " as big integers", kb, n, (double) f.num() / f.den());
    }

    @Test
    void bernoulliSpendsTwoBitsOnAverage() {
        SplitMixCounting source = new SplitMixCounting(5);
        Randomness r = Randomness.of(source, "counting");
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            r.bernoulli(123_456_789L, 987_654_321_987L);
        }
        double bits = source.words * 64.0 / n;
        assertThat(bits).isBetween(1.9, 2.1);
    }

    /** SplitMix64 that counts the words it gives. */
    static final class SplitMixCounting implements Randomness.Source {
        private final SplitMix64 rng;
        long words;

        SplitMixCounting(long seed) {
            rng = new SplitMix64(seed);
        }

        @Override
        public long nextLong() {
            words++;
            return rng.nextLong();
        }
    }
}
