package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.probity.ledger.comply.Params.bool;
import static dev.probity.ledger.comply.Params.num;
import static dev.probity.ledger.comply.Params.period;
import static dev.probity.ledger.comply.Params.prohibited;
import static dev.probity.ledger.comply.Params.str;
import static dev.probity.ledger.comply.Params.strings;

/**
 * Checks a {@link Policy} against what an evidence log says about one model version. Every check reads evidence only
 * — recorded runs with their results, signed approvals, registrations, documentation, decisions — and answers pass,
 * fail, or no evidence (which is never a pass), naming the entries it used.
 *
 * <p>The checks a rule can use (with their {@code params}):
 * <ul>
 *   <li>{@code audit-within} — every use (each recorded decision, and now, while deployed) falls within {@code period}
 *   (ISO-8601, default {@code P1Y}, calendar arithmetic) after an audit of the model file recorded before it;</li>
 *   <li>{@code independent-auditor} — the latest audit was run by someone who did not train, own or deploy the model;
 *   with {@code attestation}, also a signed attestation of that statement by the auditor;</li>
 *   <li>{@code audit-categories} — the latest audit covers each of {@code categories} (name → column names that count),
 *   and with {@code intersections}, their intersection;</li>
 *   <li>{@code impact-ratios} — LL144 impact ratios were computed for every audited attribute, excluding only categories
 *   under {@code min_share} (default 0.02); never fails on a ratio's value;</li>
 *   <li>{@code four-fifths} — no group of adequate size has an impact ratio below {@code threshold} (default 0.8);</li>
 *   <li>{@code event} — an event of {@code type} for the model exists (optionally {@code signed}, with non-empty
 *   {@code fields}, matching {@code where}, recorded {@code before} the first deployment, or within {@code max_age});</li>
 *   <li>{@code documented} — the model's documentation has every one of {@code fields} (and is signed, if
 *   {@code signed});</li>
 *   <li>{@code four-eyes} — a signed approval by someone who did not train it;</li>
 *   <li>{@code approved-before-deployment} — every deployment follows a signed approval given after the last
 *   training;</li>
 *   <li>{@code reasons} — the latest adverse-action reasons give at most {@code max} reasons per case and none is a
 *   prohibited basis;</li>
 *   <li>{@code explained} — an explanation of the model file is recorded;</li>
 *   <li>{@code no-prohibited-features} — the model reads no prohibited basis (except those in {@code allow});</li>
 *   <li>{@code data-governance} — every dataset it was trained on is registered with a datasheet holding
 *   {@code datasheet} fields;</li>
 *   <li>{@code data-examined} — a data bias report of its training data is recorded;</li>
 *   <li>{@code log-integrity} — the log verifies, and a deployed model's decisions are logged;</li>
 *   <li>{@code oversight} — human oversight is documented ({@code field}); overrides and appeals are reported;</li>
 *   <li>{@code contest-route} — how a person contests a decision is documented, or appeals are recorded;</li>
 *   <li>{@code evaluated} — an evaluation of the model file on labelled data is recorded (accuracy at least
 *   {@code min_accuracy}, if given).</li>
 * </ul>
 */
public final class Compliance {
    public static final List<String> CHECKS = List.of("audit-within", "independent-auditor", "audit-categories", "impact-ratios",
            "four-fifths", "event", "documented", "four-eyes", "approved-before-deployment", "reasons", "explained",
            "no-prohibited-features", "data-governance", "data-examined", "log-integrity", "oversight", "contest-route", "evaluated");

    private Compliance() {
    }

    /** Checks every rule of {@code policy} for {@code name@version} as of {@code asOf}. */
    public static ComplianceReport check(Policy policy, EvidenceLog log, String name, String version, Instant asOf) {
        EvidenceLog then = log.asOf(asOf);
        ModelState m = ModelState.of(then, name, version);
        String checkpoint = log.checkpoint();
        List<ComplianceReport.Result> out = new ArrayList<>();
        for (Policy.Rule r : policy.rules()) {
            Found f;
            try {
                f = run(r, then, m, asOf);
            } catch (InputException e) {
                throw new InputException("policy " + policy.id() + ", rule " + r.id() + ": " + e.getMessage());
            }
            out.add(new ComplianceReport.Result(r.id(), r.title(), r.source(), r.url(), r.requirement(), f.verdict(), f.detail(),
                    f.entries().stream().distinct().sorted().map(log::prove).toList()));
        }
        return new ComplianceReport(policy.id(), policy.title(), policy.version(), policy.scope(), policy.caveats(), m.key(),
                m.stage().label(), asOf, then.trust(), checkpoint, List.copyOf(out));
    }

    private static Found run(Policy.Rule r, EvidenceLog log, ModelState m, Instant asOf) {
        Map<String, Object> p = r.params();
        return switch (r.check()) {
            case "audit-within" -> AuditChecks.auditWithin(m, period(p, "period", "P1Y"), asOf);
            case "independent-auditor" -> AuditChecks.independent(log, m, str(p, "attestation", null));
            case "audit-categories" -> AuditChecks.categories(m, p);
            case "impact-ratios" -> AuditChecks.impactRatios(m, num(p, "min_share", 0.02, 0, 0.5));
            case "four-fifths" -> AuditChecks.fourFifths(m, num(p, "threshold", 0.8, 0, 1));
            case "event" -> RecordChecks.event(log, m, p, asOf);
            case "documented" -> RecordChecks.documented(m, strings(p, "fields"), bool(p, "signed", false));
            case "four-eyes" -> RecordChecks.fourEyes(m);
            case "approved-before-deployment" -> RecordChecks.approvedBeforeDeployment(m);
            case "reasons" -> ModelChecks.reasons(m, (int) num(p, "max", 4, 1, 100), prohibited(p));
            case "explained" -> ModelChecks.explained(m);
            case "no-prohibited-features" -> ModelChecks.prohibitedFeatures(m, prohibited(p), strings(p, "allow"));
            case "data-governance" -> ModelChecks.dataGovernance(m, strings(p, "datasheet"));
            case "data-examined" -> ModelChecks.dataExamined(m);
            case "log-integrity" -> RecordChecks.logIntegrity(log, m);
            case "oversight" -> RecordChecks.oversight(m, str(p, "field", "human_oversight"));
            case "contest-route" -> RecordChecks.contest(m, str(p, "field", "contest"));
            case "evaluated" -> ModelChecks.evaluated(m, p.containsKey("min_accuracy") ? num(p, "min_accuracy", 0, 0, 1) : Double.NaN);
            default -> throw new InputException("unknown check " + r.check());
        };
    }

    /** The accuracy in an evaluation result ({@code probity.evaluation/v1}), or null. */
    public static Double accuracy(Map<String, Object> result) {
        return ModelChecks.accuracy(result);
    }
}
