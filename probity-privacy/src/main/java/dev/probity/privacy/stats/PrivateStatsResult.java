package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.privacy.mechanism.Release;

import java.util.List;

/**
 * The released groups of a {@link PrivateStats} call.
 *
 * @param groups         the released groups: every declared key, or the keys kept by partition selection (sorted)
 * @param epsilon        the ε the whole release spent
 * @param delta          the δ it spent (0 with declared keys)
 * @param epsilonEach    the ε of each noisy quantity (count, sum, centred sum, partition selection)
 * @param keysSelected   true when the keys were private and chosen by partition selection
 * @param threshold      the partition-selection threshold on the noisy number of units (NaN with declared keys)
 * @param privateNoise   false when the noise was seeded (not private)
 * @param notes          what the release does not protect, and how it was made
 */
public record PrivateStatsResult(List<GroupStatistics> groups, double epsilon, double delta, double epsilonEach,
                                 boolean keysSelected, double threshold, boolean privateNoise, List<String> notes) {
    public PrivateStatsResult {
        groups = List.copyOf(groups);
        notes = List.copyOf(notes);
    }

    /** The released group with this key; an {@link InputException} when it was not released. */
    public GroupStatistics group(String key) {
        return find(key).orElseThrow(() -> new InputException("group '" + key + "' was not released"));
    }

    /** Whether the group with this key was released. */
    public boolean has(String key) {
        return find(key).isPresent();
    }

    private java.util.Optional<GroupStatistics> find(String key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst();
    }

    /** "private: ε = …, δ = …" or "not private (seeded noise, for tests)". */
    public String privacyNote() {
        return privateNoise ? "private: ε = " + epsilon + ", δ = " + delta : Release.NOT_PRIVATE;
    }
}
