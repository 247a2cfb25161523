package dev.probity.ledger.comply;

import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.ModelState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.probity.core.model.ProhibitedBases;

import static dev.probity.ledger.comply.Found.fail;
import static dev.probity.ledger.comply.Found.none;
import static dev.probity.ledger.comply.Found.pass;
import static dev.probity.ledger.comply.Params.*;
import static dev.probity.ledger.comply.Read.*;

/** The checks that read what was recorded about the model itself and its data: reasons, explanations, features, datasheets, evaluations. */
final class ModelChecks {
    private ModelChecks() {
    }

    static Found reasons(ModelState m, int max, List<String> prohibited) {
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
        long adverse = m.decisions().size();
        return pass(rows + " case(s) explained with at most " + most + " reasons each, none a prohibited basis (entry " + x.index() + "); "
                + "this shows the reasons can be given — which recorded decision received which reasons is not recorded"
                + (adverse > 0 ? " (" + adverse + " decisions are logged)" : ""), List.of(x.index()));
    }

    static Found explained(ModelState m) {
        if (m.explanations().isEmpty()) {
            return none("no explanation of this model file is recorded (probity explain --model FILE … --ledger DIR)");
        }
        Set<String> methods = new LinkedHashSet<>();
        m.explanations().forEach(e -> methods.add(String.valueOf(e.object("result").getOrDefault("method", "?"))));
        return pass("explained with " + String.join(", ", methods), m.explanations().stream().map(Event::index).toList());
    }

    static Found prohibitedFeatures(ModelState m, List<String> prohibited, List<String> allow) {
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

    static Found dataGovernance(ModelState m, List<String> datasheet) {
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

    static Found dataExamined(ModelState m) {
        if (m.dataAudits().isEmpty()) {
            return none(m.trainings().isEmpty() ? "no training run is recorded, so its data are not known"
                    : "no data bias report of the training data is recorded (probity data-audit --data FILE … --ledger DIR)");
        }
        Event d = m.dataAudits().get(m.dataAudits().size() - 1);
        return pass("data bias report of the training data by " + d.actor() + " (entry " + d.index() + ")",
                m.dataAudits().stream().map(Event::index).toList());
    }

    static Found evaluated(ModelState m, double min) {
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

    public static Double accuracy(Map<String, Object> result) {
        if (list(result.get("reports")).isEmpty()) {
            return result.get("accuracy") instanceof Double d ? d : null;
        }
        return list(result.get("reports")).get(0) instanceof Map<?, ?> r && r.get("accuracy") instanceof Double d ? d : null;
    }
}
