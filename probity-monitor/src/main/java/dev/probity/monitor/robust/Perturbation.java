package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Ordinary, not hostile, changes of input and how many decisions they flip: Gaussian noise on the numeric features
 * (all together, then each alone), a feature gone missing, a category swapped for another. Each check reports the share
 * of rows whose decision changed with a Wilson interval. A model whose decisions flip under noise smaller than the
 * measurement error of its inputs cannot be trusted with borderline cases.
 *
 * <ul>
 *   <li><b>noise</b>: {@code x + N(0, (σ · sd)²)}, where sd is the feature's standard deviation in the data and σ the
 *       setting {@code noise} (0.1 by default); clipped to the feature's range and rounded when the feature holds whole
 *       numbers.</li>
 *   <li><b>missing</b>: the feature's value removed, so the model's own handling of missing values decides (imputation
 *       for a logistic regression, the default branch of a tree).</li>
 *   <li><b>swap</b>: the category replaced by another drawn from the data's other categories, in proportion to how often
 *       each occurs.</li>
 * </ul>
 * Draws come from SplitMix64 streams of the seed, one per check, so results do not depend on the order of checks.
 */
public final class Perturbation {
    private Perturbation() {
    }

    /**
     * @param noise the noise's standard deviation, in standard deviations of each feature
     * @param level the confidence level of the intervals
     * @param seed  the seed of every draw
     */
    public record Settings(double noise, double level, long seed) {
        public Settings {
            if (!(noise > 0) || !Double.isFinite(noise)) {
                throw new InputException("the noise is a positive number of standard deviations; got " + noise);
            }
            if (!(level > 0 && level < 1)) {
                throw new InputException("a confidence level is between 0 and 1; got " + level);
            }
        }

        public static Settings defaults() {
            return new Settings(0.1, 0.95, 42);
        }
    }

    /**
     * One check: a kind of change to one feature (or to every numeric feature together), and the decisions it flipped.
     *
     * @param kind     {@code noise}, {@code missing} or {@code swap}
     * @param feature  the feature changed; {@code *} for every mutable numeric feature at once
     * @param rows     rows tested
     * @param flipped  rows whose decision changed
     * @param interval the Wilson interval of the share flipped
     */
    public record Check(String kind, String feature, int rows, int flipped, Interval interval) {
        public double share() {
            return rows == 0 ? 0 : (double) flipped / rows;
        }
    }

    /** Every check, in the order noise (together, then each feature), missing, swap; and the checks the model refused. */
    public record Report(Settings settings, int rows, List<Check> checks, List<String> skipped) {
        public Report {
            checks = List.copyOf(checks);
            skipped = List.copyOf(skipped);
        }
    }

    /** Runs every check on {@code data}'s rows. */
    public static Report run(InputSpace space, Frame data, Settings s) {
        int n = data.rowCount();
        if (n == 0) {
            throw new InputException(data.source() + ": no rows to perturb");
        }
        int[] base = space.decide(data);
        List<Check> checks = new ArrayList<>();
        long stream = 0;
        List<String> numeric = space.numeric();
        if (!numeric.isEmpty()) {
            Frame f = data;
            for (int j = 0; j < numeric.size(); j++) {
                f = f.withColumn(noisy(space, data, j, s, stream + j));
            }
            checks.add(check("noise", "*", base, space.decide(f), s.level()));
            for (int j = 0; j < numeric.size(); j++) {
                Frame one = data.withColumn(noisy(space, data, j, s, stream + j));
                checks.add(check("noise", numeric.get(j), base, space.decide(one), s.level()));
            }
        }
        stream += 1_000;
        List<String> all = new ArrayList<>(numeric);
        all.addAll(space.categorical());
        List<String> skipped = new ArrayList<>();
        for (String name : all) {
            Frame one = data.withColumn(missing(data.column(name)));
            try {
                checks.add(check("missing", name, base, space.decide(one), s.level()));
            } catch (InputException | IllegalArgumentException e) {
                skipped.add("missing " + name + ": the model does not take a missing value there (" + e.getMessage() + ")");
            }
        }
        stream += 1_000;
        for (int j = 0; j < space.categorical().size(); j++) {
            String name = space.categorical().get(j);
            StringColumn swapped = swap((StringColumn) data.column(name), s.seed(), stream + j);
            if (swapped == null) {
                continue; // one category only: nothing to swap to
            }
            checks.add(check("swap", name, base, space.decide(data.withColumn(swapped)), s.level()));
        }
        return new Report(s, n, checks, skipped);
    }

    private static Check check(String kind, String feature, int[] before, int[] after, double level) {
        int flipped = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                flipped++;
            }
        }
        return new Check(kind, feature, before.length, flipped, Interval.wilson(flipped, before.length, level));
    }

    private static DoubleColumn noisy(InputSpace space, Frame data, int j, Settings s, long stream) {
        String name = space.numeric().get(j);
        double[] x = dev.probity.core.frame.Numbers.of(data.column(name));
        SplitMix64 rng = SplitMix64.stream(s.seed(), stream);
        double sd = s.noise() * space.scale()[j];
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double g = GradientAttack.gaussian(rng);
            if (Double.isNaN(x[i])) {
                out[i] = Double.NaN;
                continue;
            }
            double v = Math.max(space.low()[j], Math.min(space.high()[j], x[i] + sd * g));
            out[i] = space.integer()[j] ? Math.rint(v) : v;
        }
        return new DoubleColumn(name, out, data.column(name).missing());
    }

    private static Column missing(Column c) {
        int n = c.size();
        BitSet all = new BitSet(n);
        all.set(0, n);
        Missing m = Missing.of(all);
        return switch (c) {
            case DoubleColumn d -> {
                double[] v = new double[n];
                java.util.Arrays.fill(v, Double.NaN);
                yield new DoubleColumn(c.name(), v, m);
            }
            case LongColumn l -> new LongColumn(c.name(), new long[n], m);
            case BooleanColumn b -> new BooleanColumn(c.name(), new boolean[n], m);
            case StringColumn t -> {
                int[] codes = new int[n];
                java.util.Arrays.fill(codes, StringColumn.MISSING);
                yield new StringColumn(c.name(), codes, t.dictionary());
            }
        };
    }

    private static StringColumn swap(StringColumn c, long seed, long stream) {
        int k = c.cardinality();
        long[] count = new long[k];
        for (int code : c.codes()) {
            if (code >= 0) {
                count[code]++;
            }
        }
        int present = 0;
        long total = 0;
        for (long v : count) {
            present += v > 0 ? 1 : 0;
            total += v;
        }
        if (present < 2) {
            return null;
        }
        SplitMix64 rng = SplitMix64.stream(seed, stream);
        int[] codes = c.codes();
        int[] out = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int own = codes[i];
            if (own < 0) {
                out[i] = own;
                continue;
            }
            long room = total - count[own];
            long r = (long) (rng.nextDouble() * room);
            int pick = -1;
            for (int q = 0; q < k; q++) {
                if (q == own) {
                    continue;
                }
                if (r < count[q]) {
                    pick = q;
                    break;
                }
                r -= count[q];
            }
            out[i] = pick >= 0 ? pick : own;
        }
        return new StringColumn(c.name(), out, c.dictionary());
    }
}
