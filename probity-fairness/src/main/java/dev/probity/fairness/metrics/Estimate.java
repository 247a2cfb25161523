package dev.probity.fairness.metrics;

import dev.probity.core.stats.Interval;

import java.util.Objects;

/**
 * A reported number, immutable: its value (possibly undefined), and the intervals that describe its uncertainty —
 * an analytic interval where a formula exists (Wilson's for proportions; Newcombe's hybrid score interval for a
 * difference of proportions; Katz's log interval for a ratio of proportions), and a percentile bootstrap interval
 * when resampling was asked for, with the number of replicates in which the value was undefined.
 *
 * @param value               the value, or undefined with its reason
 * @param analytic            the analytic interval, or null
 * @param bootstrap           the bootstrap interval, or null
 * @param undefinedReplicates bootstrap replicates in which the value was undefined (left out of the interval)
 */
public record Estimate(Value value, Interval analytic, Interval bootstrap, int undefinedReplicates) {
    public Estimate {
        Objects.requireNonNull(value, "value");
    }

    public Estimate(Value value) {
        this(value, null, null, 0);
    }

    public static Estimate of(Value v) {
        return new Estimate(v);
    }

    public boolean isDefined() {
        return value.isDefined();
    }

    public double number() {
        return value.value();
    }

    /** The interval to show: bootstrap when present, else the analytic one. */
    public Interval interval() {
        return bootstrap != null ? bootstrap : analytic;
    }

    /** The same estimate with an analytic interval. */
    public Estimate withAnalytic(Interval i) {
        return new Estimate(value, i, bootstrap, undefinedReplicates);
    }

    /** The same estimate with a bootstrap interval (null when the bootstrap gave none) and its undefined replicates. */
    public Estimate withBootstrap(Interval i, int undefined) {
        return new Estimate(value, analytic, i, undefined);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
