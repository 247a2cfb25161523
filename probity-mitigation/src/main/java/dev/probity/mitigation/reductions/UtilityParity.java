package dev.probity.mitigation.reductions;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;

/**
 * Parity of a utility across groups within events (Agarwal et al., 2018, §2): demographic parity (one
 * event, utility ŷ), true/false-positive-rate parity (events y=1 / y=0), equalized odds (both events) and
 * error-rate parity (one event, utility 1[ŷ≠y]). For event e and group g the two constraints are
 * <pre>
 *   (+, e, g):  r·E[u | e, g] − E[u | e] ≤ ε
 *   (−, e, g):  r·E[u | e] − E[u | e, g] ≤ ε
 * </pre>
 * with r = 1 for difference bounds and r ∈ (0, 1] for ratio bounds. Index k = sign·E·G + e·G + g.
 */
final class UtilityParity implements Moment {
    private final int n;
    private final int events;
    private final int groupCount;
    private final int[] event;  // -1: the row is in no event
    private final int[] group;
    private final double[] util0;
    private final double[] diff;
    private final double ratio;
    private final double eps;
    private final double[] pEvent;
    private final double[] pEventGroup;
    private final String[] eventNames;
    private final Groups groups;

    private UtilityParity(Groups groups, int[] event, String[] eventNames, double[] util0, double[] diff, double ratio, double eps) {
        this.n = groups.rows();
        this.groups = groups;
        this.events = eventNames.length;
        this.groupCount = groups.count();
        this.event = event;
        this.group = groups.of();
        this.util0 = util0;
        this.diff = diff;
        this.ratio = ratio;
        this.eps = eps;
        this.eventNames = eventNames;
        pEvent = new double[events];
        pEventGroup = new double[events * groupCount];
        for (int i = 0; i < n; i++) {
            if (event[i] >= 0) {
                pEvent[event[i]] += 1.0 / n;
                pEventGroup[event[i] * groupCount + group[i]] += 1.0 / n;
            }
        }
        for (int e = 0; e < events; e++) {
            if (pEvent[e] == 0) {
                throw new InputException("the constraint needs rows with " + eventNames[e] + ", but the training data has none");
            }
        }
    }

    static UtilityParity of(Constraint c, Groups groups, int[] y, double ratio, double eps) {
        int n = y.length;
        int[] event = new int[n];
        double[] u0 = new double[n];
        double[] d = new double[n];
        java.util.Arrays.fill(d, 1);
        String[] names;
        switch (c) {
            case DEMOGRAPHIC_PARITY -> names = new String[] {"all"};
            case TRUE_POSITIVE_RATE_PARITY -> {
                names = new String[] {"label=1"};
                for (int i = 0; i < n; i++) {
                    event[i] = y[i] == 1 ? 0 : -1;
                }
            }
            case FALSE_POSITIVE_RATE_PARITY -> {
                names = new String[] {"label=0"};
                for (int i = 0; i < n; i++) {
                    event[i] = y[i] == 0 ? 0 : -1;
                }
            }
            case EQUALIZED_ODDS -> {
                names = new String[] {"label=0", "label=1"};
                for (int i = 0; i < n; i++) {
                    event[i] = y[i];
                }
            }
            case ERROR_RATE_PARITY -> {
                names = new String[] {"all"};
                for (int i = 0; i < n; i++) {
                    // utility = error: y when ŷ=0, 1−y when ŷ=1
                    u0[i] = y[i];
                    d[i] = 1 - 2 * y[i];
                }
            }
            default -> throw new IllegalArgumentException(c + " is not a parity constraint");
        }
        return new UtilityParity(groups, event, names, u0, d, ratio, eps);
    }

    @Override
    public int size() {
        return 2 * events * groupCount;
    }

    @Override
    public String name(int k) {
        int sign = k / (events * groupCount);
        int rest = k % (events * groupCount);
        return (sign == 0 ? "+" : "-") + " " + eventNames[rest / groupCount] + " " + groups.names().get(rest % groupCount);
    }

    @Override
    public double[] gamma(double[] pred) {
        double[] sumE = new double[events];
        double[] sumEG = new double[events * groupCount];
        for (int i = 0; i < n; i++) {
            int e = event[i];
            if (e >= 0) {
                double u = util0[i] + diff[i] * pred[i];
                sumE[e] += u;
                sumEG[e * groupCount + group[i]] += u;
            }
        }
        double[] out = new double[size()];
        int half = events * groupCount;
        for (int e = 0; e < events; e++) {
            double meanE = sumE[e] / (n * pEvent[e]);
            for (int g = 0; g < groupCount; g++) {
                int k = e * groupCount + g;
                if (pEventGroup[k] == 0) {
                    continue;
                }
                double meanEG = sumEG[k] / (n * pEventGroup[k]);
                out[k] = ratio * meanEG - meanE;
                out[half + k] = ratio * meanE - meanEG;
            }
        }
        return out;
    }

    @Override
    public double[] bound() {
        double[] b = new double[size()];
        java.util.Arrays.fill(b, eps);
        return b;
    }

    @Override
    public double[] signedWeights(double[] lambda) {
        int half = events * groupCount;
        double[] perEvent = new double[events];
        for (int e = 0; e < events; e++) {
            double s = 0;
            for (int g = 0; g < groupCount; g++) {
                int k = e * groupCount + g;
                if (pEventGroup[k] > 0) {
                    s += lambda[k] - ratio * lambda[half + k];
                }
            }
            perEvent[e] = s / pEvent[e];
        }
        double[] perCell = new double[half];
        for (int k = 0; k < half; k++) {
            if (pEventGroup[k] > 0) {
                perCell[k] = perEvent[k / groupCount] + (-ratio * lambda[k] + lambda[half + k]) / pEventGroup[k];
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            int e = event[i];
            if (e >= 0) {
                w[i] = diff[i] * perCell[e * groupCount + group[i]];
            }
        }
        return w;
    }

    @Override
    public double[] project(double[] lambda) {
        if (ratio != 1.0) {
            return lambda.clone();
        }
        int half = events * groupCount;
        double[] out = new double[lambda.length];
        for (int k = 0; k < half; k++) {
            double pos = lambda[k] - lambda[half + k];
            out[k] = Math.max(pos, 0);
            out[half + k] = Math.max(-pos, 0);
        }
        return out;
    }

    /** Dimension of the non-redundant basis: events × (groups − 1). */
    int basisSize() {
        return events * (groupCount - 1);
    }

    /** λ from a point of the basis: coordinate b ≥ 0 goes to (+, e, g), b < 0 to (−, e, g). */
    double[] fromBasis(double[] b) {
        double[] lambda = new double[size()];
        int half = events * groupCount;
        int j = 0;
        for (int e = 0; e < events; e++) {
            for (int g = 0; g < groupCount - 1; g++) {
                int k = e * groupCount + g;
                if (b[j] >= 0) {
                    lambda[k] = b[j];
                } else {
                    lambda[half + k] = -b[j];
                }
                j++;
            }
        }
        return lambda;
    }
}
