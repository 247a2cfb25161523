package dev.probity.ledger.registry;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A model registry kept in an evidence log: models and datasets with versions, lifecycle stages with policy gates on
 * every transition, documentation, and the decisions a deployed model makes with their human overrides and appeals.
 * Nothing is kept anywhere else: the registry's state is what the log's events say, so it is as tamper-evident as the
 * log, and {@link ModelState} reads it back.
 *
 * <p>The gates (each transition records which held, with the entries they rest on):
 * <ul>
 *   <li>validated: a training run that wrote this exact file is recorded, and a passing audit of the file was recorded
 *   after the last such run;</li>
 *   <li>approved: from validated; the approval is signed with the approver's own key, by someone who did not train it
 *   (four eyes); the audit gate still holds;</li>
 *   <li>deployed: from approved; the approval was given after the last training run; the audit gate still holds;</li>
 *   <li>retired: from any stage.</li>
 * </ul>
 * A rejection (signed, as an approval) sends the model back to draft.
 */
public final class Registry implements AutoCloseable {
    public static final String REGISTERED = "model.registered";
    public static final String DATASET = "dataset.registered";
    public static final String DOCUMENTED = "model.documented";
    public static final String VALIDATED = "model.validated";
    public static final String APPROVAL = "approval";
    public static final String DEPLOYMENT = "deployment";
    public static final String RETIRED = "model.retired";
    public static final String DECISION = "decision";
    public static final String OVERRIDE = "override";
    public static final String APPEAL = "appeal";

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private final Ledger ledger;

    private Registry(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Opens the registry kept in the evidence log in {@code dir}. */
    public static Registry open(Path dir) {
        return new Registry(Ledger.open(dir));
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The log's events as they are now. */
    public EvidenceLog log() {
        return EvidenceLog.read(ledger);
    }

    public ModelState model(String name, String version) {
        return ModelState.of(log(), name, version);
    }

    /** Every registered model version, in the order registered, as {@code name@version}. */
    public List<String> models() {
        List<String> out = new ArrayList<>();
        for (Event e : log().events()) {
            if (e.type().equals(REGISTERED)) {
                out.add(e.modelKey());
            }
        }
        return out;
    }

    /**
     * Registers a model version as the file {@code model} (by its SHA-256), owned by {@code owner} (accountable for it;
     * default the actor), with people to keep informed, and what the caller knows of it ({@code about}: its algorithm,
     * features, classes). A name and version are registered once; a file once.
     */
    public long registerModel(String name, String version, Path model, String owner, List<String> informed, String actor, Instant time,
                              Map<String, ?> about) {
        checkName("model name", name);
        checkName("version", version);
        String sha = sha256(model);
        for (Event e : log().events()) {
            if (e.type().equals(REGISTERED)) {
                if ((name + "@" + version).equals(e.modelKey())) {
                    throw new InputException(name + "@" + version + " is already registered (entry " + e.index()
                            + "); a version is registered once — give the new file a new version");
                }
                if (sha.equals(e.text("sha256"))) {
                    throw new InputException(model + " is already registered as " + e.modelKey() + " (entry " + e.index() + ")");
                }
            }
        }
        Map<String, Object> f = new LinkedHashMap<>(about == null ? Map.of() : about);
        f.put("model", name);
        f.put("version", version);
        f.put("sha256", sha);
        f.put("file", Evidence.file("model", model));
        f.put("owner", owner != null ? owner : actor);
        f.put("informed", informed == null ? List.of() : informed);
        return ledger.append(Evidence.of(REGISTERED, actor, time, f));
    }

    /**
     * Registers a dataset version: a file (by its SHA-256) or a bundled dataset (by name), with its datasheet (Gebru et
     * al. 2021: motivation, composition, collection, preprocessing, uses, distribution, maintenance — whatever is known).
     */
    public long registerDataset(String name, String version, Path file, String bundled, Map<String, ?> datasheet, String actor, Instant time) {
        checkName("dataset name", name);
        checkName("version", version);
        if ((file == null) == (bundled == null)) {
            throw new InputException("a dataset is a file or a bundled dataset's name; give one of the two");
        }
        for (Event e : log().events()) {
            if (e.type().equals(DATASET) && name.equals(e.text("dataset")) && version.equals(e.text("version"))) {
                throw new InputException("the dataset " + name + "@" + version + " is already registered (entry " + e.index() + ")");
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dataset", name);
        f.put("version", version);
        if (file != null) {
            f.put("sha256", sha256(file));
            f.put("file", Evidence.file("data", file));
        } else {
            f.put("bundled", bundled);
        }
        f.put("datasheet", datasheet == null ? Map.of() : datasheet);
        return ledger.append(Evidence.of(DATASET, actor, time, f));
    }

    /**
     * Records what a model version is for (Mitchell et al. 2019's intended use, users, out-of-scope uses, limitations;
     * the EU AI Act's instructions for use and human-oversight arrangements; how a person contests a decision), signed
     * when a signer key is given. The latest such record is the one a card shows.
     */
    public long document(String name, String version, Map<String, ?> fields, String actor, NoteKey signer, Instant time) {
        ModelState m = model(name, version);
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("model", m.name());
        f.put("version", m.version());
        f.put("sha256", m.sha256());
        return ledger.append(sign(DOCUMENTED, actor, signer, time, f));
    }

    /** The gates of a transition to {@code to} by {@code actor}, checked against the log as it is now. */
    public List<Gate> gates(ModelState m, Stage to, String actor, boolean signed) {
        List<Gate> g = new ArrayList<>();
        Set<Stage> from = switch (to) {
            case DRAFT -> EnumSet.noneOf(Stage.class);
            case VALIDATED -> EnumSet.of(Stage.DRAFT);
            case APPROVED -> EnumSet.of(Stage.VALIDATED);
            case DEPLOYED -> EnumSet.of(Stage.APPROVED, Stage.DEPLOYED);
            case RETIRED -> EnumSet.complementOf(EnumSet.of(Stage.RETIRED));
        };
        List<Long> last = m.transitions().isEmpty() ? List.of(m.registered().index())
                : List.of(m.transitions().get(m.transitions().size() - 1).index());
        g.add(new Gate("stage-order", from.contains(m.stage()), m.key() + " is " + m.stage().label()
                + (from.contains(m.stage()) ? "" : "; " + to.label() + " comes only after "
                + String.join(" or ", from.stream().map(Stage::label).toList())), last));
        if (to == Stage.RETIRED || to == Stage.DRAFT) {
            return g;
        }
        List<Long> trained = m.trainings().stream().map(Event::index).toList();
        if (to == Stage.VALIDATED) {
            g.add(new Gate("training-recorded", !trained.isEmpty(), trained.isEmpty()
                    ? "no recorded training run wrote this file (sha256 " + m.sha256().substring(0, 12) + "…); train it with --ledger"
                    : "trained in entry " + join(trained), trained));
        }
        List<Event> audits = m.passingAuditsAfterTraining();
        g.add(new Gate("audit-after-training", !audits.isEmpty() && !trained.isEmpty(), audits.isEmpty()
                ? "no passing audit of this file was recorded after its last training run"
                + (trained.isEmpty() ? "" : " (entry " + m.lastTraining() + ")") + "; run 'probity audit --model FILE … --ledger'"
                : "passing audit in entry " + join(audits.stream().map(Event::index).toList())
                + (trained.isEmpty() ? ", but no training run is recorded" : ", after training in entry " + m.lastTraining()),
                audits.stream().map(Event::index).toList()));
        if (to == Stage.APPROVED) {
            g.add(new Gate("signed", signed, signed ? "signed with " + actor + "'s key"
                    : "an approval is signed with the approver's own key (give a signer key)", List.of()));
            boolean trainedBySame = m.trainers().contains(actor);
            g.add(new Gate("four-eyes", !trainedBySame && !trained.isEmpty(), trainedBySame
                    ? actor + " trained this model (entry " + join(trained) + "); someone else must approve it"
                    : trained.isEmpty() ? "nobody is recorded as having trained it, so nobody can be shown to be a second person"
                    : "approved by " + actor + ", trained by " + String.join(", ", m.trainers()), trained));
        }
        if (to == Stage.DEPLOYED) {
            List<Long> after = m.approvals().stream().filter(a -> a.index() > m.lastTraining()).map(Event::index).toList();
            g.add(new Gate("approved-after-training", !after.isEmpty(), after.isEmpty()
                    ? "no signed approval was recorded after the last training run" : "approved in entry " + join(after), after));
        }
        return g;
    }

    /**
     * Moves a model version to a stage if every gate holds, recording the transition with the gates it passed; when a
     * gate fails nothing is recorded. An approval needs a signer key (the approver's own).
     *
     * @param fields what else the event carries: {@code rationale}, {@code role}, {@code environment} …
     */
    public Transition promote(String name, String version, Stage to, String actor, NoteKey signer, Map<String, ?> fields, Instant time) {
        if (to == Stage.DRAFT) {
            throw new InputException("a model returns to draft by a rejection, not a promotion");
        }
        ModelState m = model(name, version);
        String who = signer != null ? signer.name() : actor;
        List<Gate> gates = gates(m, to, who, signer != null);
        if (gates.stream().anyMatch(x -> !x.passed())) {
            return new Transition(m.key(), m.stage(), to, gates, -1);
        }
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("model", m.name());
        f.put("version", m.version());
        f.put("sha256", m.sha256());
        f.put("from", m.stage().label());
        f.put("to", to.label());
        if (to == Stage.APPROVED) {
            f.put("decision", "approved");
        }
        f.put("gates", gates.stream().map(Gate::toEvidence).toList());
        String type = switch (to) {
            case VALIDATED -> VALIDATED;
            case APPROVED -> APPROVAL;
            case DEPLOYED -> DEPLOYMENT;
            default -> RETIRED;
        };
        return new Transition(m.key(), m.stage(), to, gates, ledger.append(sign(type, who, signer, time, f)));
    }

    /** A signed rejection: the model goes back to draft. */
    public Transition reject(String name, String version, NoteKey signer, Map<String, ?> fields, Instant time) {
        if (signer == null) {
            throw new InputException("a rejection is signed with the reviewer's own key, as an approval is");
        }
        ModelState m = model(name, version);
        List<Gate> gates = List.of(new Gate("stage-order", m.stage() == Stage.VALIDATED,
                m.key() + " is " + m.stage().label() + (m.stage() == Stage.VALIDATED ? "" : "; only a validated model awaits approval"),
                List.of()));
        if (!gates.get(0).passed()) {
            return new Transition(m.key(), m.stage(), Stage.DRAFT, gates, -1);
        }
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("model", m.name());
        f.put("version", m.version());
        f.put("sha256", m.sha256());
        f.put("from", m.stage().label());
        f.put("to", Stage.DRAFT.label());
        f.put("decision", "rejected");
        return new Transition(m.key(), m.stage(), Stage.DRAFT, gates, ledger.append(Evidence.signed(APPROVAL, signer, time, f)));
    }

    /**
     * Records decisions made about individual cases (each map holds at least {@code case}, and usually
     * {@code outcome} and {@code groups}: attribute → group, for oversight rates), in one batch; returns their indexes.
     */
    public List<Long> recordDecisions(String name, String version, List<Map<String, Object>> decisions, String actor, Instant time) {
        ModelState m = model(name, version);
        List<CompletableFuture<Long>> pending = new ArrayList<>(decisions.size());
        for (Map<String, Object> d : decisions) {
            if (d.get("case") == null || d.get("case").toString().isBlank()) {
                throw new InputException("every decision names its case ('case')");
            }
            Map<String, Object> f = new LinkedHashMap<>(d);
            f.put("model", m.name());
            f.put("version", m.version());
            pending.add(ledger.appendAsync(Evidence.of(DECISION, actor, time, f)));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** Records a person changing a decision ({@code from} → {@code to}, with a reason); the case must have a decision. */
    public long override(String name, String version, String caseId, Map<String, ?> fields, String actor, NoteKey signer, Instant time) {
        return oversight(OVERRIDE, name, version, caseId, fields, actor, signer, time);
    }

    /** Records an appeal of a decision and its result ({@code result}: upheld or overturned, or pending). */
    public long appeal(String name, String version, String caseId, Map<String, ?> fields, String actor, NoteKey signer, Instant time) {
        Object r = fields.get("result");
        if (r != null && !Set.of("upheld", "overturned", "pending").contains(r.toString())) {
            throw new InputException("an appeal's result is upheld, overturned or pending; got '" + InputException.shown(r.toString()) + "'");
        }
        return oversight(APPEAL, name, version, caseId, fields, actor, signer, time);
    }

    private long oversight(String type, String name, String version, String caseId, Map<String, ?> fields, String actor,
                           NoteKey signer, Instant time) {
        ModelState m = model(name, version);
        if (m.decisions().stream().noneMatch(d -> caseId.equals(d.text("case")))) {
            throw new InputException("no decision about case '" + InputException.shown(caseId) + "' is recorded for " + m.key()
                    + "; record the decision first (registry decide)");
        }
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("model", m.name());
        f.put("version", m.version());
        f.put("case", caseId);
        return ledger.append(sign(type, actor, signer, time, f));
    }

    private static byte[] sign(String type, String actor, NoteKey signer, Instant time, Map<String, Object> f) {
        if (signer != null) {
            if (actor != null && !actor.equals(signer.name())) {
                throw new InputException("the actor " + actor + " is not the signing key's name " + signer.name());
            }
            return Evidence.signed(type, signer, time, f);
        }
        return Evidence.of(type, actor != null ? actor : Evidence.defaultActor(), time, f);
    }

    private static String join(List<Long> l) {
        return String.join(", ", l.stream().map(String::valueOf).toList());
    }

    private static void checkName(String what, String s) {
        if (s == null || !s.matches(NAME)) {
            throw new InputException("a " + what + " is letters, digits, '.', '_' and '-' (up to 128, starting with a letter or digit); got '"
                    + InputException.shown(String.valueOf(s)) + "'");
        }
    }

    private static String sha256(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new InputException(p + " is not a file");
        }
        try {
            return Evidence.sha256(p);
        } catch (IOException e) {
            throw new InputException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ledger.close();
    }
}
