package dev.probity.report.text;

import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.comply.Verdict;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.Gate;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Oversight;
import dev.probity.ledger.registry.Raci;
import dev.probity.ledger.registry.Transition;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The registry's answers for a terminal: a model's stage and lineage, gates, RACI tables, oversight rates, compliance. */
public final class RegistryText {
    private RegistryText() {
    }

    public static String state(ModelState m) {
        StringBuilder b = new StringBuilder();
        b.append(m.key()).append(" — ").append(m.stage().label()).append('\n');
        long lastApproval = m.approvals().isEmpty() ? -1 : m.approvals().get(m.approvals().size() - 1).index();
        if ((m.stage() == dev.probity.ledger.registry.Stage.APPROVED || m.stage() == dev.probity.ledger.registry.Stage.DEPLOYED)
                && m.lastTraining() > lastApproval) {
            b.append("  NOTE: the file was trained again (entry ").append(m.lastTraining()).append(") after its last approval (entry ")
                    .append(lastApproval).append("); it must be audited and approved again before a new deployment\n");
        }
        b.append("  file sha256 ").append(m.sha256()).append('\n');
        b.append("  owner ").append(TerminalText.clean(m.owner())).append(m.informed().isEmpty() ? "" : " · informed: "
                + String.join(", ", m.informed().stream().map(TerminalText::clean).toList())).append('\n');
        b.append("  registered ").append(line(m.registered())).append('\n');
        section(b, "training data", m.datasets(), m.trainingInputs().isEmpty() ? "none recorded"
                : m.trainingInputs().size() + " input(s), none registered with a datasheet");
        section(b, "data bias reports", m.dataAudits(), "none");
        section(b, "training runs", m.trainings(), "none recorded for this file");
        section(b, "audits", m.audits(), "none");
        section(b, "evaluations", m.evaluations(), "none");
        section(b, "explanations", m.explanations(), "none");
        b.append("  documentation: ").append(m.documentation() == null ? "none" : line(m.documentation())).append('\n');
        section(b, "lifecycle", m.transitions(), "none since registration");
        b.append("  decisions ").append(m.decisions().size()).append(" · overrides ").append(m.overrides().size())
                .append(" · appeals ").append(m.appeals().size()).append('\n');
        if (!m.other().isEmpty()) {
            section(b, "other evidence", m.other(), "");
        }
        if (!m.outOfGate().isEmpty()) {
            section(b, "RECORDED AROUND THE REGISTRY'S GATES (these move nothing; comply fails on them)", m.outOfGate(), "");
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Event> events, String empty) {
        if (events.isEmpty()) {
            b.append("  ").append(title).append(": ").append(empty).append('\n');
            return;
        }
        b.append("  ").append(title).append(":\n");
        for (Event e : events) {
            b.append("    ").append(line(e)).append('\n');
        }
    }

    /** One entry in words: "entry 4 · audit (exit 0) · bob · 2026-11-30 09:12Z · signed". */
    public static String line(Event e) {
        String what = e.command() != null ? e.command() + " (exit " + e.exit() + ")" : e.type()
                + (e.text("to") != null ? " → " + e.text("to") : "") + (e.text("decision") != null ? " (" + e.text("decision") + ")" : "");
        return "entry " + e.index() + " · " + what + " · " + TerminalText.clean(e.actor()) + " · "
                + e.time().atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0) + "Z"
                + switch (e.signed()) {
                    case VALID -> " · signed (key " + keyId(e) + ")";
                    case INVALID -> " · SIGNATURE DOES NOT HOLD";
                    case NOT_SIGNED -> "";
                };
    }

    /** The key ID of a signed event's key, as written in its verifier key (name+keyid+…). */
    static String keyId(Event e) {
        Object k = e.object("signature").get("key");
        String[] p = k == null ? new String[0] : k.toString().split("\\+");
        return p.length >= 2 ? p[1] : "?";
    }

    public static String transition(Transition t) {
        StringBuilder b = new StringBuilder();
        b.append(t.model()).append(": ").append(t.from().label()).append(" → ").append(t.to().label()).append(' ')
                .append(t.done() ? "recorded as entry " + t.entry() : "REFUSED (nothing recorded)").append('\n');
        for (Gate g : t.gates()) {
            b.append("  ").append(g.passed() ? "✓ " : "✗ ").append(g.id()).append(": ").append(TerminalText.clean(g.detail())).append('\n');
        }
        return b.toString();
    }

    public static String raci(Raci r) {
        StringBuilder b = new StringBuilder();
        b.append("Responsibility for ").append(r.model()).append(r.caseId() == null ? "" : ", case " + TerminalText.clean(r.caseId()))
                .append(" (R responsible · A accountable · C consulted · I informed)\n");
        for (Raci.Row row : r.rows()) {
            b.append("  ").append(row.stage()).append('\n');
            b.append("    R ").append(people(row.responsible(), "nobody recorded")).append('\n');
            b.append("    A ").append(people(row.accountable(), "—")).append('\n');
            b.append("    C ").append(people(row.consulted(), "—")).append('\n');
            b.append("    I ").append(people(row.informed(), "—")).append('\n');
            if (!row.proofs().isEmpty()) {
                b.append(row.proofs().size() == 1 ? "    evidence: entry " : "    evidence: entries ").append(String.join(", ", row.proofs().stream().map(p -> Long.toString(p.index())).toList()))
                        .append(row.proofs().stream().allMatch(EvidenceLog.Proof::verify) ? " (inclusion proofs check)" : " (A PROOF DOES NOT CHECK)")
                        .append('\n');
            }
        }
        b.append("Proofs are against the signed checkpoint:\n").append(indent(r.checkpoint()));
        return b.toString();
    }

    public static String oversight(Oversight o) {
        StringBuilder b = new StringBuilder();
        b.append("Human oversight of ").append(o.model()).append(" by ").append(TerminalText.clean(o.attribute())).append(": ")
                .append(o.decisions()).append(" decisions").append(o.missing() > 0 ? " (" + o.missing() + " without this attribute left out)" : "")
                .append('\n');
        String pct = Math.round(o.level() * 100) + "%";
        b.append(String.format(Locale.ROOT, "  %-20s %9s  %-26s %-26s %-26s%n", "group", "decisions", "overridden [" + pct + "]",
                "appealed [" + pct + "]", "appeals overturned"));
        for (Oversight.Row r : o.rows()) {
            b.append(String.format(Locale.ROOT, "  %-20s %9d  %-26s %-26s %-26s%n", TerminalText.clean(r.group()), r.decisions(),
                    rate(r.overridden()), rate(r.appealed()), rate(r.overturned())));
        }
        if (o.rows().size() > 1) {
            b.append("  * differs from the other groups (Holm-adjusted p < 0.05; Fisher's exact test, or the G-test when every expected count is 5 or more)\n");
        } else {
            b.append("  one group only: there is nothing to compare it with\n");
        }
        if (o.rows().stream().anyMatch(r -> r.decisions() < 30)) {
            b.append("  groups with fewer than 30 decisions have wide intervals: read their rates with them\n");
        }
        return b.toString();
    }

    private static String rate(Oversight.Rate r) {
        if (Double.isNaN(r.rate())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%d %s%% [%s–%s]%s", r.count(), pct(r.rate()), pct(r.interval().low()), pct(r.interval().high()),
                r.pValue() < 0.05 ? " *" : "");
    }

    /** A share as a percentage: one decimal, or two significant digits below 0.1% (an upper bound of 0.0057% is not 0.0). */
    static String pct(double share) {
        double p = share * 100;
        return p == 0 || p >= 0.1 ? String.format(Locale.ROOT, "%.1f", p) : String.format(Locale.ROOT, "%.2g", p);
    }

    public static String compliance(ComplianceReport c) {
        StringBuilder b = new StringBuilder();
        b.append(c.title()).append('\n');
        b.append(c.model()).append(" (").append(c.stage()).append(") as of ").append(c.asOf().atOffset(ZoneOffset.UTC).toLocalDate())
                .append(" · policy ").append(c.policy()).append(c.policyVersion() == null ? "" : " (text checked " + c.policyVersion() + ")")
                .append('\n');
        b.append("the log was ").append(TerminalText.clean(c.trust())).append('\n');
        for (ComplianceReport.Result r : c.results()) {
            String mark = switch (r.verdict()) {
                case PASS -> "✓ pass       ";
                case FAIL -> "✗ FAIL       ";
                case NO_EVIDENCE -> "? no evidence";
            };
            b.append("  ").append(mark).append("  ").append(r.rule()).append(" — ").append(r.title()).append('\n');
            b.append("                 ").append(TerminalText.clean(r.detail())).append('\n');
            b.append("                 source: ").append(r.source()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%d pass, %d fail, %d without evidence%s%n", c.count(Verdict.PASS), c.count(Verdict.FAIL),
                c.count(Verdict.NO_EVIDENCE), c.passed() ? "" : " — a rule without evidence is not a pass"));
        for (String caveat : c.caveats()) {
            b.append("note: ").append(caveat).append('\n');
        }
        return b.toString();
    }

    private static String people(List<String> p, String none) {
        return p.isEmpty() ? none : String.join(", ", p.stream().map(TerminalText::clean).toList());
    }

    private static String indent(String s) {
        StringBuilder b = new StringBuilder();
        for (String l : s.split("\n")) {
            b.append("  ").append(TerminalText.clean(l)).append('\n');
        }
        return b.toString();
    }
}
