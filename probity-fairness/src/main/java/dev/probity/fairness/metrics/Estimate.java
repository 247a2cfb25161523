package dev.probity.fairness.metrics;

import dev.probity.core.stats.Interval;

/**
 * A reported number: its value (possibly undefined), and the intervals that describe its uncertainty — an
 * analytic interval where a formula exists (Wilson's for proportions; Newcombe's hybrid score interval for
 * a difference of proportions; Katz's log interval for a ratio of proportions), and a percentile bootstrap
 * interval when resampling was asked for.
 */
public final class Estimate {
    private final Value value;
    private Interval analytic;
    private Interval bootstrap;
    private int undefinedReplicates;

    public Estimate(Value value) {
        this.value = value;
    }

    public static Estimate of(Value v) {
        return new Estimate(v);
    }

    public Value value() {
        return value;
    }

    public boolean isDefined() {
        return value.isDefined();
    }

    public double number() {
        return value.value();
    }

    /** The analytic interval (Wilson, Newcombe or Katz), or null. */
    public Interval analytic() {
        return analytic;
    }

    public Interval bootstrap() {
        return bootstrap;
    }

    /** Replicates in which the value was undefined (left out of the bootstrap interval). */
    public int undefinedReplicates() {
        return undefinedReplicates;
    }

    /** The interval to show: bootstrap when present, else the analytic one. */
    public Interval interval() {
        return bootstrap != null ? bootstrap : analytic;
    }

    /** Sets the analytic interval. */
    public void setAnalytic(Interval i) {
        this.analytic = i;
    }

    /** Sets the bootstrap interval and the number of replicates where the value was undefined. */
    public void setBootstrap(Interval i, int undefined) {
        this.bootstrap = i;
        this.undefinedReplicates = undefined;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
