package dev.probity.ledger.card;

import dev.probity.ledger.card.ModelCard.Item;
import dev.probity.ledger.card.ModelCard.Section;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.probity.ledger.card.ModelCard.day;
import static dev.probity.ledger.card.ModelCard.list;
import static dev.probity.ledger.card.ModelCard.section;

/** Datasheets for datasets (Gebru et al. 2021), built from a registered dataset's evidence like a model card. */
public final class Datasheets {
    /** The questions of a datasheet (Gebru et al. 2021), by the field that answers them. */
    static final List<String[]> DATASHEET = List.of(
            new String[] {"motivation", "Motivation", "§3.1: why the dataset was made, by whom, funded by whom"},
            new String[] {"composition", "Composition", "§3.2: what the instances are, how many, what is missing, sensitive data"},
            new String[] {"collection", "Collection process", "§3.3: how, when and by whom the data were collected; consent"},
            new String[] {"preprocessing", "Preprocessing, cleaning, labelling", "§3.4"},
            new String[] {"uses", "Uses", "§3.5: what it has been and should not be used for"},
            new String[] {"distribution", "Distribution", "§3.6: how it is shared, under which licence"},
            new String[] {"maintenance", "Maintenance", "§3.7: who maintains it, how errors are corrected"});

    private Datasheets() {
    }

    /**
     * A datasheet (Gebru et al. 2021) of a registered dataset version: its answers to the datasheet's questions as
     * registered, the data bias reports recorded of it, and the registered models trained on it — each statement with
     * its entry and proof.
     */
    public static ModelCard of(EvidenceLog log, String name, String version, Instant now) {
        Event found = null;
        for (Event e : log.events()) {
            if (e.type().equals(dev.probity.ledger.registry.Registry.DATASET) && name.equals(e.text("dataset")) && version.equals(e.text("version"))) {
                found = e;
            }
        }
        final Event reg = found;
        if (reg == null) {
            throw new dev.probity.core.InputException("the dataset " + name + "@" + version + " is not registered in " + log.ledger().dir()
                    + " (probity registry dataset)");
        }
        Map<String, Object> sheet = new LinkedHashMap<>(reg.object("datasheet"));
        List<Section> s = new ArrayList<>();
        String identity = reg.text("sha256") != null ? "file sha256 " + reg.text("sha256") : "bundled dataset " + reg.text("bundled");
        s.add(section("details", "Dataset", "", List.of(new Item("dataset", name + "@" + version + ", " + identity, reg.index(), reg.validlySigned()),
                new Item("registered", "by " + reg.actor() + " on " + day(reg.time()), reg.index(), reg.validlySigned())), null));
        for (String[] q : DATASHEET) {
            Object v = sheet.remove(q[0]);
            List<Item> items = v == null || String.valueOf(v).isBlank() ? List.of()
                    : List.of(new Item(q[0], String.valueOf(v), reg.index(), reg.validlySigned()));
            s.add(section(q[0], q[1], "Gebru et al. 2021, " + q[2], items, "not answered when the dataset was registered"));
        }
        List<Item> more = new ArrayList<>();
        sheet.forEach((k, v) -> more.add(new Item(k.replace('_', ' '), String.valueOf(v), reg.index(), reg.validlySigned())));
        if (!more.isEmpty()) {
            s.add(section("other", "Other statements", "", more, null));
        }
        List<Item> audits = new ArrayList<>();
        List<Item> models = new ArrayList<>();
        String sha = reg.text("sha256");
        String bundled = reg.text("bundled");
        for (Event e : log.events()) {
            boolean reads = false;
            for (Object o : e.list("inputs")) {
                if (o instanceof Map<?, ?> in && (sha != null && sha.equals(in.get("sha256")) || bundled != null && bundled.equals(in.get("dataset")))) {
                    reads = true;
                }
            }
            if (!reads) {
                continue;
            }
            if ("data-audit".equals(e.command())) {
                List<String> high = new ArrayList<>();
                for (Object f : list(e.object("result").get("findings"))) {
                    if (f instanceof Map<?, ?> fm && "high".equals(fm.get("severity"))) {
                        high.add(String.valueOf(fm.get("text")));
                    }
                }
                audits.add(new Item("data bias report", "by " + e.actor() + " on " + day(e.time()) + (high.isEmpty() ? "; no finding of high severity"
                        : "; " + high.size() + " finding(s) of high severity, first: " + high.get(0)), e.index(), false));
            } else if ("train".equals(e.command())) {
                for (Object o : e.list("outputs")) {
                    if (o instanceof Map<?, ?> out && out.get("sha256") != null) {
                        for (Event r : log.events()) {
                            if (r.type().equals(dev.probity.ledger.registry.Registry.REGISTERED) && out.get("sha256").equals(r.text("sha256"))) {
                                models.add(new Item("trained on it", r.modelKey() + " (training run entry " + e.index() + ")", r.index(), false));
                            }
                        }
                    }
                }
            }
        }
        s.add(section("bias", "Bias examined", "Gebru et al. 2021 §3.2; EU AI Act Art. 10(2)(f)", audits, "no data bias report of it is recorded"));
        s.add(section("models", "Models trained on it", "", models, "no registered model is recorded as trained on it"));
        Map<Long, EvidenceLog.Proof> proofs = new TreeMap<>();
        String cp = log.checkpoint();
        for (Section sec : s) {
            for (Item i : sec.items()) {
                proofs.computeIfAbsent(i.entry(), log::prove);
            }
        }
        return new ModelCard("datasheet", name + "@" + version, "dataset", sha == null ? "" : sha, now, log.trust(), cp, List.copyOf(s), proofs);
    }

}
