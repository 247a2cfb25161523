package dev.probity.ledger.registry;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an evidence log says about one model version, found by the model file's SHA-256 and by its name and
 * version: the runs that trained, audited, evaluated and explained that exact file, the data it was trained on, its
 * documentation, approvals, deployments, decisions, overrides and appeals, and its stage.
 *
 * <p>A run belongs to the model when it read (or, for training, wrote) a file with the model's hash, whatever the
 * file was called. Evidence recorded for a model by name and version (approvals, decisions …) names it as
 * {@code model} and {@code version}.
 *
 * <p>A lifecycle event counts only as the registry records it: with the gates it passed (and, for an approval or
 * rejection, a valid signature). One written around the registry — by hand, or by other code appending to the log —
 * moves nothing; it is kept in {@link #outOfGate()} so that status, cards and compliance checks can name it.
 */
public record ModelState(String name, String version, String sha256, Event registered, String owner, List<String> informed,
                         Stage stage, List<Event> transitions, List<Event> trainings, List<Event> datasets,
                         List<String> trainingInputs, List<Event> dataAudits, List<Event> audits, List<Event> evaluations,
                         List<Event> explanations, Event documentation, List<Event> approvals, List<Event> rejections,
                         List<Event> deployments, List<Event> decisions, List<Event> overrides, List<Event> appeals,
                         List<Event> other, List<Event> outOfGate) {

    /** Event types recorded against a model by name and version, besides the lifecycle and oversight ones. */
    public static final Set<String> OTHER_TYPES = Set.of("incident", "monitoring.alert", "privacy.release",
            "anonymization.release", "robustness", "risk.assessment", "dpia", "notice", "publication", "attestation");

    public String key() {
        return name + "@" + version;
    }

    /** Reads the state of {@code name@version}; fails when it was never registered. */
    public static ModelState of(EvidenceLog log, String name, String version) {
        Event reg = null;
        for (Event e : log.events()) {
            if (e.type().equals(Registry.REGISTERED) && name.equals(e.text("model")) && version.equals(e.text("version"))) {
                reg = e;
                break;
            }
        }
        if (reg == null) {
            throw new InputException("the model " + name + "@" + version + " is not registered in " + log.ledger().dir()
                    + "; register it first (registry register)");
        }
        String sha = reg.text("sha256");
        String key = name + "@" + version;
        List<Event> transitions = new ArrayList<>();
        List<Event> trainings = new ArrayList<>();
        List<Event> audits = new ArrayList<>();
        List<Event> evaluations = new ArrayList<>();
        List<Event> explanations = new ArrayList<>();
        List<Event> approvals = new ArrayList<>();
        List<Event> rejections = new ArrayList<>();
        List<Event> deployments = new ArrayList<>();
        List<Event> decisions = new ArrayList<>();
        List<Event> overrides = new ArrayList<>();
        List<Event> appeals = new ArrayList<>();
        List<Event> other = new ArrayList<>();
        List<Event> outOfGate = new ArrayList<>();
        Event doc = null;
        Stage stage = Stage.DRAFT;
        for (Event e : log.events()) {
            String cmd = e.command();
            if (cmd != null) {
                switch (cmd) {
                    case "train" -> {
                        if (e.wrote(sha, "out") && e.exit() == 0) {
                            trainings.add(e);
                        }
                    }
                    case "audit" -> {
                        if (e.read(sha, "model")) {
                            audits.add(e);
                        }
                    }
                    case "evaluate" -> {
                        if (e.read(sha, "model")) {
                            evaluations.add(e);
                        }
                    }
                    case "explain" -> {
                        if (e.read(sha, "model")) {
                            explanations.add(e);
                        }
                    }
                    default -> { }
                }
                continue;
            }
            if (!key.equals(e.modelKey()) || e.index() < reg.index()) {
                continue;
            }
            if (Registry.TRANSITIONS.contains(e.type()) && !passedGates(e)) {
                outOfGate.add(e); // recorded around the registry's gates: it moves nothing
                continue;
            }
            switch (e.type()) {
                case Registry.VALIDATED -> {
                    transitions.add(e);
                    stage = Stage.VALIDATED;
                }
                case Registry.APPROVAL -> {
                    if (!e.validlySigned()) {
                        outOfGate.add(e); // an approval counts only when its signature holds
                        continue;
                    }
                    transitions.add(e);
                    if ("rejected".equals(e.text("decision"))) {
                        rejections.add(e);
                        stage = Stage.DRAFT;
                    } else {
                        approvals.add(e);
                        stage = Stage.APPROVED;
                    }
                }
                case Registry.DEPLOYMENT -> {
                    transitions.add(e);
                    deployments.add(e);
                    stage = Stage.DEPLOYED;
                }
                case Registry.RETIRED -> {
                    transitions.add(e);
                    stage = Stage.RETIRED;
                }
                case Registry.DOCUMENTED -> doc = e;
                case Registry.DECISION -> decisions.add(e);
                case Registry.OVERRIDE -> overrides.add(e);
                case Registry.APPEAL -> appeals.add(e);
                default -> {
                    if (OTHER_TYPES.contains(e.type())) {
                        other.add(e);
                    }
                }
            }
        }
        // the data behind it: what its training runs read, and the datasets registered with those hashes or names
        Set<String> inputs = new LinkedHashSet<>();
        for (Event t : trainings) {
            for (Object o : t.list("inputs")) {
                if (o instanceof Map<?, ?> m && m.get("sha256") != null) {
                    inputs.add("sha256:" + m.get("sha256"));
                } else if (o instanceof Map<?, ?> m && m.get("dataset") != null) {
                    inputs.add("dataset:" + m.get("dataset"));
                }
            }
        }
        List<Event> datasets = new ArrayList<>();
        List<Event> dataAudits = new ArrayList<>();
        for (Event e : log.events()) {
            if (e.type().equals(Registry.DATASET) && (inputs.contains("sha256:" + e.text("sha256"))
                    || inputs.contains("dataset:" + e.text("bundled")))) {
                datasets.add(e);
            } else if ("data-audit".equals(e.command())) {
                for (String in : inputs) {
                    if (in.startsWith("sha256:") ? e.read(in.substring(7), null) : readsDataset(e, in.substring(8))) {
                        dataAudits.add(e);
                        break;
                    }
                }
            }
        }
        List<String> informed = new ArrayList<>();
        for (Object o : reg.list("informed")) {
            informed.add(String.valueOf(o));
        }
        String owner = reg.text("owner") != null ? reg.text("owner") : reg.actor();
        return new ModelState(name, version, sha, reg, owner, List.copyOf(informed), stage, List.copyOf(transitions),
                List.copyOf(trainings), List.copyOf(datasets), List.copyOf(inputs), List.copyOf(dataAudits), List.copyOf(audits),
                List.copyOf(evaluations), List.copyOf(explanations), doc, List.copyOf(approvals), List.copyOf(rejections),
                List.copyOf(deployments), List.copyOf(decisions), List.copyOf(overrides), List.copyOf(appeals), List.copyOf(other),
                List.copyOf(outOfGate));
    }

    /** Whether a lifecycle event carries the gates the registry checked, every one passed, and the stage it moved to. */
    private static boolean passedGates(Event e) {
        List<Object> gates = e.list("gates");
        if (gates.isEmpty() || e.text("to") == null) {
            return false;
        }
        for (Object g : gates) {
            if (!(g instanceof Map<?, ?> m) || !Boolean.TRUE.equals(m.get("passed"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean readsDataset(Event run, String name) {
        for (Object o : run.list("inputs")) {
            if (o instanceof Map<?, ?> m && name.equals(m.get("dataset"))) {
                return true;
            }
        }
        return false;
    }

    /** The index of the last training run of this file, or -1. */
    public long lastTraining() {
        return trainings.isEmpty() ? -1 : trainings.get(trainings.size() - 1).index();
    }

    /** Audits of the file recorded after its last training run, passing or not. */
    public List<Event> auditsAfterTraining() {
        long t = lastTraining();
        return audits.stream().filter(a -> a.index() > t).toList();
    }

    /** The people who trained it, as recorded. */
    public Set<String> trainers() {
        Set<String> s = new LinkedHashSet<>();
        trainings.forEach(t -> s.add(t.actor()));
        return s;
    }

    /** The latest deployment, or null. */
    public Event lastDeployment() {
        return deployments.isEmpty() ? null : deployments.get(deployments.size() - 1);
    }
}
