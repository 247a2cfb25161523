package dev.probity.mitigation.inprocess;

import dev.probity.models.encode.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytic gradients of adversarial debiasing against central differences of losses written out here
 * independently: the predictor's log loss and the adversary's cross-entropy with respect to the predictor's weights,
 * and the adversary's with respect to its own (c, weights, biases), for three groups and both adversaries.
 */
class AdversarialDebiasingGradientTest {
    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** {L_P, L_A}, the means over all rows. */
    static double[] losses(Matrix x, int[] y, int[] g, int k, boolean eo, double[] theta, double[] phi) {
        int p = x.columns();
        int d = eo ? 4 : 1;
        double lp = 0;
        double la = 0;
        for (int i = 0; i < x.rows(); i++) {
            double z = theta[p] + x.dot(i, theta, 0);
            double yHat = sigmoid(z);
            lp -= y[i] * Math.log(yHat) + (1 - y[i]) * Math.log(1 - yHat);
            double s = sigmoid((1 + Math.abs(phi[0])) * z);
            double[] u = eo ? new double[] {s, s * y[i], s * (1 - y[i]), y[i]} : new double[] {s};
            double[] a = new double[k];
            double logSum = 0;
            for (int c = 0; c < k; c++) {
                a[c] = phi[1 + k * d + c];
                for (int j = 0; j < d; j++) {
                    a[c] += phi[1 + c * d + j] * u[j];
                }
                logSum += Math.exp(a[c]);
            }
            la -= a[g[i]] - Math.log(logSum);
        }
        return new double[] {lp / x.rows(), la / x.rows()};
    }

    @Test
    void analyticGradientsMatchCentralDifferences() {
        Random r = new Random(3);
        int n = 25;
        int w = 3;
        int k = 3;
        int[] index = new int[n * w];
        double[] value = new double[n * w];
        int[] y = new int[n];
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            index[i * w] = 0;
            value[i * w] = r.nextGaussian();
            index[i * w + 1] = 1 + r.nextInt(2);
            value[i * w + 1] = 1;
            index[i * w + 2] = 3 + r.nextInt(2);
            value[i * w + 2] = r.nextGaussian();
            y[i] = r.nextInt(2);
            g[i] = r.nextInt(k);
        }
        Matrix x = new Matrix(n, w, List.of("a", "b=1", "b=2", "c", "d"), index, value);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (boolean eo : new boolean[] {false, true}) {
            AdversarialDebiasing.Game game = new AdversarialDebiasing.Game(x, y, g, k, eo, 0.5, 7);
            double[] theta = game.theta;
            double[] phi = game.phi;
            for (int j = 0; j < theta.length; j++) {
                theta[j] = r.nextGaussian();
            }
            for (int j = 0; j < phi.length; j++) {
                phi[j] = r.nextGaussian();
            }
            game.gradients(order, 0, n);
            double h = 1e-6;
            double worst = 0;
            for (int j = 0; j < theta.length; j++) {
                double keep = theta[j];
                theta[j] = keep + h;
                double[] up = losses(x, y, g, k, eo, theta, phi);
                theta[j] = keep - h;
                double[] down = losses(x, y, g, k, eo, theta, phi);
                theta[j] = keep;
                worst = Math.max(worst, Math.abs((up[0] - down[0]) / (2 * h) - game.gradP[j]));
                worst = Math.max(worst, Math.abs((up[1] - down[1]) / (2 * h) - game.gradA[j]));
            }
            for (int j = 0; j < phi.length; j++) {
                double keep = phi[j];
                phi[j] = keep + h;
                double[] up = losses(x, y, g, k, eo, theta, phi);
                phi[j] = keep - h;
                double[] down = losses(x, y, g, k, eo, theta, phi);
                phi[j] = keep;
                worst = Math.max(worst, Math.abs((up[1] - down[1]) / (2 * h) - game.gradPhi[j]));
            }
            assertThat(worst).as(eo ? "equalized-odds adversary" : "demographic-parity adversary").isLessThan(1e-7);
        }
    }
}
