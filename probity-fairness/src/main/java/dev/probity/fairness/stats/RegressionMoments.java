package dev.probity.fairness.stats;

/**
 * Mergeable weighted moments of one group's labels, predictions and residuals (prediction − label): the
 * means, the centred sums of squares of labels and residuals (Welford; merged with Chan, Golub and LeVeque's
 * formula, so variances do not lose precision to cancellation), and the weighted sum of absolute residuals.
 * These are what the regression metrics need: means, MAE, MSE and R².
 */
public final class RegressionMoments {
    long count;
    double w;
    double meanY;
    double m2Y;
    double meanP;
    double meanR;
    double m2R;
    double absR;

    public void add(double y, double p, double weight) {
        count++;
        double wNew = w + weight;
        double r = p - y;
        double dy = y - meanY;
        double dr = r - meanR;
        meanY += dy * weight / wNew;
        meanP += (p - meanP) * weight / wNew;
        meanR += dr * weight / wNew;
        m2Y += weight * dy * (y - meanY);
        m2R += weight * dr * (r - meanR);
        absR += weight * Math.abs(r);
        w = wNew;
    }

    public void merge(RegressionMoments o) {
        count += o.count;
        if (o.w == 0) {
            return;
        }
        if (w == 0) {
            w = o.w;
            meanY = o.meanY;
            m2Y = o.m2Y;
            meanP = o.meanP;
            meanR = o.meanR;
            m2R = o.m2R;
            absR = o.absR;
            return;
        }
        double total = w + o.w;
        double f = w * o.w / total;
        double dy = o.meanY - meanY;
        double dr = o.meanR - meanR;
        m2Y += o.m2Y + dy * dy * f;
        m2R += o.m2R + dr * dr * f;
        meanY += dy * o.w / total;
        meanP += (o.meanP - meanP) * o.w / total;
        meanR += dr * o.w / total;
        absR += o.absR;
        w = total;
    }

    /** Builds moments from totals an engine computed (used by the SQL engine). */
    public static RegressionMoments of(long count, double w, double meanY, double m2Y, double meanP, double meanR,
                                       double m2R, double absR) {
        RegressionMoments m = new RegressionMoments();
        m.count = count;
        m.w = w;
        m.meanY = meanY;
        m.m2Y = m2Y;
        m.meanP = meanP;
        m.meanR = meanR;
        m.m2R = m2R;
        m.absR = absR;
        return m;
    }

    public long count() { return count; }
    public double weight() { return w; }
    public double meanLabel() { return meanY; }
    public double meanPrediction() { return meanP; }
    /** Mean of prediction − label. */
    public double meanResidual() { return meanR; }
    /** Σ w (y − ȳ)². */
    public double sumSquaresLabel() { return m2Y; }
    /** Σ w r² = Σ w (r − r̄)² + W r̄². */
    public double sumSquaredError() { return m2R + w * meanR * meanR; }
    public double sumAbsoluteError() { return absR; }

    /** The fields in a fixed order, for comparing engines. */
    double[] fields() {
        return new double[] {w, meanY, m2Y, meanP, meanR, m2R, absR};
    }
}
