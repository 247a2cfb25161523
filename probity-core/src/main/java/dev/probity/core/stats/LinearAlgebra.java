package dev.probity.core.stats;

/** Small dense linear solves (a few dozen unknowns) shared by mitigation and explanation code. */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** Solves a x = b by Gaussian elimination with partial pivoting; a zero pivot leaves that unknown at 0. */
    public static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            double tb = b[col];
            b[col] = b[piv];
            b[piv] = tb;
            if (Math.abs(a[col][col]) < 1e-12) {
                a[col][col] = 0;
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                if (f == 0) {
                    continue;
                }
                for (int c = col; c < n; c++) {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = a[r][r] == 0 ? 0 : s / a[r][r];
        }
        return x;
    }
}
