package dev.probity.core.testing;

import dev.probity.core.stats.SplitMix64;

import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A fixed number of property-test cases drawn from a seeded generator, for a JUnit
 * {@code @ParameterizedTest @MethodSource}. Case {@code i} gets its own seed, derived from the suite's seed
 * and {@code i}, so every case can be rerun alone from the seed its name prints, and adding cases does not
 * change the earlier ones.
 *
 * <pre>{@code
 * static Stream<Split> splits() { return Cases.of(0x5EEDL, 80, g -> new Split(g.seed(), g.between(2, 600))); }
 *
 * @ParameterizedTest(name = "{0}") @MethodSource("splits")
 * void mergeLaw(Split s) { ... }
 * }</pre>
 *
 * The case's {@code toString} is what JUnit prints for it; records that hold their seed print it.
 */
public final class Cases {
    private Cases() {
    }

    /** The seed of case {@code index} of a suite seeded with {@code suiteSeed}. */
    public static long caseSeed(long suiteSeed, int index) {
        return SplitMix64.stream(suiteSeed, index).nextLong();
    }

    /** {@code count} cases; case {@code i} is {@code make} applied to a generator seeded with {@link #caseSeed}. */
    public static <T> Stream<T> of(long suiteSeed, int count, Function<Gen, T> make) {
        return IntStream.range(0, count).mapToObj(i -> make.apply(Gen.of(caseSeed(suiteSeed, i))));
    }
}
