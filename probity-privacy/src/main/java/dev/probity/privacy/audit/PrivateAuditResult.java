package dev.probity.privacy.audit;

import dev.probity.privacy.mechanism.Release;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A private fairness audit: every number here was derived from the noisy confusion counts (post-processing), so the
 * whole result carries the release's guarantee — when its noise was private ({@link #privateNoise()}).
 *
 * @param source       where the rows came from
 * @param attributes   per protected attribute, each group's rates and their disparities against the reference group
 * @param privacy      what was released and how
 * @param confidence   the intervals' nominal coverage
 * @param notes        what was private and what was not, in words
 */
public record PrivateAuditResult(String source, List<Attribute> attributes, Privacy privacy, double confidence,
                                 List<String> notes) {
    public PrivateAuditResult {
        attributes = List.copyOf(attributes);
        notes = List.copyOf(notes);
    }

    /** True when the noise came from a secure source; a seeded result protects nobody. */
    public boolean privateNoise() {
        return privacy.privateNoise();
    }

    /** "private (…)" or "not private (seeded noise, for tests)". */
    public String privacyNote() {
        return privacy.privateNoise()
                ? "private: " + privacy.guarantee()
                : Release.NOT_PRIVATE;
    }

    public Attribute attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no protected attribute '" + name + "' in " + attributes.stream().map(Attribute::name).toList()));
    }

    /**
     * What was released and how.
     *
     * @param mechanism         "geometric (discrete Laplace)" or "discrete Gaussian"
     * @param epsilon           ε of the release
     * @param delta             δ of the release (0 for the discrete Laplace)
     * @param rho               ρ-zCDP of the release, where known
     * @param noiseScale        the discrete Laplace's scale b, or the discrete Gaussian's σ, added to each count
     * @param noiseVariance     the variance of the noise on one count
     * @param cells             the number of joint cells (combinations of every attribute's groups) noised
     * @param countsReleased    the number of noisy counts released (4 per cell)
     * @param unit              the privacy unit's column, or null when each row is a person
     * @param rowsDropped       rows left out by contribution bounding (one row kept per unit); exact, see the notes
     * @param privateNoise      true when the noise came from a secure source
     */
    public record Privacy(String mechanism, double epsilon, double delta, double rho, double noiseScale, double noiseVariance,
                         int cells, int countsReleased, String unit, long rowsDropped, boolean privateNoise) {
        public String guarantee() {
            return delta == 0 ? "ε = " + epsilon + " (pure differential privacy, " + mechanism + ")"
                    : "(ε = " + epsilon + ", δ = " + delta + ")-differential privacy (" + mechanism + ")";
        }
    }

    /** One protected attribute: its groups and the disparities of each against the reference. */
    public record Attribute(String name, String reference, List<Group> groups, List<Disparity> disparities) {
        public Attribute {
            groups = List.copyOf(groups);
            disparities = List.copyOf(disparities);
        }

        public Group group(String name) {
            return groups.stream().filter(g -> g.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no group '" + name + "' in " + this.name));
        }

        public Disparity disparity(String group, String metric) {
            return disparities.stream().filter(d -> d.group().equals(group) && d.metric().equals(metric)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no disparity of '" + group + "' in " + metric));
        }
    }

    /**
     * One group's noisy counts and the rates derived from them.
     *
     * @param cellsSummed the joint cells whose noisy counts were summed into this group's (each adds its noise)
     */
    public record Group(String name, long tp, long fp, long tn, long fn, int cellsSummed, Map<String, Rate> metrics) {
        public Group {
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }

        /** The noisy number of rows: the sum of the four noisy counts (may be 0 or negative for a tiny group). */
        public long rows() {
            return tp + fp + tn + fn;
        }

        public Rate metric(String name) {
            Rate r = metrics.get(name);
            if (r == null) {
                throw new NoSuchElementException("no metric '" + name + "' in " + metrics.keySet());
            }
            return r;
        }
    }

    /**
     * A rate estimated from noisy counts, with an interval for sampling and noise together.
     *
     * @param value            the estimate, within [0, 1]; NaN when undefined
     * @param lower            the interval's lower end (NaN when undefined)
     * @param upper            the interval's upper end
     * @param standardError    the standard error, sampling and noise together
     * @param samplingVariance the binomial part of the variance
     * @param noiseVariance    the noise's part of the variance (delta method)
     * @param undefined        why there is no value ("undefined (noise): …"), or null
     */
    public record Rate(double value, double lower, double upper, double standardError, double samplingVariance,
                       double noiseVariance, String undefined) {
        static Rate undefined(String why) {
            return new Rate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
        }

        public boolean defined() {
            return undefined == null;
        }

        public boolean covers(double x) {
            return defined() && lower <= x && x <= upper;
        }
    }

    /**
     * A group's rate against the reference group's.
     *
     * @param difference      group − reference, with its interval
     * @param ratio           group / reference, with its interval (log scale, delta method)
     */
    public record Disparity(String group, String reference, String metric, Interval difference, Interval ratio) {
    }

    /** An estimate and its interval; NaN with a reason when undefined. */
    public record Interval(double value, double lower, double upper, String undefined) {
        static Interval undefined(String why) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, why);
        }

        public boolean defined() {
            return undefined == null;
        }
    }
}
