package dev.probity.mitigation;

import dev.probity.core.model.Model;

import java.util.List;
import java.util.Map;

/**
 * What a mitigation method returns: always a {@link Model} (which saves to a model file and reloads to the same
 * predictions), what the method found while fitting ({@code details}: iterations, rules, rows flipped…, plain
 * values in a fixed order), and for methods that try several models the candidates they chose from.
 */
public record Mitigated(Model model, Map<String, Object> details, List<Candidate> candidates) {
    public Mitigated {
        details = dev.probity.core.model.PlainValues.map(details);
        candidates = List.copyOf(candidates);
    }

    public static Mitigated of(Model model) {
        return new Mitigated(model, Map.of(), List.of());
    }

    /** One model a method considered (grid search's grid), and whether it is on the error–disparity Pareto front. */
    public record Candidate(String label, Model model, boolean paretoFront) {
    }
}
