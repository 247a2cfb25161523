package dev.probity.fairness.audit;

import dev.probity.core.frame.Frame;
import dev.probity.fairness.stats.AuditData;

/** Opens package internals to tests in other packages. */
public final class TestAccess {
    private TestAccess() {
    }

    public static AuditData prepare(Frame frame, AuditSpec spec) {
        return Roles.prepare(frame, spec, w -> { }).data();
    }
}
