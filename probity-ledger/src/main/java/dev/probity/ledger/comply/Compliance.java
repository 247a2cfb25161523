package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.core.model.ProhibitedBases;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Registry;
import dev.probity.ledger.registry.Stage;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        ModelState m = ModelState.of(log, name, version);
        String checkpoint = log.checkpoint();
        List<ComplianceReport.Result> out = new ArrayList<>();
        for (Policy.Rule r : policy.rules()) {
            Found f;
            try {
                f = run(r, log, m, asOf);
            } catch (InputException e) {
                throw new InputException("policy " + policy.id() + ", rule " + r.id() + ": " + e.getMessage());
            }
            out.add(new ComplianceReport.Result(r.id(), r.title(), r.source(), r.url(), r.requirement(), f.verdict, f.detail,
                    f.entries.stream().distinct().sorted().map(log::prove).toList()));
        }
        return new ComplianceReport(policy.id(), policy.title(), policy.version(), policy.scope(), policy.caveats(), m.key(),
                m.stage().label(), asOf, checkpoint, List.copyOf(out));
    }

    private record Found(Verdict verdict, String detail, List<Long> entries) {
    }

    private static Found pass(String detail, List<Long> e) {
        return new Found(Verdict.PASS, detail, e);
    }

    private static Found fail(String detail, List<Long> e) {
        return new Found(Verdict.FAIL, detail, e);
    }

    private static Found none(String detail) {
        return new Found(Verdict.NO_EVIDENCE, detail, List.of());
    }

    private static Found run(Policy.Rule r, EvidenceLog log, ModelState m, Instant asOf) {
        Map<String, Object> p = r.params();
        return switch (r.check()) {
            case "audit-within" -> auditWithin(m, period(p, "period", "P1Y"), asOf);
            case "independent-auditor" -> independent(log, m, str(p, "attestation", null));
            case "audit-categories" -> categories(m, p);
            case "impact-ratios" -> impactRatios(m, num(p, "min_share", 0.02));
            case "four-fifths" -> fourFifths(m, num(p, "threshold", 0.8));
            case "event" -> event(log, m, p, asOf);
            case "documented" -> documented(m, strings(p, "fields"), bool(p, "signed", false));
            case "four-eyes" -> fourEyes(m);
            case "approved-before-deployment" -> approvedBeforeDeployment(m);
            case "reasons" -> reasons(m, (int) num(p, "max", 4), prohibited(p));
            case "explained" -> explained(m);
            case "no-prohibited-features" -> prohibitedFeatures(m, prohibited(p), strings(p, "allow"));
            case "data-governance" -> dataGovernance(m, strings(p, "datasheet"));
            case "data-examined" -> dataExamined(m);
            case "log-integrity" -> logIntegrity(log, m);
            case "oversight" -> oversight(m, str(p, "field", "human_oversight"));
            case "contest-route" -> contest(m, str(p, "field", "contest"));
            case "evaluated" -> evaluated(m, p.containsKey("min_accuracy") ? num(p, "min_accuracy", 0) : Double.NaN);
            default -> throw new InputException("unknown check " + r.check());
        };
    }

    // ---- audits

    private static Found auditWithin(ModelState m, Period period, Instant asOf) {
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

    private static Found independent(EvidenceLog log, ModelState m, String attestation) {
        Event a = latestAudit(m, false);
        if (a == null) {
            return none("no audit of this model file is recorded");
        }
        Set<String> involved = new LinkedHashSet<>(m.trainers());
        involved.add(m.owner());
        m.deployments().forEach(d -> involved.add(d.actor()));
        if (involved.contains(a.actor())) {
            return fail("the latest audit (entry " + a.index() + ") was run by " + a.actor() + ", who "
                    + (m.trainers().contains(a.actor()) ? "trained" : m.owner().equals(a.actor()) ? "owns" : "deployed") + " the model",
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

    private static Found categories(ModelState m, Map<String, Object> p) {
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

    private static Found impactRatios(ModelState m, double minShare) {
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

    private static Found fourFifths(ModelState m, double threshold) {
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

    // ---- recorded statements

    private static Found event(EvidenceLog log, ModelState m, Map<String, Object> p, Instant asOf) {
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

    private static Found documented(ModelState m, List<String> fields, boolean signed) {
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

    private static Found fourEyes(ModelState m) {
        if (m.approvals().isEmpty()) {
            return none("no signed approval is recorded");
        }
        for (Event a : m.approvals()) {
            if (!m.trainers().contains(a.actor()) && !m.trainers().isEmpty()) {
                return pass("approved by " + a.actor() + " (signed, entry " + a.index() + "), trained by " + String.join(", ", m.trainers()),
                        List.of(a.index(), m.lastTraining()));
            }
        }
        if (m.trainers().isEmpty()) {
            return none("no training run is recorded, so nobody can be shown to be a second person");
        }
        return fail("every approval was signed by someone who trained the model", m.approvals().stream().map(Event::index).toList());
    }

    private static Found approvedBeforeDeployment(ModelState m) {
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

    // ---- explanations and features

    private static Found reasons(ModelState m, int max, List<String> prohibited) {
        Event x = null;
        for (Event e : m.explanations()) {
            if ("reasons".equals(e.object("result").get("method"))) {
                x = e;
            }
        }
        if (x == null) {
            return none("no adverse-action reasons of this model are recorded (probity explain --method reasons … --ledger DIR)");
        }
        int rows = 0;
        int most = 0;
        Set<String> bad = new LinkedHashSet<>();
        for (Object r : list(x.object("result").get("results"))) {
            if (r instanceof Map<?, ?> row && row.get("reasons") instanceof List<?> rs) {
                rows++;
                most = Math.max(most, rs.size());
                for (Object reason : rs) {
                    if (reason instanceof Map<?, ?> rm && rm.get("feature") != null) {
                        bad.addAll(ProhibitedBases.among(List.of(String.valueOf(rm.get("feature"))), prohibited));
                    }
                }
            }
        }
        if (!bad.isEmpty()) {
            return fail("a prohibited basis is given as a reason: " + String.join(", ", bad) + " (entry " + x.index() + ")", List.of(x.index()));
        }
        if (most > max) {
            return fail("up to " + most + " reasons per case (entry " + x.index() + "); more than " + max + " is unlikely to help the applicant",
                    List.of(x.index()));
        }
        if (rows == 0) {
            return none("the recorded explanation (entry " + x.index() + ") explains no case");
        }
        return pass(rows + " case(s) explained with at most " + most + " reasons each, none a prohibited basis (entry " + x.index() + ")",
                List.of(x.index()));
    }

    private static Found explained(ModelState m) {
        if (m.explanations().isEmpty()) {
            return none("no explanation of this model file is recorded (probity explain --model FILE … --ledger DIR)");
        }
        Set<String> methods = new LinkedHashSet<>();
        m.explanations().forEach(e -> methods.add(String.valueOf(e.object("result").getOrDefault("method", "?"))));
        return pass("explained with " + String.join(", ", methods), m.explanations().stream().map(Event::index).toList());
    }

    private static Found prohibitedFeatures(ModelState m, List<String> prohibited, List<String> allow) {
        List<Object> features = m.registered().list("features");
        if (features.isEmpty()) {
            return none("the registration (entry " + m.registered().index() + ") does not list the model's features");
        }
        List<String> found = new ArrayList<>(ProhibitedBases.among(features.stream().map(String::valueOf).toList(), prohibited));
        found.removeAll(allow);
        if (!found.isEmpty()) {
            return fail("the model reads " + String.join(", ", found) + " (entry " + m.registered().index() + ")", List.of(m.registered().index()));
        }
        return pass("none of its " + features.size() + " features is a prohibited basis" + (allow.isEmpty() ? "" : " (allowed: "
                + String.join(", ", allow) + ")"), List.of(m.registered().index()));
    }

    // ---- data

    private static Found dataGovernance(ModelState m, List<String> datasheet) {
        if (m.trainings().isEmpty()) {
            return none("no training run of this model file is recorded, so its data are not known");
        }
        List<String> lacking = new ArrayList<>();
        List<Long> e = new ArrayList<>();
        for (String in : m.trainingInputs()) {
            Event d = m.datasets().stream().filter(x -> in.equals("sha256:" + x.text("sha256")) || in.equals("dataset:" + x.text("bundled")))
                    .findFirst().orElse(null);
            String shown = in.startsWith("sha256:") ? "the file with sha256 " + in.substring(7, 19) + "…" : in.substring(8);
            if (d == null) {
                lacking.add(shown + " is not registered with a datasheet");
                continue;
            }
            e.add(d.index());
            Map<String, Object> sheet = d.object("datasheet");
            List<String> miss = datasheet.stream().filter(f -> sheet.get(f) == null || String.valueOf(sheet.get(f)).isBlank()).toList();
            if (!miss.isEmpty()) {
                lacking.add(d.text("dataset") + "'s datasheet lacks " + String.join(", ", miss));
            }
        }
        if (!lacking.isEmpty()) {
            return fail(String.join("; ", lacking), e);
        }
        return pass(m.trainingInputs().size() + " training input(s), each registered with a datasheet", e);
    }

    private static Found dataExamined(ModelState m) {
        if (m.dataAudits().isEmpty()) {
            return none(m.trainings().isEmpty() ? "no training run is recorded, so its data are not known"
                    : "no data bias report of the training data is recorded (probity data-audit --data FILE … --ledger DIR)");
        }
        Event d = m.dataAudits().get(m.dataAudits().size() - 1);
        return pass("data bias report of the training data by " + d.actor() + " (entry " + d.index() + ")",
                m.dataAudits().stream().map(Event::index).toList());
    }

    // ---- logging and oversight

    private static Found logIntegrity(EvidenceLog log, ModelState m) {
        Ledger l = log.ledger();
        LedgerVerifier.Report r = LedgerVerifier.verify(l.dir(), List.of(l.key()));
        if (!r.ok()) {
            return fail("the evidence log does not verify: " + String.join("; ", r.problems()), List.of());
        }
        if (m.stage() == Stage.DEPLOYED && m.decisions().isEmpty()) {
            return none("the log verifies, but no decision of the deployed model is logged");
        }
        return pass("the log verifies (" + r.entries() + " entries, every checkpoint signed); " + m.decisions().size()
                + " decision(s) logged", m.decisions().isEmpty() ? List.of() : List.of(m.decisions().get(0).index()));
    }

    private static Found oversight(ModelState m, String field) {
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

    private static Found contest(ModelState m, String field) {
        Event d = m.documentation();
        boolean doc = d != null && d.fields().get(field) != null && !d.text(field).isBlank();
        if (doc) {
            return pass("how to contest a decision is documented (entry " + d.index() + ")" + (m.appeals().isEmpty() ? ""
                    : "; " + m.appeals().size() + " appeal(s) recorded"), List.of(d.index()));
        }
        if (!m.appeals().isEmpty()) {
            return pass(m.appeals().size() + " appeal(s) recorded, though the route is not documented",
                    m.appeals().stream().map(Event::index).limit(3).toList());
        }
        return none("no route to contest a decision is documented ('" + field + "') and no appeal is recorded");
    }

    private static Found evaluated(ModelState m, double min) {
        Event x = null;
        for (Event e : m.evaluations()) {
            if (!e.object("result").isEmpty()) {
                x = e;
            }
        }
        if (x == null) {
            return none("no evaluation of this model file on labelled data is recorded (probity evaluate --model FILE … --ledger DIR)");
        }
        Double acc = accuracy(x.object("result"));
        if (!Double.isNaN(min) && (acc == null || acc < min)) {
            return fail("accuracy " + (acc == null ? "not reported" : String.format(Locale.ROOT, "%.3f", acc)) + " (entry " + x.index()
                    + "); at least " + min + " is required", List.of(x.index()));
        }
        return pass("evaluated by " + x.actor() + " (entry " + x.index() + ")" + (acc == null ? "" : String.format(Locale.ROOT, ": accuracy %.3f", acc)),
                List.of(x.index()));
    }

    /** The accuracy in an evaluation result ({@code probity.evaluation/v1}), or null. */
    public static Double accuracy(Map<String, Object> result) {
        if (list(result.get("reports")).isEmpty()) {
            return result.get("accuracy") instanceof Double d ? d : null;
        }
        return list(result.get("reports")).get(0) instanceof Map<?, ?> r && r.get("accuracy") instanceof Double d ? d : null;
    }

    // ---- helpers

    /** The latest audit of the model (with a recorded result, when {@code withResult}). */
    static Event latestAudit(ModelState m, boolean withResult) {
        Event out = null;
        for (Event a : m.audits()) {
            if (!withResult || !a.object("result").isEmpty()) {
                out = a;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attributes(Event audit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(audit.object("result").get("attributes"))) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    private static Event latestBefore(List<Event> events, long index) {
        Event out = null;
        for (Event e : events) {
            if (e.index() < index) {
                out = e;
            }
        }
        return out;
    }

    private static Instant plus(Instant t, Period p) {
        return t.atZone(ZoneOffset.UTC).plus(p).toInstant();
    }

    private static String day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String words(Period p) {
        if (p.getYears() > 0 && p.getMonths() == 0 && p.getDays() == 0) {
            return p.getYears() == 1 ? "one year" : p.getYears() + " years";
        }
        if (p.getYears() == 0 && p.getMonths() > 0 && p.getDays() == 0) {
            return p.getMonths() == 1 ? "one month" : p.getMonths() + " months";
        }
        return p.getDays() + p.getMonths() * 30 + p.getYears() * 365 + " days (" + p + ")";
    }

    private static String pct(double d) {
        return String.format(Locale.ROOT, "%.4g%%", d * 100).replaceAll("\\.?0+%$", "%");
    }

    private static String fmt(Object o) {
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(o);
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static List<String> prohibited(Map<String, Object> p) {
        List<String> l = strings(p, "prohibited");
        return l.isEmpty() ? ProhibitedBases.REGULATION_B : l;
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> p, String key) {
        return p.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Map<String, Object> p, String key) {
        return list(p.get(key)).stream().map(String::valueOf).toList();
    }

    private static String str(Map<String, Object> p, String key, String dflt) {
        return p.get(key) instanceof String s ? s : dflt;
    }

    private static double num(Map<String, Object> p, String key, double dflt) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number d) || !Double.isFinite(d.doubleValue())) {
            throw new InputException("params." + key + " is a number; got " + v);
        }
        return d.doubleValue();
    }

    private static boolean bool(Map<String, Object> p, String key, boolean dflt) {
        return p.get(key) instanceof Boolean b ? b : dflt;
    }

    private static Period period(Map<String, Object> p, String key, String dflt) {
        String s = str(p, key, dflt);
        try {
            return Period.parse(s);
        } catch (DateTimeParseException e) {
            throw new InputException("params." + key + " is an ISO-8601 period such as P1Y or P6M; got '" + InputException.shown(s) + "'");
        }
    }

    static boolean isRegistryType(String t) {
        return t.equals(Registry.APPROVAL);
    }
}
