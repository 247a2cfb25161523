/**
 * Differential privacy: mechanisms that are private on real floating-point hardware ({@code mechanism}), accountants
 * that add up what a sequence of releases spent ({@code accounting}), a persistent budget that is debited before a
 * result is returned ({@code budget}), attacks that measure leakage ({@code attack}), the private fairness audit
 * ({@code audit}), private grouped statistics ({@code stats}) and DP-SGD ({@code training}). Every mechanism states
 * its privacy argument next to its code, as OpenDP does.
 */
package dev.probity.privacy;
