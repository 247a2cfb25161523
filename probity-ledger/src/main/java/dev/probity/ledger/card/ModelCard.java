package dev.probity.ledger.card;

import dev.probity.core.stats.Interval;
import dev.probity.ledger.comply.Compliance;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model card (Mitchell et al. 2019) or the skeleton of the EU AI Act's Annex IV technical documentation, built only
 * from an evidence log: every statement is an {@link Item} that names the entry it comes from, and the card carries an
 * inclusion proof of each entry against one signed checkpoint. What the log does not hold is shown as missing, never
 * filled in.
 *
 * @param template   {@code model-card} or {@code annex-iv}
 * @param trust      how the log was verified before the card was built from it
 * @param checkpoint the signed checkpoint note the proofs are made against
 * @param proofs     entry → its inclusion proof
 */
public record ModelCard(String template, String model, String stage, String sha256, Instant made, String trust, String checkpoint,
                        List<Section> sections, Map<Long, EvidenceLog.Proof> proofs) {

    public static final List<String> TEMPLATES = List.of("model-card", "annex-iv");


    /** High-severity findings shown (the most severe first, as the audit orders them); the rest are counted. */
    static final int FINDINGS = 5;

    /** A section: its title, where the template asks for it, and its statements (or why it has none). */
    public record Section(String id, String title, String reference, List<Item> items, String missing) {
    }

    /**
     * A statement and its evidence.
     *
     * @param entry  the log entry it comes from, or -1 for a statement computed from several (named in the text)
     * @param signed whether that entry is signed by the person who made the statement
     */
    public record Item(String label, String value, long entry, boolean signed) {
    }

    public static ModelCard build(EvidenceLog log, ModelState m, String template, Instant now) {
        if (!TEMPLATES.contains(template)) {
            throw new dev.probity.core.InputException("unknown template '" + dev.probity.core.InputException.shown(template)
                    + "'; the templates are " + String.join(", ", TEMPLATES));
        }
        Parts p = new Parts(m);
        List<Section> s = template.equals("model-card") ? p.modelCard() : p.annexIv();
        Map<Long, EvidenceLog.Proof> proofs = new TreeMap<>();
        String cp = log.checkpoint();
        for (Section sec : s) {
            for (Item i : sec.items()) {
                if (i.entry() >= 0) {
                    proofs.computeIfAbsent(i.entry(), log::prove);
                }
            }
        }
        return new ModelCard(template, m.key(), m.stage().label(), m.sha256(), now, log.trust(), cp, List.copyOf(s), proofs);
    }

    /** A dataset's datasheet: see {@link Datasheets#of}. */
    public static ModelCard datasheet(EvidenceLog log, String name, String version, Instant now) {
        return Datasheets.of(log, name, version, now);
    }

    /** The statements of every section, gathered once from the model's evidence. */
    private static final class Parts {
        final ModelState m;

        Parts(ModelState m) {
            this.m = m;
        }

        List<Section> modelCard() {
            List<Section> s = new ArrayList<>();
            s.add(section("details", "Model details", "Mitchell et al. 2019, §4.1", details(), null));
            s.add(section("intended-use", "Intended use", "§4.2", doc("intended_use", "users", "out_of_scope"),
                    "no documentation of intended use is recorded (probity registry document)"));
            s.add(section("factors", "Factors", "§4.3", factors(), "no audit records which groups were examined"));
            s.add(section("metrics", "Metrics", "§4.4", metrics(), "no evaluation or audit of this model file is recorded"));
            s.add(section("data", "Training and evaluation data", "§4.5–4.6; Gebru et al. 2021", data(), "the data it was trained on are not recorded"));
            s.add(section("fairness", "Quantitative analyses: fairness", "§4.7", fairness(), "no audit of this model file is recorded"));
            s.add(section("explanations", "Explanations", "", explanations(), "no explanation of this model file is recorded"));
            s.add(section("privacy", "Privacy", "", other("privacy.release", "anonymization.release"), "no privacy guarantee is recorded"));
            s.add(section("robustness", "Robustness", "", other("robustness"), "no robustness test is recorded"));
            s.add(section("energy", "Energy and CO2", "Lannelongue et al. 2021", energy(), "no energy record (train or evaluate with --ledger)"));
            s.add(section("approvals", "Approvals and deployments", "", lifecycle(), "no approval or deployment is recorded"));
            s.add(section("oversight", "Human oversight", "", oversight(), "no decision is recorded"));
            s.add(section("caveats", "Ethical considerations, caveats and recommendations", "§4.8–4.9", doc("limitations", "ethical_considerations",
                    "recommendations"), "no limitations are documented"));
            return s;
        }

        List<Section> annexIv() {
            List<Section> s = new ArrayList<>();
            List<Item> general = new ArrayList<>(details());
            general.addAll(doc("intended_use", "users", "instructions"));
            s.add(section("annex-iv-1", "1. General description", "Annex IV point 1(a)-(h)", general, null));
            List<Item> dev = new ArrayList<>(data());
            dev.addAll(trainings());
            dev.addAll(metrics());
            dev.addAll(fairness());
            dev.addAll(doc("human_oversight"));
            s.add(section("annex-iv-2", "2. Elements and process of development", "Annex IV point 2(a)-(h)", dev, null));
            List<Item> mon = new ArrayList<>(doc("limitations"));
            mon.addAll(factors());
            mon.addAll(oversight());
            s.add(section("annex-iv-3", "3. Monitoring, functioning and control", "Annex IV point 3", mon, null));
            s.add(section("annex-iv-4", "4. Appropriateness of the performance metrics", "Annex IV point 4", doc("metrics_rationale"),
                    "not documented ('metrics_rationale' in registry document)"));
            s.add(section("annex-iv-5", "5. Risk management system", "Annex IV point 5; Art. 9", other("risk.assessment"), "no risk assessment is recorded"));
            s.add(section("annex-iv-6", "6. Changes over the lifecycle", "Annex IV point 6", lifecycle(), "no change since registration"));
            s.add(section("annex-iv-7", "7. Harmonised standards applied", "Annex IV point 7", doc("standards"), "not documented ('standards')"));
            s.add(section("annex-iv-8", "8. EU declaration of conformity", "Annex IV point 8; Art. 47", other("declaration"), "no declaration is recorded"));
            List<Item> pm = new ArrayList<>(doc("monitoring_plan"));
            pm.addAll(other("monitoring.alert", "incident"));
            s.add(section("annex-iv-9", "9. Post-market monitoring", "Annex IV point 9; Art. 72", pm, "no monitoring plan is documented ('monitoring_plan')"));
            List<Item> energy = energy();
            s.add(section("energy", "Energy and CO2 (not required by Annex IV)", "Lannelongue et al. 2021", energy, "no energy record"));
            return s;
        }

        List<Item> details() {
            List<Item> out = new ArrayList<>();
            Event r = m.registered();
            out.add(new Item("model", m.key() + " (" + m.stage().label() + ")", r.index(), false));
            out.add(new Item("file", "sha256 " + m.sha256(), r.index(), false));
            if (r.text("algorithm") != null) {
                out.add(new Item("algorithm", r.text("algorithm") + ", " + r.list("features").size() + " features: "
                        + String.join(", ", r.list("features").stream().map(String::valueOf).toList()), r.index(), false));
            }
            out.add(new Item("owner (accountable)", m.owner(), r.index(), false));
            out.add(new Item("registered", "by " + r.actor() + " on " + day(r.time()), r.index(), r.validlySigned()));
            out.addAll(trainings());
            return out;
        }

        List<Item> trainings() {
            List<Item> out = new ArrayList<>();
            for (Event t : m.trainings()) {
                out.add(new Item("trained", "by " + t.actor() + " on " + day(t.time()) + ": probity "
                        + String.join(" ", t.list("command").stream().map(String::valueOf).toList()), t.index(), false));
            }
            return out;
        }

        List<Item> doc(String... fields) {
            Event d = m.documentation();
            List<Item> out = new ArrayList<>();
            if (d == null) {
                return out;
            }
            for (String f : fields) {
                if (d.fields().get(f) != null && !d.text(f).isBlank()) {
                    Object v = d.fields().get(f);
                    String text = v instanceof List<?> l ? String.join("; ", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
                    out.add(new Item(f.replace('_', ' '), text + " (stated by " + d.actor() + ")", d.index(), d.validlySigned()));
                }
            }
            return out;
        }

        List<Item> factors() {
            Event a = latestAudit();
            List<Item> out = new ArrayList<>();
            if (a == null) {
                return out;
            }
            for (Map<String, Object> attr : attributes(a)) {
                List<String> groups = new ArrayList<>();
                for (Object g : list(attr.get("groups"))) {
                    if (g instanceof Map<?, ?> gm) {
                        groups.add(gm.get("name") + " (n " + num(gm.get("n"), "%.0f") + ")");
                    }
                }
                out.add(new Item("groups examined: " + attr.get("name"), String.join(", ", groups), a.index(), false));
            }
            return out;
        }

        List<Item> metrics() {
            List<Item> out = new ArrayList<>();
            for (Event e : m.evaluations()) {
                Map<String, Object> res = e.object("result");
                Double acc = Compliance.accuracy(res);
                Object first = list(res.get("reports")).isEmpty() ? null : list(res.get("reports")).get(0);
                if (acc != null && first instanceof Map<?, ?> r) {
                    double n = r.get("total") instanceof Double t ? t : Double.NaN;
                    Interval ci = Double.isNaN(n) ? null : Interval.wilson(acc * n, n, 0.95);
                    out.add(new Item("accuracy on " + r.get("dataset"), String.format(Locale.ROOT, "%.3f", acc)
                            + (ci == null ? "" : String.format(Locale.ROOT, " [%.3f–%.3f, 95%% Wilson, n %.0f]", ci.low(), ci.high(), n))
                            + (r.get("rocAuc") instanceof Double auc ? String.format(Locale.ROOT, "; ROC AUC %.3f", auc) : ""), e.index(), false));
                }
            }
            Event a = latestAudit();
            if (a != null && a.object("result").get("overall") instanceof Map<?, ?> o && o.get("metrics") instanceof Map<?, ?> mm) {
                Map<?, ?> iv = o.get("intervals") instanceof Map<?, ?> x ? x : Map.of();
                List<String> parts = new ArrayList<>();
                for (String k : List.of("accuracy", "tpr", "fpr", "precision", "selection_rate")) {
                    if (mm.get(k) instanceof Double v) {
                        String ci = iv.get(k) instanceof Map<?, ?> c ? " [" + num(c.get("low"), "%.3f") + "–" + num(c.get("high"), "%.3f") + "]" : "";
                        parts.add(k + " " + String.format(Locale.ROOT, "%.3f", v) + ci);
                    }
                }
                out.add(new Item("on the audited data (" + num(a.object("result").get("rows"), "%.0f") + " rows, " + auditedData(a)
                        + "; 95% intervals)",
                        String.join(", ", parts), a.index(), false));
            }
            return out;
        }

        List<Item> data() {
            List<Item> out = new ArrayList<>();
            for (Event d : m.datasets()) {
                Map<String, Object> sheet = d.object("datasheet");
                out.add(new Item("dataset " + d.text("dataset") + "@" + d.text("version"), sheet.isEmpty() ? "registered without a datasheet"
                        : String.join("; ", sheet.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList()), d.index(), d.validlySigned()));
            }
            for (String in : m.trainingInputs()) {
                boolean registered = m.datasets().stream().anyMatch(d -> in.equals("sha256:" + d.text("sha256")) || in.equals("dataset:" + d.text("bundled")));
                if (!registered) {
                    out.add(new Item("training input", (in.startsWith("dataset:") ? "bundled dataset " + in.substring(8) : "file sha256 " + in.substring(7))
                            + " — not registered with a datasheet", m.lastTraining(), false));
                }
            }
            for (Event d : m.dataAudits()) {
                out.add(new Item("data bias report", "by " + d.actor() + " on " + day(d.time()) + " (exit " + d.exit() + ")", d.index(), false));
            }
            return out;
        }

        List<Item> fairness() {
            Event a = latestAudit();
            List<Item> out = new ArrayList<>();
            if (a == null) {
                return out;
            }
            out.add(new Item("audit", "by " + a.actor() + " on " + day(a.time()) + ", exit " + a.exit()
                    + (a.exit() == 0 ? " (no --fail-on rule broken)" : " (a --fail-on rule broken)"), a.index(), false));
            for (Map<String, Object> attr : attributes(a)) {
                if (attr.get("four_fifths") instanceof Map<?, ?> ff) {
                    List<String> rows = new ArrayList<>();
                    for (Object r : list(ff.get("rows"))) {
                        Map<?, ?> rr = (Map<?, ?>) r;
                        rows.add(rr.get("group") + " " + num(rr.get("impact_ratio"), "%.2f") + (Boolean.TRUE.equals(rr.get("small")) ? " (small)" : ""));
                    }
                    out.add(new Item("impact ratios by " + attr.get("name") + " (vs " + ff.get("highest_group") + ")", String.join(", ", rows)
                            + (Boolean.TRUE.equals(ff.get("adverse_impact")) ? " — below four-fifths for some group" : ""), a.index(), false));
                }
            }
            List<String> high = new ArrayList<>();
            for (Object f : list(a.object("result").get("findings"))) {
                if (f instanceof Map<?, ?> fm && "high".equals(fm.get("severity"))) {
                    high.add(String.valueOf(fm.get("text")));
                }
            }
            for (int i = 0; i < Math.min(FINDINGS, high.size()); i++) {
                out.add(new Item("finding", high.get(i), a.index(), false));
            }
            if (high.size() > FINDINGS) {
                out.add(new Item("more findings", (high.size() - FINDINGS) + " more of high severity in the audit", a.index(), false));
            }
            return out;
        }

        List<Item> explanations() {
            List<Item> out = new ArrayList<>();
            for (Event e : m.explanations()) {
                Map<String, Object> res = e.object("result");
                String extra = "";
                for (Object r : list(res.get("results"))) {
                    if (r instanceof Map<?, ?> g && g.get("mean_abs_shap") instanceof Map<?, ?> shap) {
                        List<Map.Entry<?, ?>> top = new ArrayList<>(shap.entrySet());
                        top.sort((x, y) -> Double.compare((Double) y.getValue(), (Double) x.getValue()));
                        extra = "; most influential: " + String.join(", ", top.stream().limit(5).map(x -> String.valueOf(x.getKey())).toList());
                    }
                }
                out.add(new Item("explained", res.getOrDefault("method", "?") + " by " + e.actor() + " on " + day(e.time()) + extra, e.index(), false));
            }
            return out;
        }

        List<Item> other(String... types) {
            List<Item> out = new ArrayList<>();
            for (Event e : m.other()) {
                for (String t : types) {
                    if (e.type().equals(t)) {
                        Map<String, Object> f = new LinkedHashMap<>(e.fields());
                        for (String k : List.of("schema", "type", "time", "actor", "model", "version", "signature")) {
                            f.remove(k);
                        }
                        out.add(new Item(t, f.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).reduce((x, y) -> x + "; " + y).orElse("")
                                + " (by " + e.actor() + ")", e.index(), e.validlySigned()));
                    }
                }
            }
            return out;
        }

        List<Item> energy() {
            List<Item> out = new ArrayList<>();
            List<Event> runs = new ArrayList<>(m.trainings());
            runs.addAll(m.evaluations());
            for (Event e : runs) {
                Map<String, Object> en = e.object("energy");
                if (en.isEmpty()) {
                    continue;
                }
                double kwh = en.get("energy_kwh") instanceof Double d ? d : Double.NaN;
                double g = en.get("co2e_grams") instanceof Double d ? d : Double.NaN;
                String per = en.get("kwh_per_1000_predictions") instanceof Double d ? "; " + dev.probity.core.energy.EnergyUse.wh(d) + " per 1,000 predictions" : "";
                out.add(new Item(en.getOrDefault("phase", "run") + " energy", "about " + dev.probity.core.energy.EnergyUse.wh(kwh) + ", "
                        + dev.probity.core.energy.EnergyUse.grams(g) + " CO2e" + per
                        + " (" + ("rapl".equals(en.get("method")) ? "measured by RAPL" : "estimated by the Green Algorithms method") + ", region " + en.get("region") + " at " + num(en.get("g_co2e_per_kwh"), "%.0f") + " g/kWh, PUE "
                        + num(en.get("pue"), "%.2f") + ")", e.index(), false));
            }
            return out;
        }

        List<Item> lifecycle() {
            List<Item> out = new ArrayList<>();
            for (Event e : m.outOfGate()) {
                out.add(new Item("NOT A VALID TRANSITION", e.type() + " recorded by " + e.actor() + " on " + day(e.time())
                        + " around the registry's gates (no gates passed" + (e.type().equals("approval") ? ", or no valid signature" : "")
                        + "): it moves nothing", e.index(), false));
            }
            for (Event e : m.transitions()) {
                String what = e.type().equals("approval") ? e.text("decision") + (e.text("role") != null ? " by " + e.actor() + " (" + e.text("role") + ")" : " by " + e.actor())
                        : e.text("to") + " by " + e.actor();
                out.add(new Item(e.text("to") == null ? e.type() : "→ " + e.text("to"), what + " on " + day(e.time())
                        + (e.text("rationale") != null ? ": " + e.text("rationale") : "") + (e.text("environment") != null ? " (" + e.text("environment") + ")" : ""),
                        e.index(), e.validlySigned()));
            }
            return out;
        }

        List<Item> oversight() {
            List<Item> out = new ArrayList<>();
            if (m.decisions().isEmpty()) {
                return out;
            }
            long overridden = m.overrides().stream().map(e -> e.text("case")).distinct().count();
            long appealed = m.appeals().stream().map(e -> e.text("case")).distinct().count();
            long overturned = m.appeals().stream().filter(e -> "overturned".equals(e.text("result"))).map(e -> e.text("case")).distinct().count();
            int n = (int) m.decisions().stream().map(e -> e.text("case")).distinct().count();
            Interval ci = Interval.wilson(overridden, n, 0.95);
            out.add(new Item("decisions", n + " cases decided; " + overridden + String.format(Locale.ROOT, " overridden (%.1f%% [%.1f–%.1f])", 100.0 * overridden / n,
                    ci.low() * 100, ci.high() * 100) + ", " + appealed + " appealed, " + overturned + " overturned on appeal (first decision: entry "
                    + m.decisions().get(0).index() + "; see registry oversight --by ATTR for rates by group)", m.decisions().get(0).index(), false));
            out.addAll(doc("human_oversight", "contest"));
            return out;
        }

        /** What an audit read as its data, and whether that is the data the model was trained on (then its figures are in-sample). */
        private String auditedData(Event audit) {
            for (Object o : audit.list("inputs")) {
                if (o instanceof Map<?, ?> in && "data".equals(in.get("role"))) {
                    String key = in.get("sha256") != null ? "sha256:" + in.get("sha256") : "dataset:" + in.get("dataset");
                    String name = String.valueOf(in.get("dataset") != null ? in.get("dataset") : in.get("path"));
                    return name + (m.trainingInputs().contains(key) ? ", the training data: in-sample" : "");
                }
            }
            return "data not recorded";
        }

        private Event latestAudit() {
            Event out = null;
            for (Event a : m.audits()) {
                if (!a.object("result").isEmpty()) {
                    out = a;
                }
            }
            return out;
        }
    }

    static Section section(String id, String title, String ref, List<Item> items, String missing) {
        return new Section(id, title, ref, List.copyOf(items), items.isEmpty() ? (missing == null ? "nothing recorded" : missing) : null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attributes(Event audit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(audit.object("result").get("attributes"))) {
            if (o instanceof Map<?, ?> mm) {
                out.add((Map<String, Object>) mm);
            }
        }
        return out;
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static String num(Object o, String fmt) {
        return o instanceof Double d ? String.format(Locale.ROOT, fmt, d) : "—";
    }

    static String day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
