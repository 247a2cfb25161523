package dev.probity.fairness.ranking;

import dev.probity.core.InputException;

import java.util.Locale;

/**
 * How much attention a position gets: the exposure of an item at rank j (1 = top).
 * <ul>
 *   <li>{@code logarithmic}: 1 / log2(1 + j), the discount of DCG, as Singh and Joachims (KDD 2018) model exposure;</li>
 *   <li>{@code geometric:λ}: λ(1 − λ)^(j−1), the attention model of Sapiezynski et al. (WWW 2019): the top item gets
 *       a share λ of the attention, each next one (1 − λ) of the one before;</li>
 *   <li>{@code weights:w1,w2,…}: the user's own, e.g. measured click-through rates by position; positions beyond the
 *       list get 0.</li>
 * </ul>
 */
public record PositionBias(String name, double lambda, double[] weights) {
    public static final PositionBias LOGARITHMIC = new PositionBias("logarithmic", Double.NaN, null);

    public static PositionBias geometric(double lambda) {
        if (!(lambda > 0 && lambda < 1)) {
            throw new InputException("the geometric position bias needs 0 < λ < 1 ({{position-bias}}); got " + lambda);
        }
        return new PositionBias("geometric", lambda, null);
    }

    public static PositionBias of(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new InputException("position weights must be finite numbers of at least 0 ({{position-bias}})");
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new InputException("position weights must give some position a weight above 0 ({{position-bias}})");
        }
        return new PositionBias("weights", Double.NaN, weights.clone());
    }

    /** logarithmic, geometric:0.3 or weights:1,0.6,0.4. */
    public static PositionBias parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("logarithmic") || t.equals("log")) {
            return LOGARITHMIC;
        }
        try {
            if (t.startsWith("geometric:")) {
                return geometric(Double.parseDouble(t.substring(10)));
            }
            if (t.startsWith("weights:")) {
                String[] parts = t.substring(8).split(",");
                double[] w = new double[parts.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = Double.parseDouble(parts[i].trim());
                }
                return of(w);
            }
        } catch (NumberFormatException e) {
            throw new InputException("position bias '" + InputException.shown(s) + "': not a number in it ({{position-bias}})");
        }
        throw new InputException("unknown position bias '" + InputException.shown(s)
                + "' ({{position-bias}}); use logarithmic, geometric:λ (e.g. geometric:0.3) or weights:w1,w2,…");
    }

    /** The exposure of rank j (1-based). */
    public double at(int j) {
        return switch (name) {
            case "logarithmic" -> 1 / (Math.log(1 + j) / Math.log(2));
            case "geometric" -> lambda * Math.pow(1 - lambda, j - 1);
            default -> j <= weights.length ? weights[j - 1] : 0;
        };
    }

    /** Exposures of ranks 1..n. */
    public double[] of(int n) {
        double[] v = new double[n];
        for (int j = 1; j <= n; j++) {
            v[j - 1] = at(j);
        }
        return v;
    }

    @Override
    public String toString() {
        return switch (name) {
            case "geometric" -> "geometric:" + lambda;
            case "weights" -> "weights:" + java.util.Arrays.toString(weights).replaceAll("[\\[\\] ]", "");
            default -> name;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionBias p && p.name.equals(name) && Double.compare(p.lambda, lambda) == 0
                && java.util.Arrays.equals(p.weights, weights);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(weights);
    }
}
