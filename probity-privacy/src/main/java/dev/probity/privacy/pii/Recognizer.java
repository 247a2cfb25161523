package dev.probity.privacy.pii;

import java.util.List;

/**
 * Finds one or more kinds of personal data in a text. Implementations are immutable and thread-safe; they report
 * every candidate with its score (context already applied) and leave thresholds and overlaps to {@link PiiScanner}.
 */
public interface Recognizer {
    /** The name reported with each hit, e.g. {@code credit-card}. */
    String name();

    /** Adds the entities found in {@code text} to {@code out}. */
    void find(String text, List<Entity> out);
}
