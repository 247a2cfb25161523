package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.comply.Compliance;
import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.comply.Policy;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Registry;
import dev.probity.report.html.EvidenceHtml;
import dev.probity.report.json.RegistryJson;
import dev.probity.report.text.CardMarkdown;
import dev.probity.report.text.RegistryText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity card} and {@code probity comply}: documentation and compliance checks built from evidence. */
final class EvidenceCommands {
    private EvidenceCommands() {
    }

    @Command(name = "card", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"A model card (Mitchell et al. 2019), the EU AI Act's Annex IV technical documentation skeleton, or a dataset's "
                + "datasheet (Gebru et al. 2021, --dataset), built "
                + "only from the evidence log: every statement names the entry it comes from, with that entry's inclusion proof "
                + "against the log's signed checkpoint; what the log does not hold is shown as missing.",
                "",
                "The format follows --out's extension (.html, .md, .json) unless --format says otherwise; without --out, "
                    + "Markdown goes to standard output."},
            footer = {"", "Examples:",
                "  probity card --model credit@1 --ledger evidence --out card.html",
                "  probity card --dataset applicants@2026 --ledger evidence --out sheet.md",
                "  probity card --model credit@1 --ledger evidence --template annex-iv \\",
                "      --out annex-iv.md",
                "", "Exit status: 0 success, 2 bad input, 3 internal error."})
    static final class Card implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = {"--ledger", "--log"}, required = true, paramLabel = "DIR", description = "The evidence log.")
        Path ledger;
        @Option(names = "--model", paramLabel = "NAME@VERSION", description = "The registered model version.")
        String model;
        @Option(names = "--dataset", paramLabel = "NAME@VERSION", description = "A registered dataset version: its datasheet (Gebru et al. 2021) instead.")
        String dataset;
        @Option(names = "--template", paramLabel = "NAME", description = "model-card (default) or annex-iv.")
        String template = "model-card";
        @Option(names = "--out", paramLabel = "FILE", description = "Where the card goes ('-' for standard output).")
        String out;
        @Option(names = "--format", paramLabel = "FORMAT", description = "html, markdown or json (default: from --out's extension; markdown).")
        String format;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--key", paramLabel = "VKEY|FILE", description = "The log's verifier key as you were handed it (repeatable; default: the log's own key.pub).")
        List<String> keys = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            LedgerOption.refuseInside(ledger, "--out", out);
            if ((model == null) == (dataset == null)) {
                throw new InputException("give --model NAME@VERSION for a model card, or --dataset NAME@VERSION for a datasheet");
            }
            String[] mv = RegistrySubcommand.model(model != null ? model : dataset);
            String fmt = format(format, out);
            PrintWriter stdout = spec.commandLine().getOut();
            try (Registry r = Registry.open(ledger, RegistrySubcommand.trusted(keys)); OutputPlan outputs = OutputPlan.protecting(stdout, "ledger", ledger)) {
                EvidenceLog log = r.log();
                ModelCard c = dataset != null ? ModelCard.datasheet(log, mv[0], mv[1], Instant.now())
                        : ModelCard.build(log, ModelState.of(log, mv[0], mv[1]), template, Instant.now());
                String text = switch (fmt) {
                    case "html" -> EvidenceHtml.card(c);
                    case "json" -> RegistryJson.card(c);
                    default -> CardMarkdown.render(c);
                };
                outputs.add("out", out == null ? "-" : out);
                outputs.writeString("out", text);
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    long missing = c.sections().stream().filter(s -> s.missing() != null).count();
                    stdout.println((dataset != null ? "Datasheet" : template.equals("annex-iv") ? "Annex IV skeleton" : "Model card") + " of "
                            + c.model() + " written to " + out
                            + ": " + c.sections().size() + " sections, " + missing + " without evidence, " + c.proofs().size() + " entries proven");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "comply", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check a model version's evidence against a policy: each rule passes, fails, or lacks evidence (which is "
                + "not a pass), with the entries it used and their inclusion proofs. Built-in packs cite the law for each rule.",
                "",
                "Packs: nyc-ll144 (NYC Local Law 144), eeoc-four-fifths (29 CFR 1607.4(D)), reg-b (ECOA / Regulation B), "
                    + "eu-ai-act-high-risk (Regulation (EU) 2024/1689), gdpr (Art. 22, 15(1)(h), 35); or a policy file "
                    + "(probity.policy/v1 JSON). Not legal advice."},
            footer = {"", "Examples:",
                "  probity comply --policy nyc-ll144 --model screener@2 --ledger evidence",
                "  probity comply --policy eu-ai-act-high-risk --model credit@1 \\",
                "      --ledger evidence --html comply.html",
                "", "Exit status: 0 every rule passes, 1 a rule fails or lacks evidence, 2 bad input, 3 internal error."})
    static final class Comply implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--policy", required = true, paramLabel = "PACK|FILE", description = "A built-in pack or a policy file.")
        String policy;
        @Option(names = {"--ledger", "--log"}, required = true, paramLabel = "DIR", description = "The evidence log.")
        Path ledger;
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The registered model version.")
        String model;
        @Option(names = "--as-of", paramLabel = "DATE", description = "Judge periods (e.g. 'within one year') as of this date, YYYY-MM-DD (default: now).")
        String asOf;
        @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.compliance/v1); '-' for standard output.")
        String json;
        @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with the proofs.")
        Path html;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--key", paramLabel = "VKEY|FILE", description = "The log's verifier key as you were handed it (repeatable; default: the log's own key.pub).")
        List<String> keys = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            LedgerOption.refuseInside(ledger, "--json", json);
            LedgerOption.refuseInside(ledger, "--html", html);
            String[] mv = RegistrySubcommand.model(model);
            Policy p = Policy.load(policy);
            Instant when = asOf == null ? Instant.now() : date(asOf);
            PrintWriter stdout = spec.commandLine().getOut();
            try (Registry r = Registry.open(ledger, RegistrySubcommand.trusted(keys));
                 OutputPlan outputs = OutputPlan.protecting(stdout, "ledger", ledger, "policy", policy)) {
                outputs.add("json", json).add("html", html);
                ComplianceReport c = Compliance.check(p, r.log(), mv[0], mv[1], when);
                outputs.writeString("json", RegistryJson.compliance(c));
                if (outputs.has("html")) {
                    outputs.writeString("html", EvidenceHtml.compliance(c));
                }
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    stdout.print(RegistryText.compliance(c));
                    stdout.flush();
                }
                return c.passed() ? ExitCode.OK : ExitCode.RULE_BROKEN;
            }
        }

        private static Instant date(String s) {
            try {
                return LocalDate.parse(s).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
            } catch (DateTimeParseException e) {
                throw new InputException("--as-of is a date, YYYY-MM-DD; got '" + InputException.shown(s) + "'");
            }
        }
    }

    static String format(String format, String out) {
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            return switch (f) {
                case "html", "json" -> f;
                case "md", "markdown" -> "markdown";
                default -> throw new InputException("--format is html, markdown or json; got '" + InputException.shown(format) + "'");
            };
        }
        if (out == null || out.equals("-")) {
            return "markdown";
        }
        String o = out.toLowerCase(Locale.ROOT);
        return o.endsWith(".html") || o.endsWith(".htm") ? "html" : o.endsWith(".json") ? "json" : "markdown";
    }
}
