package dev.probity.core.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShrinkTest {
    record Size(long seed, int n) {
    }

    static List<Size> smaller(Size s) {
        List<Size> out = new ArrayList<>();
        if (s.n() > 0) {
            out.add(new Size(s.seed(), s.n() / 2));
            out.add(new Size(s.seed(), s.n() - 1));
        }
        return out;
    }

    @Test
    void aFailureIsShrunkToTheSmallestFailingCaseAndNamesBoth() {
        assertThatThrownBy(() -> Shrink.check(new Size(7, 1000), ShrinkTest::smaller,
                s -> assertThat(s.n()).as("n").isLessThan(37)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property failed for Size[seed=7, n=1000]")
                .hasMessageContaining("smallest failing case found by shrinking: Size[seed=7, n=37]");
    }

    @Test
    void aPassingCaseRunsOnce() {
        int[] runs = {0};
        Shrink.check(new Size(1, 5), ShrinkTest::smaller, s -> runs[0]++);
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void casesAreDeterministicAndIndependentOfTheirCount() {
        List<Long> five = Cases.of(42, 5, Gen::nextLong).toList();
        List<Long> ten = Cases.of(42, 10, Gen::nextLong).toList();
        assertThat(ten.subList(0, 5)).isEqualTo(five);
        assertThat(ten).doesNotHaveDuplicates();
        Gen g = Gen.of(Cases.caseSeed(42, 3));
        assertThat(g.nextLong()).isEqualTo(five.get(3));
    }

    @Test
    void betweenCoversBothEnds() {
        Gen g = Gen.of(1);
        boolean lo = false;
        boolean hi = false;
        for (int i = 0; i < 1000; i++) {
            int v = g.between(2, 5);
            assertThat(v).isBetween(2, 5);
            lo |= v == 2;
            hi |= v == 5;
        }
        assertThat(lo && hi).isTrue();
    }
}
