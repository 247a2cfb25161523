package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.report.json.PrivacyJson;
import dev.probity.report.text.PrivacyText;

import java.io.PrintWriter;

/** {@code probity audit --privacy-epsilon}: the audit released with differential privacy, and its budget debit. */
final class PrivateAuditRun {
    private PrivateAuditRun() {
    }

    static int run(AuditCommand c, AuditSpec spec, dev.probity.core.model.Model scorer, OutputPlan outputs, PrintWriter out, PrintWriter err) {
        PrivacyOptions p = c.privacy;
        if (!c.failOn.isEmpty()) {
            throw new InputException("--fail-on rules read the exact audit; a private audit has its noisy rates in the report instead");
        }
        Frame frame = c.input.read(null, w -> err.println("warning: " + w), true);
        if (scorer != null) {
            frame = Audit.withModel(frame, scorer);
        }
        PrivateAuditSettings settings = PrivateAuditSettings.of(p.epsilon).withDelta(p.delta);
        if (p.unit != null) {
            settings = settings.withUnit(p.unit);
        }
        PrivateAuditResult r;
        if (p.budget != null) {
            String who = p.who != null ? p.who : System.getProperty("user.name", "unknown");
            PrivacyBudget.Released<PrivateAuditResult> released = PrivateAudit.run(frame, spec, settings, PrivacyBudget.open(p.budget), who);
            r = released.result();
            if (!c.quiet && !outputs.usesStdout()) {
                printDebit(err, p.budget, released);
            }
        } else {
            r = PrivateAudit.run(frame, spec, settings);
        }
        outputs.writeString("json", PrivacyJson.privateAudit(r));
        if (outputs.has("html")) {
            outputs.writeString("html", dev.probity.report.html.PrivateAuditHtml.render(r));
        }
        outputs.commit();
        if (!c.quiet && !outputs.usesStdout()) {
            out.print(PrivacyText.privateAudit(r));
            out.flush();
        }
        return ExitCode.OK;
    }

    /** "probity: debited ε …, δ … from FILE (release #N); left: ε …, δ …" on standard error. */
    static void printDebit(PrintWriter err, java.nio.file.Path budget, PrivacyBudget.Released<?> released) {
        err.printf(java.util.Locale.ROOT, "probity: debited ε %s, δ %s from %s (release #%d); left: ε %s, δ %s%n",
                released.entry().charge().epsilon().toPlainString(), released.entry().charge().delta().toPlainString(), budget,
                released.entry().sequence(), released.after().epsilonLeft().toPlainString(), released.after().deltaLeft().toPlainString());
    }
}
