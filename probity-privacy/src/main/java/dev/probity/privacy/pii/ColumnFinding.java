package dev.probity.privacy.pii;

/**
 * What a column holds, judged from a sample of its values: {@code matched} of {@code sampled} non-empty values are
 * mostly (at least half their non-blank characters) covered by entities of {@code type}; {@code fraction} is their
 * share and {@code score} the mean score of the entities that matched.
 */
public record ColumnFinding(String column, PiiType type, int sampled, int matched, double fraction, double score) {
}
