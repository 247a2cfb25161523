package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.report.json.AuditJson;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Self-contained, printable pages built from evidence: a model card or Annex IV skeleton, and a compliance report. Each
 * statement links to its entry, and an appendix gives every entry's inclusion proof against the signed checkpoint.
 */
public final class EvidenceHtml {
    private static final Template CARD = Mustache.compiler().defaultValue("").compile(AuditHtml.resource("/dev/probity/report/card.html.mustache"));
    private static final Template COMPLY = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/compliance.html.mustache"));

    private EvidenceHtml() {
    }

    public static String card(ModelCard c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("title", switch (c.template()) {
            case "annex-iv" -> "Technical documentation (EU AI Act Annex IV skeleton)";
            case "datasheet" -> "Datasheet";
            default -> "Model card";
        });
        m.put("template", switch (c.template()) {
            case "annex-iv" -> "Annex IV of Regulation (EU) 2024/1689";
            case "datasheet" -> "Gebru et al. 2021, Datasheets for Datasets";
            default -> "Mitchell et al. 2019, Model Cards for Model Reporting";
        });
        m.put("model", c.model());
        m.put("stage", c.stage());
        m.put("sha256", c.sha256());
        m.put("trust", c.trust());
        m.put("made", c.made().atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0) + "Z");
        List<Map<String, Object>> sections = new ArrayList<>();
        for (ModelCard.Section s : c.sections()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("id", s.id());
            sm.put("title", s.title());
            sm.put("reference", s.reference());
            sm.put("missing", s.missing());
            sm.put("hasItems", !s.items().isEmpty());
            List<Map<String, Object>> items = new ArrayList<>();
            for (ModelCard.Item i : s.items()) {
                Map<String, Object> im = new LinkedHashMap<>();
                im.put("label", i.label());
                im.put("value", i.value());
                im.put("signed", i.signed());
                im.put("entry", i.entry() >= 0 ? i.entry() : null);
                items.add(im);
            }
            sm.put("items", items);
            sections.add(sm);
        }
        m.put("sections", sections);
        m.put("checkpoint", c.checkpoint());
        m.put("size", c.proofs().values().stream().findFirst().map(EvidenceLog.Proof::size).orElse(0L));
        m.put("proofs", proofs(c.proofs().values()));
        return CARD.execute(m);
    }

    public static String compliance(ComplianceReport c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", AuditJson.VERSION);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("title", c.title());
        m.put("model", c.model());
        m.put("stage", c.stage());
        m.put("asOf", c.asOf().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        m.put("policy", c.policy());
        m.put("policyVersion", c.policyVersion());
        m.put("scope", c.scope());
        m.put("trust", c.trust());
        m.put("pass", c.count(dev.probity.ledger.comply.Verdict.PASS));
        m.put("fail", c.count(dev.probity.ledger.comply.Verdict.FAIL));
        m.put("none", c.count(dev.probity.ledger.comply.Verdict.NO_EVIDENCE));
        m.put("passed", c.passed());
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Long, EvidenceLog.Proof> proofs = new TreeMap<>();
        for (ComplianceReport.Result r : c.results()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("rule", r.rule());
            rm.put("title", r.title());
            rm.put("requirement", r.requirement());
            rm.put("verdict", r.verdict().label());
            rm.put("css", switch (r.verdict()) {
                case PASS -> "pass";
                case FAIL -> "fail";
                case NO_EVIDENCE -> "none";
            });
            rm.put("detail", r.detail());
            rm.put("source", r.source());
            rm.put("url", r.url() != null && r.url().matches("(?i)https?://.*") ? r.url() : null);
            rm.put("entries", r.evidence().stream().map(EvidenceLog.Proof::index).toList());
            r.evidence().forEach(p -> proofs.put(p.index(), p));
            rows.add(rm);
        }
        m.put("results", rows);
        m.put("caveats", c.caveats());
        m.put("checkpoint", c.checkpoint());
        m.put("proofs", proofs(proofs.values()));
        return COMPLY.execute(m);
    }

    private static List<Map<String, Object>> proofs(Collection<EvidenceLog.Proof> ps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvidenceLog.Proof p : ps) {
            out.add(Map.of("index", p.index(), "leafHash", p.leafHash(), "root", p.root(),
                    "hashes", p.hashes().isEmpty() ? "(none: the tree has one entry)" : String.join("\n          ", p.hashes())));
        }
        return out;
    }
}
