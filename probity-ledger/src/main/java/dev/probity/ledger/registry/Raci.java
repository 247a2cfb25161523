package dev.probity.ledger.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who was responsible, accountable, consulted and informed at each lifecycle stage of a model version — or of one
 * decision about one case — read from the evidence, each row with the entries it rests on and their inclusion proofs
 * against one signed checkpoint.
 *
 * <p>How the roles are read (the evidence says who acted; the registration names the owner and who is kept informed):
 * <ul>
 *   <li><b>Responsible</b>: whoever is recorded doing the stage's work (registered the data, ran the training, the
 *   audits, signed the approval, deployed, recorded the decision, overrode or ruled on an appeal).</li>
 *   <li><b>Accountable</b>: the model's owner named at registration — except for approval, where the person who signed
 *   it answers for it.</li>
 *   <li><b>Consulted</b>: those whose recorded work the stage relied on (the data auditors for training, the trainers for
 *   validation, the auditors for approval, the approvers for deployment, the deployers for decisions).</li>
 *   <li><b>Informed</b>: the people listed at registration (and the owner, where someone else is accountable).</li>
 * </ul>
 * A stage nobody is recorded doing has no one responsible, and says so.
 *
 * @param model      {@code name@version}
 * @param caseId     the case, for a decision's table, else null
 * @param checkpoint the signed checkpoint note every proof is made against
 * @param rows       one per stage
 */
public record Raci(String model, String caseId, String checkpoint, List<Row> rows) {

    /** One stage: its people and the entries (with proofs) that show it. */
    public record Row(String stage, List<String> responsible, List<String> accountable, List<String> consulted,
                      List<String> informed, List<EvidenceLog.Proof> proofs) {
    }

    /** The table for a model version, or for one case when {@code caseId} is given. */
    public static Raci of(EvidenceLog log, ModelState m, String caseId) {
        List<Row> rows = new ArrayList<>();
        String cp = log.checkpoint();
        List<String> owner = List.of(m.owner());
        List<String> informed = m.informed();
        rows.add(row(log, "registration", List.of(m.registered()), owner, List.of(), informed));
        rows.add(row(log, "data", m.datasets(), owner, actors(m.dataAudits()), informed));
        rows.add(row(log, "training", m.trainings(), owner, actors(m.dataAudits()), informed));
        List<Event> validation = new ArrayList<>(m.audits());
        validation.addAll(m.evaluations());
        validation.addAll(m.explanations());
        m.transitions().stream().filter(e -> e.type().equals(Registry.VALIDATED)).forEach(validation::add);
        rows.add(row(log, "validation", sorted(validation), owner, List.copyOf(m.trainers()), informed));
        List<Event> approvals = new ArrayList<>(m.approvals());
        approvals.addAll(m.rejections());
        List<String> approvers = actors(sorted(approvals));
        rows.add(row(log, "approval", sorted(approvals), approvers.isEmpty() ? owner : approvers, actors(m.audits()),
                union(informed, approvers.contains(m.owner()) ? List.of() : owner)));
        rows.add(row(log, "deployment", m.deployments(), owner, approvers, informed));
        List<Event> decisions = caseId == null ? m.decisions() : byCase(m.decisions(), caseId);
        if (caseId != null && decisions.isEmpty()) {
            throw new dev.probity.core.InputException("no decision about case '" + dev.probity.core.InputException.shown(caseId)
                    + "' is recorded for " + m.key());
        }
        // a model's table shows the first decisions only, as examples; a case's table shows that case
        rows.add(row(log, "decision", caseId == null && decisions.size() > 3 ? decisions.subList(0, 3) : decisions, owner,
                actors(m.deployments()), informed, caseId == null ? decisions.size() : -1));
        List<Event> oversight = new ArrayList<>(caseId == null ? m.overrides() : byCase(m.overrides(), caseId));
        oversight.addAll(caseId == null ? m.appeals() : byCase(m.appeals(), caseId));
        rows.add(row(log, "oversight", sorted(oversight), owner, actors(decisions), informed));
        return new Raci(m.key(), caseId, cp, List.copyOf(rows));
    }

    private static Row row(EvidenceLog log, String stage, List<Event> events, List<String> accountable, List<String> consulted,
                           List<String> informed) {
        return row(log, stage, events, accountable, consulted, informed, -1);
    }

    private static Row row(EvidenceLog log, String stage, List<Event> events, List<String> accountable, List<String> consulted,
                           List<String> informed, int total) {
        List<String> r = actors(events);
        List<String> c = consulted.stream().filter(x -> !r.contains(x)).distinct().toList();
        return new Row(total > events.size() ? stage + " (" + events.size() + " of " + total + " shown)" : stage, r,
                List.copyOf(accountable), c, List.copyOf(informed), events.stream().map(e -> log.prove(e.index())).toList());
    }

    private static List<Event> byCase(List<Event> events, String caseId) {
        return events.stream().filter(e -> caseId.equals(e.text("case"))).toList();
    }

    private static List<Event> sorted(List<Event> events) {
        return events.stream().sorted(java.util.Comparator.comparingLong(Event::index)).toList();
    }

    private static List<String> actors(List<Event> events) {
        Set<String> s = new LinkedHashSet<>();
        events.forEach(e -> s.add(e.actor()));
        return List.copyOf(s);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
