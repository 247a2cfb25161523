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

    /** The lifecycle events: they count only with the gates the registry checked (see {@link ModelState}). */
    public static final java.util.Set<String> TRANSITIONS = java.util.Set.of(VALIDATED, APPROVAL, DEPLOYMENT, RETIRED);

    /** Every event type the registry writes; 'ledger record' refuses them, so that none is written around the gates. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of(REGISTERED, DATASET, DOCUMENTED, VALIDATED, APPROVAL,
            DEPLOYMENT, RETIRED, DECISION, OVERRIDE, APPEAL);

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private final Ledger ledger;
    private final List<NoteKey> trusted;

    private Registry(Ledger ledger, List<NoteKey> trusted) {
        this.ledger = ledger;
        this.trusted = List.copyOf(trusted);
    }

    /** Opens the registry kept in the evidence log in {@code dir}, trusting the log's own key.pub. */
    public static Registry open(Path dir) {
        return open(dir, List.of());
    }

    /** Opens the registry, checking the log against {@code trusted} verifier keys (the ones you were handed). */
    public static Registry open(Path dir, List<NoteKey> trusted) {
        return new Registry(Ledger.open(dir), trusted);
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The log's events as they are now, after verifying the whole log (a damaged log is refused). */
    public EvidenceLog log() {
        return EvidenceLog.verified(ledger, trusted);
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
        checkText("actor", actor);
        checkText("owner", owner);
        if (informed != null) {
            informed.forEach(i -> checkText("informed", i));
        }
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
        checkText("actor", actor);
        String sha = file == null ? null : sha256(file);
        for (Event e : log().events()) {
            if (!e.type().equals(DATASET)) {
                continue;
            }
            if (name.equals(e.text("dataset")) && version.equals(e.text("version"))) {
                throw new InputException("the dataset " + name + "@" + version + " is already registered (entry " + e.index() + ")");
            }
            if (sha != null && sha.equals(e.text("sha256")) || bundled != null && bundled.equals(e.text("bundled"))) {
                throw new InputException((file != null ? file.toString() : "the bundled dataset " + bundled) + " is already registered as "
                        + e.text("dataset") + "@" + e.text("version") + " (entry " + e.index() + "); the same data are registered once");
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dataset", name);
        f.put("version", version);
        if (file != null) {
            f.put("sha256", sha);
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
                + (from.contains(m.stage()) ? "" : m.stage() == to ? " already" : "; " + to.label() + " comes only after "
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
        g.add(auditGate(m, trained));
        if (to == Stage.APPROVED) {
            g.add(new Gate("signed", signed, signed ? "signed with " + actor + "'s key"
                    : "an approval is signed with the approver's own key (give a signer key)", List.of()));
            boolean trainedBySame = m.trainers().stream().anyMatch(t -> samePerson(t, actor));
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
     * The audit gate: every audit of the file recorded after its last training run completed without a broken
     * {@code --fail-on} rule, and there is at least one. A later failing audit is not outweighed by an earlier passing one.
     */
    private static Gate auditGate(ModelState m, List<Long> trained) {
        List<Event> after = m.auditsAfterTraining();
        List<Event> failing = after.stream().filter(a -> a.exit() != 0).toList();
        List<Long> idx = after.stream().map(Event::index).toList();
        if (trained.isEmpty()) {
            return new Gate("audit-after-training", false, "no training run is recorded, so no audit can be shown to follow it", idx);
        }
        if (after.isEmpty()) {
            return new Gate("audit-after-training", false, "no audit of this file was recorded after its last training run (entry "
                    + m.lastTraining() + "); run 'probity audit --model FILE … --ledger'", idx);
        }
        if (!failing.isEmpty()) {
            Event f = failing.get(failing.size() - 1);
            return new Gate("audit-after-training", false, "the audit in entry " + f.index() + " broke a --fail-on rule (exit " + f.exit()
                    + ") after the last training run; an earlier or later passing audit does not outweigh it — retrain and audit again", idx);
        }
        Event last = after.get(after.size() - 1);
        Object rows = last.object("result").get("rows");
        return new Gate("audit-after-training", true, "audit in entry " + last.index() + " by " + last.actor()
                + (rows instanceof Double d ? " of " + d.longValue() + " rows" : "") + ", no --fail-on rule broken, after training in entry "
                + m.lastTraining() + (m.trainers().stream().anyMatch(t -> samePerson(t, last.actor())) ? " (audited by the person who trained it)" : "")
                + (after.size() > 1 ? "; " + after.size() + " audits since training, none failing" : ""), idx);
    }

    /** Whether two recorded names are the same person's: compared trimmed and case-folded (e-mail addresses are case-insensitive). */
    public static boolean samePerson(String a, String b) {
        return a != null && b != null && a.trim().toLowerCase(java.util.Locale.ROOT).equals(b.trim().toLowerCase(java.util.Locale.ROOT));
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
        f.put("gates", gates.stream().map(Gate::toEvidence).toList());
        return new Transition(m.key(), m.stage(), Stage.DRAFT, gates, ledger.append(Evidence.signed(APPROVAL, signer, time, f)));
    }

    /**
     * Records decisions made about individual cases (each map holds at least {@code case}, and usually
     * {@code outcome} and {@code groups}: attribute → group, for oversight rates), in one batch; returns their indexes.
     */
    public List<Long> recordDecisions(String name, String version, List<Map<String, Object>> decisions, String actor, Instant time) {
        return recordDecisions(name, version, decisions, actor, time, false);
    }

    /**
     * Records decisions of a deployed model version. A case is decided once: a case twice in the batch, or one already
     * recorded, is refused — unless {@code skipRecorded}, when cases already recorded are left out (to resume an
     * interrupted import). Each decision is acknowledged once on disk; an interrupted batch keeps those written.
     */
    public List<Long> recordDecisions(String name, String version, List<Map<String, Object>> decisions, String actor, Instant time,
                                      boolean skipRecorded) {
        ModelState m = model(name, version);
        if (m.stage() != Stage.DEPLOYED) {
            throw new InputException(m.key() + " is " + m.stage().label() + "; decisions are recorded for a deployed model (registry promote --to deployed)");
        }
        checkText("actor", actor);
        java.util.Set<String> recorded = new java.util.HashSet<>();
        m.decisions().forEach(e -> recorded.add(e.text("case")));
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Map<String, Object>> todo = new ArrayList<>(decisions.size());
        for (Map<String, Object> d : decisions) {
            if (d.get("case") == null || d.get("case").toString().isBlank()) {
                throw new InputException("every decision names its case ('case')");
            }
            String c = d.get("case").toString();
            checkText("case", c);
            if (!seen.add(c)) {
                throw new InputException("case '" + InputException.shown(c) + "' appears twice; a case is decided once");
            }
            if (recorded.contains(c)) {
                if (skipRecorded) {
                    continue;
                }
                throw new InputException("case '" + InputException.shown(c) + "' already has a recorded decision for " + m.key()
                        + "; a case is decided once (to resume an interrupted import, skip the cases already recorded)");
            }
            if (d.get("groups") instanceof Map<?, ?> g) {
                for (var x : g.entrySet()) {
                    checkText("group", String.valueOf(x.getKey()));
                    checkText("group", String.valueOf(x.getValue()));
                }
            }
            todo.add(d);
        }
        List<CompletableFuture<Long>> pending = new ArrayList<>(todo.size());
        for (Map<String, Object> d : todo) {
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
        Event decision = m.decisions().stream().filter(d -> caseId.equals(d.text("case"))).findFirst().orElse(null);
        if (decision == null) {
            throw new InputException("no decision about case '" + InputException.shown(caseId) + "' is recorded for " + m.key()
                    + "; record the decision first (registry decide)");
        }
        for (var x : fields.entrySet()) {
            if (x.getValue() != null) {
                checkText(x.getKey(), String.valueOf(x.getValue()));
            }
        }
        checkText("actor", actor);
        if (type.equals(OVERRIDE)) {
            Object reason = fields.get("reason");
            if (reason == null || reason.toString().isBlank()) {
                throw new InputException("an override gives its reason");
            }
            if (fields.get("to") != null && fields.get("to").toString().equals(decision.text("outcome"))) {
                throw new InputException("case '" + InputException.shown(caseId) + "' was already decided '" + decision.text("outcome")
                        + "' (entry " + decision.index() + "); an override changes the decision");
            }
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

    /** Refuses control characters (newlines, escapes) in a name or text that reports will print. */
    static void checkText(String what, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                throw new InputException("the " + what + " '" + InputException.shown(s) + "' holds a control character (at "
                        + (i + 1) + "); names and reasons are one line of plain text");
            }
        }
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
