package dev.probity.privacy.mechanism;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BernoulliExpTest {

    @ParameterizedTest(name = "exp(-{0}/{1})")
    @CsvSource({"0, 1", "1, 10", "1, 3", "1, 1", "5, 2", "7, 3", "10, 1", "123456789, 98765432", "1, 4611686018427387904"})
    void frequencyIsExpMinusGamma(long num, long den) {
        Randomness r = Randomness.seeded(num * 31 + den);
        int n = 200_000;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (BernoulliExp.sample(r, num, den)) {
                k++;
            }
        }
        Stat.assertProportion("exp(-" + num + "/" + den + ")", k, n, Math.exp(-(double) num / den));
    }

    @Test
    void bigIntegerPathHasTheSameFrequencies() {
        // γ = 4/3 written over a denominator of 2^80: the BigInteger path, fraction and whole part
        BigInteger den = BigInteger.ONE.shiftLeft(80).multiply(BigInteger.valueOf(3));
        BigInteger num = BigInteger.ONE.shiftLeft(80).multiply(BigInteger.valueOf(4));
        Randomness r = Randomness.seeded(3);
        int n = 100_000;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (BernoulliExp.sample(r, num, den)) {
                k++;
            }
        }
        Stat.assertProportion("exp(-4/3) over 2^80", k, n, Math.exp(-4.0 / 3));
        assertThat(BernoulliExp.sample(r, Rational.ZERO)).isTrue();
    }

    @Test
    void expMinusOneIsExpMinusOne() {
        Randomness r = Randomness.seeded(99);
        int n = 400_000;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (BernoulliExp.expMinusOne(r)) {
                k++;
            }
        }
        Stat.assertProportion("exp(-1)", k, n, Math.exp(-1));
    }
}
