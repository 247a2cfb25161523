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
 * @param bootstrapWithheld   why the bootstrap ran but its interval is not given (too few rows, too many undefined
 *                            replicates, every replicate the same), or null
 */
public record Estimate(Value value, Interval analytic, Interval bootstrap, int undefinedReplicates, String bootstrapWithheld) {
    public Estimate {
        Objects.requireNonNull(value, "value");
        if (bootstrap != null && bootstrapWithheld != null) {
            throw new IllegalArgumentException("a bootstrap interval that is withheld cannot be given");
        }
    }

    public Estimate(Value value, Interval analytic, Interval bootstrap, int undefinedReplicates) {
        this(value, analytic, bootstrap, undefinedReplicates, null);
    }

    public Estimate(Value value) {
        this(value, null, null, 0, null);
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

    /**
     * The interval to show: the bootstrap's when present, else the analytic one (also when the bootstrap's was
     * withheld), else none.
     */
    public Interval interval() {
        return bootstrap != null ? bootstrap : analytic;
    }

    /** The same estimate with an analytic interval. */
    public Estimate withAnalytic(Interval i) {
        return new Estimate(value, i, bootstrap, undefinedReplicates, bootstrapWithheld);
    }

    /** The same estimate with a bootstrap interval (null when the bootstrap gave none) and its undefined replicates. */
    public Estimate withBootstrap(Interval i, int undefined) {
        return new Estimate(value, analytic, i, undefined, null);
    }

    /** The same estimate with its bootstrap interval withheld, saying why (the analytic interval, if any, is shown). */
    public Estimate withBootstrapWithheld(String reason) {
        return new Estimate(value, analytic, null, undefinedReplicates, Objects.requireNonNull(reason));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
