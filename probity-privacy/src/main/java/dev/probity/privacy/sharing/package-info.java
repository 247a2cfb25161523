/**
 * Audits across parties who cannot pool their data: each party's audit statistics split into additive secret shares
 * modulo 2^64, with MACs; shares added per computing party; the pooled audit reconstructed from one summed share per
 * party. See {@link dev.probity.privacy.sharing.SharedAudit}.
 */
package dev.probity.privacy.sharing;
