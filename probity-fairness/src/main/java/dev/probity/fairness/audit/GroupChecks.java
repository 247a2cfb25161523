package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.core.frame.Grouping;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.StatsTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks, on the statistics of either engine, that every protected attribute splits the rows into at least
 * two real groups, that no group is too small to mean anything, and that the reference groups exist.
 */
final class GroupChecks {
    private GroupChecks() {
    }

    static void check(StatsTable t, AuditSpec spec, Consumer<String> warnings) {
        for (String p : t.attributes()) {
            if (!spec.protectedAttributes().contains(p)) {
                continue; // the strata column
            }
            Map<List<String>, GroupStats> groups = t.marginal(List.of(p));
            List<String> names = new ArrayList<>();
            for (List<String> k : groups.keySet()) {
                names.add(k.get(0));
            }
            long rows = groups.values().stream().mapToLong(GroupStats::rows).sum();
            if (names.size() == 1 && names.get(0).equals(Grouping.MISSING_LABEL)) {
                throw new InputException("protected attribute '" + p + "' is empty: all " + rows + " rows have no value");
            }
            if (names.size() < 2) {
                throw new InputException("protected attribute '" + p + "' has a single group ('" + names.get(0)
                        + "') in the " + rows + " rows audited; a disparity needs at least two groups");
            }
            for (Map.Entry<List<String>, GroupStats> e : groups.entrySet()) {
                long n = e.getValue().rows();
                if (n < spec.minGroupRows()) {
                    throw new InputException("group '" + e.getKey().get(0) + "' of protected attribute '" + p + "' has only "
                            + n + " row" + (n == 1 ? "" : "s") + "; its rates would be meaningless. Filter it out or merge it "
                            + "({{where}}, {{derive}}), or lower {{min-group-rows}} to audit anyway");
                }
            }
            String ref = spec.references().get(p);
            if (ref != null && !names.contains(ref)) {
                String hint = names.stream().filter(x -> x.equalsIgnoreCase(ref)).findFirst()
                        .map(x -> " (did you mean '" + x + "'?)").orElse("");
                throw new InputException("reference group '" + ref + "' of '" + p + "' is empty: no audited row has it"
                        + hint + "; groups are " + names);
            }
            if (names.contains(Grouping.MISSING_LABEL)) {
                warnings.accept("protected attribute '" + p + "' is missing on some rows; they form the group '"
                        + Grouping.MISSING_LABEL + "'");
            }
        }
        for (String key : spec.references().keySet()) {
            if (!spec.protectedAttributes().contains(key) && !key.contains("&")) {
                throw new InputException("a reference group was given for '" + key + "', which is not a protected attribute ("
                        + String.join(", ", spec.protectedAttributes()) + ")");
            }
        }
    }
}
