/**
 * The private fairness audit: the audit's confusion counts of every combination of protected groups, released once
 * with exact integer noise; every rate, disparity and interval derived from the noisy counts (see {@link
 * dev.probity.privacy.audit.PrivateAudit}).
 */
package dev.probity.privacy.audit;
