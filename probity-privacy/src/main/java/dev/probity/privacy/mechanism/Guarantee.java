package dev.probity.privacy.mechanism;

/**
 * What one release of a mechanism guarantees: {@code (epsilon, delta)}-differential privacy, and
 * {@code rho}-zero-concentrated differential privacy (Bun and Steinke 2016) where the mechanism has a zCDP bound.
 * A field that the mechanism does not state is {@code NaN} (a Gaussian mechanism calibrated by rho states no
 * (ε, δ) pair: that is the accountant's conversion to make). Pure ε-DP (δ = 0) implies (ε²/2)-zCDP, which is what
 * {@code rho} then holds.
 *
 * @param mechanism what made the release, e.g. "Laplace"
 * @param epsilon   ε of (ε, δ)-DP, or NaN
 * @param delta     δ of (ε, δ)-DP, or NaN
 * @param rho       ρ of ρ-zCDP, or NaN
 */
public record Guarantee(String mechanism, double epsilon, double delta, double rho) {
    static Guarantee pure(String mechanism, double epsilon) {
        return new Guarantee(mechanism, epsilon, 0, epsilon * epsilon / 2);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(mechanism).append(':');
        if (!Double.isNaN(epsilon)) {
            sb.append(" ε = ").append(epsilon).append(", δ = ").append(delta);
        }
        if (!Double.isNaN(rho)) {
            sb.append(Double.isNaN(epsilon) ? " " : "; ").append("ρ = ").append(rho).append(" (zCDP)");
        }
        return sb.toString();
    }
}
