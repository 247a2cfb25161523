package dev.probity.ledger.comply;

import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.ModelState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.Stage;

import java.time.Period;

import static dev.probity.ledger.comply.Found.fail;
import static dev.probity.ledger.comply.Found.none;
import static dev.probity.ledger.comply.Found.pass;
import static dev.probity.ledger.comply.Params.*;
import static dev.probity.ledger.comply.Read.*;

/** The checks that read recorded audits: when, by whom, of which groups, and what their impact ratios are. */
final class AuditChecks {
    private AuditChecks() {
    }

    static Found auditWithin(ModelState m, Period period, Instant asOf) {
        if (m.audits().isEmpty()) {
            return none("no audit of this model file is recorded (run 'probity audit --model FILE … --ledger DIR')");
        }
        List<Event> uses = new ArrayList<>(m.decisions());
        boolean inUse = m.stage() == Stage.DEPLOYED;
        List<Long> used = new ArrayList<>();
        for (Event d : uses) {
            Event a = latestBefore(m.audits(), d.index());
            if (a == null) {
                return fail("decision about case " + d.text("case") + " (entry " + d.index() + ") was made before any audit", List.of(d.index()));
            }
            if (!d.time().isBefore(plus(a.time(), period))) {
                return fail("decision about case " + d.text("case") + " (entry " + d.index() + ", " + day(d.time())
                        + ") came more than " + words(period) + " after the latest audit before it (entry " + a.index() + ", "
                        + day(a.time()) + ")", List.of(a.index(), d.index()));
            }
            used.add(a.index());
        }
        Event first = m.deployments().isEmpty() ? null : m.deployments().get(0);
        if (first != null && latestBefore(m.audits(), first.index()) == null) {
            return fail("deployed (entry " + first.index() + ") before any audit was recorded", List.of(first.index()));
        }
        Event last = m.audits().get(m.audits().size() - 1);
        boolean current = asOf.isBefore(plus(last.time(), period));
        if (inUse && !current) {
            return fail("still deployed on " + day(asOf) + ", more than " + words(period) + " after the latest audit (entry "
                    + last.index() + ", " + day(last.time()) + ")", List.of(last.index()));
        }
        used.add(last.index());
        return pass("latest audit " + day(last.time()) + " (entry " + last.index() + ")"
                + (uses.isEmpty() ? "" : "; each of " + uses.size() + " decisions within " + words(period) + " after an audit")
                + (inUse ? "; valid until " + day(plus(last.time(), period)) : m.stage() == Stage.RETIRED ? "; retired" : "; not in use yet"),
                used);
    }

    static Found independent(EvidenceLog log, ModelState m, String attestation) {
        Event a = latestAudit(m, false);
        if (a == null) {
            return none("no audit of this model file is recorded");
        }
        Set<String> involved = new LinkedHashSet<>(m.trainers());
        involved.add(m.owner());
        m.deployments().forEach(d -> involved.add(d.actor()));
        if (involved.stream().anyMatch(x -> dev.probity.ledger.registry.Registry.samePerson(x, a.actor()))) {
            return fail("the latest audit (entry " + a.index() + ") was run by " + a.actor() + ", who "
                    + (m.trainers().stream().anyMatch(t -> dev.probity.ledger.registry.Registry.samePerson(t, a.actor())) ? "trained"
                    : dev.probity.ledger.registry.Registry.samePerson(m.owner(), a.actor()) ? "owns" : "deployed") + " the model",
                    List.of(a.index()));
        }
        String base = "the latest audit (entry " + a.index() + ") was run by " + a.actor() + ", who did not train, own or deploy it";
        if (attestation == null) {
            return pass(base, List.of(a.index()));
        }
        for (Event e : log.events()) {
            if (e.type().equals("attestation") && m.key().equals(e.modelKey()) && attestation.equals(e.text("statement"))
                    && e.validlySigned() && e.actor().equals(a.actor())) {
                return pass(base + "; signed attestation '" + attestation + "' by the auditor (entry " + e.index() + ")",
                        List.of(a.index(), e.index()));
            }
        }
        return none(base + ", but no attestation '" + attestation + "' signed by " + a.actor()
                + " is recorded (independence also means no employment or financial tie, which only the auditor can attest)");
    }

    static Found categories(ModelState m, Map<String, Object> p) {
        Event a = latestAudit(m, true);
        if (a == null) {
            return none(m.audits().isEmpty() ? "no audit of this model file is recorded" : "the audits recorded carry no result");
        }
        Map<String, Object> cats = map(p, "categories");
        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Map<String, String> columnOf = new java.util.LinkedHashMap<>();
        for (var c : cats.entrySet()) {
            Set<String> aliases = new LinkedHashSet<>();
            if (c.getValue() instanceof List<?> l) {
                l.forEach(x -> aliases.add(norm(String.valueOf(x))));
            }
            aliases.add(norm(c.getKey()));
            String col = null;
            for (Map<String, Object> attr : attributes(a)) {
                List<Object> cols = list(attr.get("columns"));
                if (cols.size() == 1 && aliases.contains(norm(String.valueOf(cols.get(0))))) {
                    col = String.valueOf(cols.get(0));
                }
            }
            if (col == null) {
                missing.add(c.getKey() + " (looked for a column " + String.join(", ", aliases) + ")");
            } else {
                columnOf.put(c.getKey(), col);
                found.add(c.getKey() + " as " + col);
            }
        }
        if (bool(p, "intersections", false) && missing.isEmpty()) {
            boolean inter = false;
            for (Map<String, Object> attr : attributes(a)) {
                List<String> cols = list(attr.get("columns")).stream().map(String::valueOf).toList();
                if (Boolean.TRUE.equals(attr.get("intersection")) && cols.containsAll(columnOf.values())) {
                    inter = true;
                }
            }
            if (!inter) {
                missing.add("the intersection " + String.join(" × ", columnOf.values()) + " (audit with --intersections)");
            } else {
                found.add("their intersection");
            }
        }
        if (!missing.isEmpty()) {
            return fail("the latest audit (entry " + a.index() + ") lacks " + String.join("; ", missing), List.of(a.index()));
        }
        return pass("the latest audit (entry " + a.index() + ") covers " + String.join(", ", found), List.of(a.index()));
    }

    static Found impactRatios(ModelState m, double minShare) {
        Event a = latestAudit(m, true);
        if (a == null) {
            return none(m.audits().isEmpty() ? "no audit of this model file is recorded" : "the audits recorded carry no result");
        }
        Object share = a.object("result").get("settings") instanceof Map<?, ?> s ? s.get("ll144_min_share") : null;
        if (share instanceof Double d && d > minShare + 1e-12) {
            return fail("the audit (entry " + a.index() + ") left out categories under " + pct(d) + " of the data; at most "
                    + pct(minShare) + " may be left out", List.of(a.index()));
        }
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> attr : attributes(a)) {
            List<Object> tables = list(attr.get("ll144"));
            if (tables.isEmpty()) {
                return fail("the audit (entry " + a.index() + ") has no impact ratios for " + attr.get("name"), List.of(a.index()));
            }
            for (Object t : tables) {
                Map<?, ?> tab = (Map<?, ?>) t;
                String low = null;
                double lowest = Double.POSITIVE_INFINITY;
                List<String> excluded = new ArrayList<>();
                for (Object row : list(tab.get("rows"))) {
                    Map<?, ?> rr = (Map<?, ?>) row;
                    if (Boolean.TRUE.equals(rr.get("excluded"))) {
                        excluded.add(rr.get("category") + " (n " + fmt(rr.get("n")) + ", rate " + fmt(rr.get("rate")) + ")");
                    } else if (rr.get("impact_ratio") instanceof Double ir && ir < lowest) {
                        lowest = ir;
                        low = String.valueOf(rr.get("category"));
                    }
                }
                parts.add(attr.get("name") + " (" + tab.get("kind") + " rates): lowest impact ratio "
                        + (low == null ? "undefined" : String.format(Locale.ROOT, "%.3f", lowest) + " for " + low)
                        + (excluded.isEmpty() ? "" : "; under " + pct(minShare) + ", left out: " + String.join(", ", excluded)));
            }
        }
        if (parts.isEmpty()) {
            return fail("the audit (entry " + a.index() + ") has no protected attribute", List.of(a.index()));
        }
        return pass("impact ratios computed (the law sets no threshold): " + String.join("; ", parts), List.of(a.index()));
    }

    static Found fourFifths(ModelState m, double threshold) {
        Event a = latestAudit(m, true);
        if (a == null) {
            return none(m.audits().isEmpty() ? "no audit of this model file is recorded" : "the audits recorded carry no result");
        }
        List<String> below = new ArrayList<>();
        List<String> small = new ArrayList<>();
        int groups = 0;
        for (Map<String, Object> attr : attributes(a)) {
            Object ff = attr.get("four_fifths");
            if (!(ff instanceof Map<?, ?> f)) {
                continue;
            }
            for (Object row : list(f.get("rows"))) {
                Map<?, ?> rr = (Map<?, ?>) row;
                groups++;
                if (rr.get("impact_ratio") instanceof Double ir && ir < threshold) {
                    String g = attr.get("name") + "=" + rr.get("group") + " " + String.format(Locale.ROOT, "%.3f", ir);
                    if (Boolean.TRUE.equals(rr.get("small"))) {
                        small.add(g + " (n " + fmt(rr.get("n")) + ")");
                    } else {
                        below.add(g);
                    }
                }
            }
        }
        if (groups == 0) {
            return none("the audit (entry " + a.index() + ") has no four-fifths table (a binary decision is needed)");
        }
        String smallText = small.isEmpty() ? "" : "; too small to judge: " + String.join(", ", small);
        if (!below.isEmpty()) {
            return fail("impact ratio below " + threshold + ": " + String.join(", ", below) + smallText
                    + " (a rule of thumb, not a legal definition: §1607.4(D) weighs significance and sample size)", List.of(a.index()));
        }
        return pass("every group of adequate size has an impact ratio of at least " + threshold + " (entry " + a.index() + ")" + smallText,
                List.of(a.index()));
    }
}
