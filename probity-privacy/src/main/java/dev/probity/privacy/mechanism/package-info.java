/**
 * Differential-privacy mechanisms that are private on real floating-point hardware.
 *
 * <p>Every sampler here draws only uniform bits ({@link dev.probity.privacy.mechanism.Randomness}) and works in
 * integer or rational arithmetic, so the distribution it samples is exactly the one the privacy argument is about
 * (Canonne, Kamath and Steinke 2020). Real-valued mechanisms work on a grid of 2^k, as OpenDP does: the value is
 * rounded to the grid, integer noise is added, and the sensitivity the noise is calibrated to is that of the rounded
 * value. Each class states its argument next to its code.
 *
 * <ul>
 *   <li>Samplers: {@link dev.probity.privacy.mechanism.BernoulliExp},
 *       {@link dev.probity.privacy.mechanism.Geometric}, {@link dev.probity.privacy.mechanism.DiscreteLaplace},
 *       {@link dev.probity.privacy.mechanism.DiscreteGaussian}.</li>
 *   <li>Numeric mechanisms: {@link dev.probity.privacy.mechanism.LaplaceMechanism},
 *       {@link dev.probity.privacy.mechanism.GaussianMechanism} (real values);
 *       {@link dev.probity.privacy.mechanism.GeometricMechanism},
 *       {@link dev.probity.privacy.mechanism.DiscreteGaussianMechanism} (integers).</li>
 *   <li>Selection: {@link dev.probity.privacy.mechanism.ExponentialMechanism},
 *       {@link dev.probity.privacy.mechanism.PermuteAndFlip} (report-noisy-max);
 *       {@link dev.probity.privacy.mechanism.AboveThreshold} (sparse vector).</li>
 *   <li>Local: {@link dev.probity.privacy.mechanism.RandomizedResponse}.</li>
 *   <li>Calibration: {@link dev.probity.privacy.mechanism.AnalyticGaussian},
 *       {@link dev.probity.privacy.mechanism.DiscreteGaussianPrivacy}.</li>
 * </ul>
 *
 * <p>A seeded {@link dev.probity.privacy.mechanism.Randomness} exists for tests and benchmarks; every
 * {@link dev.probity.privacy.mechanism.Release} made with it says "not private".
 *
 * <p>Mechanisms and samplers are immutable and may be shared between threads; a {@code Randomness} may not (the
 * methods without one use a secure source per thread).
 */
package dev.probity.privacy.mechanism;
