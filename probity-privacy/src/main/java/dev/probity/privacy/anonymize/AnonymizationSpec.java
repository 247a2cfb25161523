package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to anonymize and how safe the result must be.
 *
 * @param quasiIdentifiers the columns an attacker may know from elsewhere (age, sex, postcode, …), generalized
 *                         through their hierarchies; all other columns are released as they are
 * @param hierarchies      one hierarchy per quasi-identifier, by column name
 * @param models           the privacy models every released equivalence class must satisfy (at least one)
 * @param suppressionLimit the largest fraction of records that may be suppressed (every quasi-identifier {@code *}),
 *                         in [0, 1]; at most {@code floor(limit × rows)} records are suppressed
 */
public record AnonymizationSpec(List<String> quasiIdentifiers, Map<String, Hierarchy> hierarchies,
                                List<PrivacyModel> models, double suppressionLimit) {
    public AnonymizationSpec {
        if (quasiIdentifiers == null || quasiIdentifiers.isEmpty()) {
            throw new InputException("anonymization needs at least one quasi-identifier");
        }
        quasiIdentifiers = List.copyOf(quasiIdentifiers);
        Set<String> seen = new HashSet<>();
        for (String q : quasiIdentifiers) {
            if (!seen.add(q)) {
                throw new InputException("the quasi-identifier '" + q + "' is listed twice");
            }
            if (hierarchies == null || !hierarchies.containsKey(q)) {
                throw new InputException("the quasi-identifier '" + q + "' has no hierarchy");
            }
        }
        hierarchies = Map.copyOf(new LinkedHashMap<>(hierarchies));
        if (models == null || models.isEmpty()) {
            throw new InputException("anonymization needs at least one privacy model (k-anonymity, ℓ-diversity or t-closeness)");
        }
        models = List.copyOf(new ArrayList<>(models));
        for (PrivacyModel m : models) {
            String sensitive = switch (m) {
                case PrivacyModel.KAnonymity k -> null;
                case PrivacyModel.LDiversity l -> l.attribute();
                case PrivacyModel.TCloseness t -> t.attribute();
            };
            if (sensitive != null && seen.contains(sensitive)) {
                throw new InputException("the sensitive attribute '" + sensitive
                        + "' is also a quasi-identifier; a column is one or the other");
            }
        }
        if (!(suppressionLimit >= 0 && suppressionLimit <= 1)) {
            throw new InputException("the suppression limit is a fraction of the records in [0, 1]; got " + suppressionLimit);
        }
    }

    /** The k of the k-anonymity model, or 1 when there is none. */
    public int k() {
        int k = 1;
        for (PrivacyModel m : models) {
            if (m instanceof PrivacyModel.KAnonymity ka) {
                k = Math.max(k, ka.k());
            }
        }
        return k;
    }
}
