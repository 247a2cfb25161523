package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;

import java.nio.file.Path;

/** Audits shared by the report tests. */
final class Fixtures {
    private static Frame compas;

    private Fixtures() {
    }

    static Path repo() {
        return Path.of(System.getProperty("probity.repo", ".."));
    }

    static synchronized Frame compas() {
        if (compas == null) {
            compas = Datasets.load("compas");
        }
        return compas;
    }

    static AuditSpec.Builder compasSpec() {
        return AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").protectedAttributes("race", "sex")
                .reference("race", "Caucasian").subjects("defendants").outcome("flagged high-risk").positiveFavorable(false);
    }

    static AuditResult compasAudit(int bootstrap, int threads) {
        return Audit.run(compas(), compasSpec().intersections(true).score("decile_score").bootstrap(bootstrap).seed(11)
                .threads(threads).build());
    }
}
