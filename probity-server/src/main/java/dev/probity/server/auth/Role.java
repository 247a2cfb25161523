package dev.probity.server.auth;

import java.util.Locale;

/**
 * What a token may do. Each route names the roles it admits (see the service's route table); {@link #ADMIN} is admitted
 * everywhere.
 */
public enum Role {
    /** Reads dashboards, audits and alerts; no personal data, changes nothing. */
    VIEWER,
    /** A viewer who may also run audits of uploaded data, read one logged prediction and define models. */
    ANALYST,
    /** A viewer who may also approve a model's lifecycle transitions (recorded with the approver's identity). */
    APPROVER,
    /** A model server: sends predictions and labels, reads nothing. */
    INGEST,
    /** Everything, including creating and revoking tokens. */
    ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role by its name, any case; null when there is none of that name. */
    public static Role parse(String s) {
        if (s == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        return null;
    }
}
