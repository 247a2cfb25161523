package dev.probity.report.text;

import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.registry.EvidenceLog;

import java.time.ZoneOffset;

/** A model card or Annex IV skeleton as Markdown: each statement with its entry; the proofs in an appendix. */
public final class CardMarkdown {
    private CardMarkdown() {
    }

    public static String render(ModelCard c) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(switch (c.template()) {
            case "annex-iv" -> "Technical documentation (EU AI Act Annex IV skeleton)";
            case "datasheet" -> "Datasheet";
            default -> "Model card";
        })
                .append(": ").append(md(c.model())).append("\n\n");
        b.append(c.template().equals("datasheet") ? "Dataset" : "Stage **" + c.stage() + "**")
                .append(c.sha256().isEmpty() ? "" : " · file sha256 `" + c.sha256() + "`").append(" · made ")
                .append(c.made().atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0)).append("Z\n\n");
        b.append("Every statement comes from an entry of the evidence log (named in brackets), with its inclusion proof at the end. "
                + "What the log does not hold is marked missing. The log was ").append(c.trust()).append(".\n\n");
        for (ModelCard.Section s : c.sections()) {
            b.append("## ").append(s.title()).append(s.reference() == null || s.reference().isEmpty() ? "" : " (" + s.reference() + ")").append("\n\n");
            if (s.missing() != null) {
                b.append("_Missing: ").append(md(s.missing())).append("._\n\n");
                continue;
            }
            for (ModelCard.Item i : s.items()) {
                b.append("- **").append(md(i.label())).append("**: ").append(md(i.value()));
                if (i.signed()) {
                    b.append(" (signed)");
                }
                if (i.entry() >= 0) {
                    b.append(" [entry ").append(i.entry()).append("](#entry-").append(i.entry()).append(")");
                }
                b.append('\n');
            }
            b.append('\n');
        }
        b.append("## Proofs\n\nAgainst the signed checkpoint:\n\n```\n").append(c.checkpoint()).append("```\n\n");
        for (EvidenceLog.Proof p : c.proofs().values()) {
            b.append("<a id=\"entry-").append(p.index()).append("\"></a>**Entry ").append(p.index()).append("**: leaf hash `")
                    .append(p.leafHash()).append("`, tree size ").append(p.size()).append(", proof: ")
                    .append(p.hashes().isEmpty() ? "(none)" : String.join(" ", p.hashes().stream().map(h -> "`" + h + "`").toList())).append("\n\n");
        }
        return b.toString();
    }

    private static String md(String s) {
        return TerminalText.clean(s).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;").replace("[", "\\[");
    }
}
