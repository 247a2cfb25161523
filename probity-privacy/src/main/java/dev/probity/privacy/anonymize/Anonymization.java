package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;

import java.util.List;
import java.util.Map;

/**
 * The result of an anonymization.
 *
 * @param quasiIdentifiers the quasi-identifiers, in the order of {@code levels}
 * @param levels           the transformation: the generalization level of each quasi-identifier (0 = original)
 * @param heights          the highest level of each quasi-identifier's hierarchy
 * @param rows             records in the data
 * @param suppressed       records suppressed (every quasi-identifier {@code *})
 * @param maxSuppressed    the most records the suppression limit allowed
 * @param classes          equivalence classes released (suppressed records not counted)
 * @param smallestClass    the size of the smallest released class (0 when none)
 * @param before           the utility measures of the original data
 * @param after            the utility measures of the release
 * @param search           what the search did (null when the transformation was given)
 * @param output           the released data: the input's columns in order, quasi-identifiers generalized
 */
public record Anonymization(List<String> quasiIdentifiers, List<Integer> levels, List<Integer> heights, int rows,
                            int suppressed, int maxSuppressed, int classes, int smallestClass, Utility before,
                            Utility after, SearchStatistics search, Frame output) {

    /** The level of each quasi-identifier, by name. */
    public Map<String, Integer> transformation() {
        java.util.LinkedHashMap<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < quasiIdentifiers.size(); i++) {
            m.put(quasiIdentifiers.get(i), levels.get(i));
        }
        return m;
    }
}
