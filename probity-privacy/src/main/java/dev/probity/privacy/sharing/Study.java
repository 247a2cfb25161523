package dev.probity.privacy.sharing;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parties agreed to audit together: the label and its positive value, the prediction and its positive value,
 * and every protected attribute's groups, declared in advance. Which rows each party counts (its own filter) is its
 * own: agree on the population before starting. Declaring the groups is what lets
 * shares line up without anyone showing which groups occur in their data: every party shares every combination, empty
 * ones included, in the same order ({@link #cells()}).
 *
 * @param groups each protected attribute (as the parties' data name it) with its groups, in order
 */
public record Study(String label, String positive, String prediction, String predictionPositive,
                    Map<String, List<String>> groups) {
    /** The most joint cells a study may have: 4 counts each, shared by every party. */
    public static final int MAX_CELLS = 1 << 20;

    public Study {
        if (label == null || label.isBlank()) {
            throw new InputException("a shared audit needs a label");
        }
        if (prediction == null || prediction.isBlank()) {
            throw new InputException("a shared audit needs a prediction");
        }
        if (groups == null || groups.isEmpty()) {
            throw new InputException("a shared audit declares the groups of at least one protected attribute ({{groups}})");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        long cells = 1;
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            List<String> g = e.getValue();
            if (g == null || g.isEmpty()) {
                throw new InputException("the groups declared for '" + e.getKey() + "' are empty");
            }
            if (g.stream().distinct().count() != g.size()) {
                throw new InputException("the groups declared for '" + e.getKey() + "' repeat one: " + g);
            }
            cells *= g.size();
            if (cells > MAX_CELLS) {
                throw new InputException("the declared groups make more than " + MAX_CELLS + " combinations; share fewer attributes");
            }
            copy.put(e.getKey(), List.copyOf(g));
        }
        groups = java.util.Collections.unmodifiableMap(copy);
    }

    /** The protected attributes, in order. */
    public List<String> attributes() {
        return new ArrayList<>(groups.keySet());
    }

    /** The number of joint cells: the product of the attributes' group counts. */
    public int cells() {
        int c = 1;
        for (List<String> g : groups.values()) {
            c *= g.size();
        }
        return c;
    }
}
