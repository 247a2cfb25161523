package dev.probity.fairness.stats;

/**
 * Mergeable weighted moments of labels, predictions and residuals (prediction − label) for one group,
 * kept as means and centred sums of squares (Welford; merged with Chan, Golub and LeVeque's formula) so
 * that variances do not lose precision to cancellation. Also the weighted sum of absolute residuals.
 */
public final class RegressionMoments {
    long count;
    double w;
    double meanY;
    double m2Y;
    double meanP;
    double m2P;
    double meanR;
    double m2R;
    double absR;
    /** Σ w (y - ȳ)(p - p̄), for the correlation of labels and predictions. */
    double coYP;

    public void add(double y, double p, double weight) {
        count++;
        double wNew = w + weight;
        double r = p - y;
        double dy = y - meanY;
        double dp = p - meanP;
        double dr = r - meanR;
        meanY += dy * weight / wNew;
        meanP += dp * weight / wNew;
        meanR += dr * weight / wNew;
        m2Y += weight * dy * (y - meanY);
        m2P += weight * dp * (p - meanP);
        m2R += weight * dr * (r - meanR);
        coYP += weight * dy * (p - meanP);
        absR += weight * Math.abs(r);
        w = wNew;
    }

    public void merge(RegressionMoments o) {
        if (o.w == 0) {
            count += o.count;
            return;
        }
        if (w == 0) {
            copy(o);
            return;
        }
        double total = w + o.w;
        double f = w * o.w / total;
        double dy = o.meanY - meanY;
        double dp = o.meanP - meanP;
        double dr = o.meanR - meanR;
        m2Y += o.m2Y + dy * dy * f;
        m2P += o.m2P + dp * dp * f;
        m2R += o.m2R + dr * dr * f;
        coYP += o.coYP + dy * dp * f;
        meanY += dy * o.w / total;
        meanP += dp * o.w / total;
        meanR += dr * o.w / total;
        absR += o.absR;
        count += o.count;
        w = total;
    }

    private void copy(RegressionMoments o) {
        count += o.count;
        w = o.w;
        meanY = o.meanY;
        m2Y = o.m2Y;
        meanP = o.meanP;
        m2P = o.m2P;
        meanR = o.meanR;
        m2R = o.m2R;
        absR = o.absR;
        coYP = o.coYP;
    }

    /** Builds moments from totals an engine computed (used by the SQL engine). */
    public static RegressionMoments of(long count, double w, double meanY, double m2Y, double meanP, double m2P,
                                       double meanR, double m2R, double absR, double coYP) {
        RegressionMoments m = new RegressionMoments();
        m.count = count;
        m.w = w;
        m.meanY = meanY;
        m.m2Y = m2Y;
        m.meanP = meanP;
        m.m2P = m2P;
        m.meanR = meanR;
        m.m2R = m2R;
        m.absR = absR;
        m.coYP = coYP;
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
    public double sumSquaresPrediction() { return m2P; }
    /** Σ w (r − r̄)². */
    public double sumSquaresResidual() { return m2R; }
    /** Σ w r² = Σ w (r − r̄)² + W r̄². */
    public double sumSquaredError() { return m2R + w * meanR * meanR; }
    public double sumAbsoluteError() { return absR; }
    public double coMoment() { return coYP; }
}
