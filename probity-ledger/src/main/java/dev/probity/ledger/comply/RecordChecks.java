package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.ModelState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.Stage;

import java.time.Period;

import static dev.probity.ledger.comply.Found.fail;
import static dev.probity.ledger.comply.Found.none;
import static dev.probity.ledger.comply.Found.pass;
import static dev.probity.ledger.comply.Params.*;
import static dev.probity.ledger.comply.Read.*;

/** The checks that read recorded statements and the lifecycle: events, documentation, approvals, logging and oversight. */
final class RecordChecks {
    private RecordChecks() {
    }

    static Found event(EvidenceLog log, ModelState m, Map<String, Object> p, Instant asOf) {
        String type = str(p, "type", null);
        if (type == null) {
            throw new InputException("an 'event' check needs params.type");
        }
        Map<String, Object> where = map(p, "where");
        boolean signed = bool(p, "signed", false);
        List<String> fields = strings(p, "fields");
        String what = type + (where.isEmpty() ? "" : " " + where);
        Event match = null;
        String problem = null;
        for (Event e : log.events()) {
            if (!e.type().equals(type) || !m.key().equals(e.modelKey())) {
                continue;
            }
            boolean ok = true;
            for (var w : where.entrySet()) {
                ok &= String.valueOf(w.getValue()).equals(e.text(w.getKey()));
            }
            if (!ok) {
                continue;
            }
            List<String> lacking = fields.stream().filter(f -> e.fields().get(f) == null || e.text(f).isBlank()).toList();
            if (signed && !e.validlySigned()) {
                problem = "entry " + e.index() + " is not signed" + (e.signed() == dev.probity.ledger.Evidence.Signed.INVALID ? " validly" : "");
            } else if (!lacking.isEmpty()) {
                problem = "entry " + e.index() + " lacks " + String.join(", ", lacking);
            } else {
                match = e;
            }
        }
        if (match == null) {
            return problem == null ? none("no " + type + " event" + (where.isEmpty() ? "" : " with " + where) + " is recorded for " + m.key()
                    + " (probity ledger record --type " + type + " …)") : fail(what + ": " + problem, List.of());
        }
        String before = str(p, "before", null);
        if ("first-deployment".equals(before) && !m.deployments().isEmpty()) {
            Event d = m.deployments().get(0);
            Event firstOk = null;
            for (Event e : log.events()) {
                if (e.type().equals(type) && m.key().equals(e.modelKey()) && e.index() < d.index()) {
                    firstOk = e;
                    break;
                }
            }
            if (firstOk == null) {
                return fail(what + " recorded (entry " + match.index() + ") only after the first deployment (entry " + d.index() + ")",
                        List.of(match.index(), d.index()));
            }
        }
        if (p.get("max_age") != null) {
            Period age = period(p, "max_age", "P1Y");
            if (!asOf.isBefore(plus(match.time(), age))) {
                return fail("the latest " + what + " (entry " + match.index() + ", " + day(match.time()) + ") is older than " + words(age),
                        List.of(match.index()));
            }
        }
        return pass(what + " recorded by " + match.actor() + (match.validlySigned() ? " (signed)" : "") + " on " + day(match.time())
                + " (entry " + match.index() + ")", List.of(match.index()));
    }

    static Found documented(ModelState m, List<String> fields, boolean signed) {
        Event d = m.documentation();
        if (d == null) {
            return none("no documentation of intended use is recorded (probity registry document)");
        }
        if (signed && !d.validlySigned()) {
            return fail("the documentation (entry " + d.index() + ") is not signed by the person answerable for it", List.of(d.index()));
        }
        List<String> lacking = fields.stream().filter(f -> d.fields().get(f) == null || d.text(f).isBlank()).toList();
        if (!lacking.isEmpty()) {
            return fail("the documentation (entry " + d.index() + ") lacks " + String.join(", ", lacking), List.of(d.index()));
        }
        return pass("documented by " + d.actor() + (d.validlySigned() ? " (signed)" : "") + " (entry " + d.index() + "): "
                + String.join(", ", fields), List.of(d.index()));
    }

    static Found fourEyes(ModelState m) {
        if (m.approvals().isEmpty()) {
            return none("no signed approval is recorded");
        }
        for (Event a : m.approvals()) {
            if (m.trainers().stream().noneMatch(t -> dev.probity.ledger.registry.Registry.samePerson(t, a.actor())) && !m.trainers().isEmpty()) {
                return pass("approved by " + a.actor() + " (signed, entry " + a.index() + "), trained by " + String.join(", ", m.trainers()),
                        List.of(a.index(), m.lastTraining()));
            }
        }
        if (m.trainers().isEmpty()) {
            return none("no training run is recorded, so nobody can be shown to be a second person");
        }
        return fail("every approval was signed by someone who trained the model", m.approvals().stream().map(Event::index).toList());
    }

    static Found approvedBeforeDeployment(ModelState m) {
        for (Event e : m.outOfGate()) {
            if (e.type().equals("deployment") || e.type().equals("approval")) {
                return fail("the " + e.type() + " in entry " + e.index() + " was recorded around the registry's gates (no gates passed"
                        + (e.type().equals("approval") ? ", or no valid signature" : "") + ")", List.of(e.index()));
            }
        }
        if (m.deployments().isEmpty()) {
            return none("no deployment is recorded");
        }
        for (Event d : m.deployments()) {
            boolean ok = m.approvals().stream().anyMatch(a -> a.index() < d.index() && a.index() > m.lastTraining());
            if (!ok) {
                return fail("the deployment in entry " + d.index() + " has no signed approval given after the last training before it",
                        List.of(d.index()));
            }
        }
        List<Long> e = new ArrayList<>(m.approvals().stream().map(Event::index).toList());
        m.deployments().forEach(d -> e.add(d.index()));
        return pass(m.deployments().size() + " deployment(s), each after a signed approval", e);
    }

    static Found logIntegrity(EvidenceLog log, ModelState m) {
        Ledger l = log.ledger();
        LedgerVerifier.Report r = LedgerVerifier.verify(l.dir(), List.of(l.key()));
        if (!r.ok()) {
            return fail("the evidence log does not verify: " + String.join("; ", r.problems()), List.of());
        }
        if (m.stage() == Stage.DEPLOYED && m.decisions().isEmpty()) {
            return none("the log verifies, but no decision of the deployed model is logged");
        }
        return pass("the log verifies (" + r.entries() + " entries, every checkpoint signed; " + log.trust() + "); " + m.decisions().size()
                + " decision(s) logged", m.decisions().isEmpty() ? List.of() : List.of(m.decisions().get(0).index()));
    }

    static Found oversight(ModelState m, String field) {
        Event d = m.documentation();
        if (d == null || d.fields().get(field) == null || d.text(field).isBlank()) {
            return none("how people oversee the model ('" + field + "') is not documented");
        }
        long overridden = m.overrides().stream().map(e -> e.text("case")).distinct().count();
        long appealed = m.appeals().stream().map(e -> e.text("case")).distinct().count();
        int n = m.decisions().size();
        String rates = n == 0 ? "no decisions logged yet" : overridden + " of " + n + " decisions overridden, " + appealed + " appealed"
                + (overridden == 0 && n >= 100 ? " — no override in " + n + " decisions may mean the review is a formality" : "");
        List<Long> e = new ArrayList<>(List.of(d.index()));
        m.overrides().stream().limit(1).forEach(o -> e.add(o.index()));
        return pass("documented (entry " + d.index() + "); " + rates, e);
    }

    static Found contest(ModelState m, String field) {
        Event d = m.documentation();
        boolean doc = d != null && d.fields().get(field) != null && !d.text(field).isBlank();
        if (doc) {
            return pass("how to contest a decision is documented (entry " + d.index() + ")" + (m.appeals().isEmpty() ? ""
                    : "; " + m.appeals().size() + " appeal(s) recorded"), List.of(d.index()));
        }
        List<Event> ruled = m.appeals().stream().filter(a -> "upheld".equals(a.text("result")) || "overturned".equals(a.text("result"))).toList();
        if (!ruled.isEmpty()) {
            return pass(ruled.size() + " appeal(s) ruled on, though the route is not documented",
                    ruled.stream().map(Event::index).limit(3).toList());
        }
        return none("no route to contest a decision is documented ('" + field + "') and no appeal is recorded");
    }
}
