package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.Numbers;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Causal discrimination testing (Galhotra, Brun &amp; Meliou 2017, "Fairness Testing", the Themis tool): take an input,
 * change only the protected attribute (and, if asked, declared proxies of it, to the values they take among people
 * of the other group), and see whether the decision changes. The causal discrimination score is the share of inputs
 * for which some other value of the attribute gives another decision. Unlike a gap in selection rates it needs no
 * labels and says something about individuals: "for 3.1% of applicants, being a man rather than a woman changes the
 * decision".
 *
 * <p>Inputs are drawn from the data (the people the model meets; the default) or, as Themis does, uniformly from the
 * input domain (each text feature uniformly over its categories, each number uniformly over its range). Sampling stops
 * once the Wilson interval's half-width at the confidence level falls to the margin, checked every 100 inputs (Themis's
 * adaptive rule), or at the sample limit. Alongside the score come the flips between each pair of values: of the inputs
 * of group A, the share whose decision changes when set to B, and the share that would then get the favourable decision
 * (class 1). Drawn from the data, no person is tested twice: a file of 40 people gives an interval for 40.
 */
public final class CausalDiscrimination {
    private CausalDiscrimination() {
    }

    /** Where inputs come from. */
    public enum Sampling { DATA, UNIFORM;
        public static Sampling parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "data" -> DATA;
                case "uniform" -> UNIFORM;
                default -> throw new InputException("sampling is data or uniform; got '" + s + "'");
            };
        }
    }

    /**
     * @param attribute the protected attribute (a text or whole-number column the model reads)
     * @param proxies   features set, with the attribute, to a value they take in the other group (the most common one)
     * @param sampling  where inputs come from
     * @param maxInputs the most inputs tested
     * @param margin    stop once the interval's half-width is at most this
     * @param level     the confidence level
     * @param seed      the seed of the draws
     */
    public record Settings(String attribute, List<String> proxies, Sampling sampling, int maxInputs, double margin, double level, long seed) {
        public Settings {
            proxies = proxies == null ? List.of() : List.copyOf(proxies);
            if (maxInputs < 1) {
                throw new InputException("at least one input is tested; got " + maxInputs);
            }
            if (!(margin > 0 && margin < 1)) {
                throw new InputException("the margin is a share between 0 and 1; got " + margin);
            }
            if (!(level > 0 && level < 1)) {
                throw new InputException("a confidence level is between 0 and 1; got " + level);
            }
        }

        /** Inputs from the data, at most 10,000, margin 0.01 at 95%. */
        public static Settings of(String attribute) {
            return new Settings(attribute, List.of(), Sampling.DATA, 10_000, 0.01, 0.95, 42);
        }
    }

    /** Of inputs in group {@code from}, how many change decision when set to {@code to}, and how many then get class 1. */
    public record Flip(String from, String to, int inputs, int changed, int favourable, Interval changedInterval) {
        public double share() {
            return inputs == 0 ? 0 : (double) changed / inputs;
        }
    }

    /**
     * @param inputs        inputs tested
     * @param discriminated inputs whose decision changes for some other value of the attribute
     * @param interval      the Wilson interval of the score
     * @param stoppedEarly  whether the margin was reached before the sample limit
     * @param flips         the flips between each ordered pair of values
     */
    public record Result(Settings settings, List<String> values, int inputs, int discriminated, Interval interval, boolean stoppedEarly,
                         List<Flip> flips) {
        public Result {
            values = List.copyOf(values);
            flips = List.copyOf(flips);
        }

        /** The causal discrimination score. */
        public double score() {
            return inputs == 0 ? 0 : (double) discriminated / inputs;
        }
    }

    public static Result run(Model model, Frame data, Settings s) {
        model.info().checkInputs(data);
        String attr = feature(model, data, s.attribute());
        Column ac = data.column(attr);
        if (ac.type() == ColumnType.DOUBLE) {
            throw new InputException("protected attribute '" + attr + "' holds fractional numbers; causal discrimination needs groups (text or whole numbers)");
        }
        List<String> proxies = new ArrayList<>();
        for (String p : s.proxies()) {
            String f = feature(model, data, p);
            if (f.equals(attr)) {
                throw new InputException("'" + p + "' is the protected attribute itself, not a proxy of it");
            }
            proxies.add(f);
        }
        String[] groupOf = labels(ac);
        List<String> values = distinct(groupOf);
        if (values.size() < 2) {
            throw new InputException("protected attribute '" + attr + "' has " + values.size() + " value(s) in " + data.source()
                    + "; causal discrimination needs at least two");
        }
        // For each group and proxy, the proxy's most common value in that group (what "as the other group would have it" means).
        Map<String, Map<String, String>> proxyValue = new LinkedHashMap<>();
        for (String v : values) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String p : proxies) {
                m.put(p, mode(labels(data.column(p)), groupOf, v));
            }
            proxyValue.put(v, m);
        }
        int k = values.size();
        int[][] seen = new int[k][k];
        int[][] changed = new int[k][k];
        int[][] favourable = new int[k][k];
        SplitMix64 rng = SplitMix64.stream(s.seed(), 0);
        int tested = 0;
        int discriminated = 0;
        boolean early = false;
        Frame pool = s.sampling() == Sampling.UNIFORM ? null : data.filter(notMissing(ac));
        if (pool != null && pool.rowCount() == 0) {
            throw new InputException(data.source() + ": every row is missing '" + attr + "'");
        }
        // From the data, each person is tested at most once: a small file must not look like a large sample.
        int limit = pool == null ? s.maxInputs() : Math.min(s.maxInputs(), pool.rowCount());
        while (tested < limit) {
            int batch = Math.min(100, limit - tested);
            Frame inputs = s.sampling() == Sampling.UNIFORM ? uniform(model, data, batch, rng, attr, values) : draw(pool, batch, rng, tested, limit);
            batch = inputs.rowCount();
            String[] own = labels(inputs.column(attr));
            int[] before = decide(model, inputs);
            boolean[] any = new boolean[batch];
            for (int t = 0; t < k; t++) {
                Frame moved = set(inputs, attr, values.get(t));
                for (String p : proxies) {
                    moved = set(moved, p, proxyValue.get(values.get(t)).get(p));
                }
                int[] after = decide(model, moved);
                for (int i = 0; i < batch; i++) {
                    int f = values.indexOf(own[i]);
                    if (f < 0 || f == t) {
                        continue;
                    }
                    seen[f][t]++;
                    if (after[i] != before[i]) {
                        changed[f][t]++;
                        any[i] = true;
                    }
                    if (after[i] == 1) {
                        favourable[f][t]++;
                    }
                }
            }
            for (boolean b : any) {
                discriminated += b ? 1 : 0;
            }
            tested += batch;
            if (batch == 0) {
                break;
            }
            Interval ci = Interval.wilson(discriminated, tested, s.level());
            if (tested < limit && (ci.high() - ci.low()) / 2 <= s.margin()) {
                early = true;
                break;
            }
        }
        List<Flip> flips = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            for (int t = 0; t < k; t++) {
                if (f != t && seen[f][t] > 0) {
                    flips.add(new Flip(values.get(f), values.get(t), seen[f][t], changed[f][t], favourable[f][t],
                            Interval.wilson(changed[f][t], seen[f][t], s.level())));
                }
            }
        }
        return new Result(s, values, tested, discriminated, Interval.wilson(discriminated, tested, s.level()), early, flips);
    }

    private static String feature(Model model, Frame data, String name) {
        for (Feature f : model.info().features()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.name();
            }
        }
        if (data.has(name)) {
            throw new InputException("'" + name + "' is a column of " + data.source() + " but not an input of the model: changing it cannot change "
                    + "a decision. Causal discrimination tests a model that reads the attribute (or its proxies)");
        }
        throw new InputException(data.unknownColumnMessage(name));
    }

    private static int[] decide(Model model, Frame f) {
        double[] s = model.score(f);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] >= 0.5 ? 1 : 0;
        }
        return out;
    }

    private static boolean[] notMissing(Column c) {
        boolean[] keep = new boolean[c.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = !c.missing().isMissing(i);
        }
        return keep;
    }

    // The whole pool in order when it fits the limit; otherwise draws with replacement.
    private static Frame draw(Frame pool, int batch, SplitMix64 rng, int done, int max) {
        int n = pool.rowCount();
        int[] rows = new int[batch];
        for (int i = 0; i < batch; i++) {
            rows[i] = n <= max && done + i < n ? done + i : rng.nextInt(n);
        }
        return pool.select(rows);
    }

    private static Frame uniform(Model model, Frame data, int batch, SplitMix64 rng, String attr, List<String> values) {
        List<Column> cols = new ArrayList<>();
        for (Feature f : model.info().features()) {
            Column c = data.column(f.name());
            if (f.name().equals(attr)) {
                String[] v = new String[batch];
                for (int i = 0; i < batch; i++) {
                    v[i] = values.get(rng.nextInt(values.size()));
                }
                cols.add(set(data, attr, v));
            } else if (c instanceof StringColumn) {
                String[] cats = InputSpace.categories(data, f.name());
                String[] v = new String[batch];
                for (int i = 0; i < batch; i++) {
                    v[i] = cats[rng.nextInt(cats.length)];
                }
                cols.add(StringColumn.of(f.name(), v));
            } else {
                double[] x = Numbers.of(c);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                boolean whole = c.type() != ColumnType.DOUBLE;
                for (double v : x) {
                    if (!Double.isNaN(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (!(lo <= hi)) {
                    throw new InputException(data.source() + ": column '" + f.name() + "' has no values to draw a range from");
                }
                double[] v = new double[batch];
                for (int i = 0; i < batch; i++) {
                    v[i] = whole ? lo + rng.nextInt((int) Math.min(Integer.MAX_VALUE - 1, hi - lo) + 1) : lo + (hi - lo) * rng.nextDouble();
                }
                cols.add(new DoubleColumn(f.name(), v, Missing.NONE));
            }
        }
        return new Frame(data.source() + " (uniform draws)", cols);
    }

    private static Column set(Frame shape, String name, String[] values) {
        if (shape.column(name) instanceof StringColumn) {
            return StringColumn.of(name, values);
        }
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(values[i]);
        }
        return new DoubleColumn(name, v, Missing.NONE);
    }

    private static Frame set(Frame f, String name, String value) {
        Column c = f.column(name);
        int n = f.rowCount();
        if (c instanceof StringColumn) {
            String[] v = new String[n];
            java.util.Arrays.fill(v, value);
            return f.withColumn(StringColumn.of(name, v));
        }
        double[] v = new double[n];
        java.util.Arrays.fill(v, value == null ? Double.NaN : Double.parseDouble(value));
        return f.withColumn(new DoubleColumn(name, v, Missing.NONE));
    }

    private static String[] labels(Column c) {
        String[] out = new String[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.format(i);
        }
        return out;
    }

    private static List<String> distinct(String[] v) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        for (String x : v) {
            if (x != null) {
                s.add(x);
            }
        }
        return new ArrayList<>(s);
    }

    private static String mode(String[] v, String[] group, String g) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            if (g.equals(group[i]) && v[i] != null) {
                count.merge(v[i], 1, Integer::sum);
            }
        }
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}
