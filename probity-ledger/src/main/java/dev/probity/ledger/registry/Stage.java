package dev.probity.ledger.registry;

import dev.probity.core.InputException;

import java.util.Locale;

/** Where a model version stands: draft → validated → approved → deployed → retired. */
public enum Stage {
    DRAFT, VALIDATED, APPROVED, DEPLOYED, RETIRED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stage parse(String s) {
        for (Stage st : values()) {
            if (st.label().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
                return st;
            }
        }
        throw new InputException("unknown stage '" + InputException.shown(String.valueOf(s))
                + "'; the stages are draft, validated, approved, deployed and retired");
    }
}
