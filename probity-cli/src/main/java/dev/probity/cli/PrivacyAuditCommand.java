package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import dev.probity.privacy.attack.AttackResult;
import dev.probity.privacy.attack.MembershipInference;
import dev.probity.report.html.PrivacyAuditHtml;
import dev.probity.report.json.PrivacyJson;
import dev.probity.report.text.PrivacyText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity privacy-audit}: does the model give away who was in its training data? */
@Command(name = "privacy-audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attack a model as someone holding people's records would, to measure how much it leaks about who was in its "
            + "training data (membership inference). The training rows are the members, the holdout rows non-members; the attack "
            + "scores each row, and the report gives ROC AUC with an interval, balanced accuracy, membership advantage, the true "
            + "positive rate at 0.1%% and 1%% false positives (where an attacker is sure of someone), and the lower bound on ε the "
            + "attack proves (Jagielski et al. 2020).",
            "",
            "  threshold  the loss attack (Yeom et al. 2018): a model fits its training rows better than new ones",
            "  lira       the likelihood-ratio attack with shadow models (Carlini et al. 2022), trained like the model (its provenance)",
            "  attribute  recover a --sensitive feature from the others and the outcome (Fredrikson et al. 2014), on members and others",
            "",
            "No leakage found is not proof of none: it is what this attack, on these rows, could show."},
        footer = {"", "Examples:",
            "  probity privacy-audit --model adult-lr.json --train adult \\",
            "      --holdout adult-test --label income",
            "  probity privacy-audit --model adult-xgb.json --train adult \\",
            "      --holdout adult-test --label income --attack lira --html leak.html",
            "", "Exit status: 0 success (with --fail-on-leak: no leak found), 1 --fail-on-leak and the attack beat chance, 2 bad input, "
                + "3 internal error."})
final class PrivacyAuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model (a Probity model file).")
    Path model;
    @Option(names = "--train", required = true, paramLabel = "FILE|DATASET", description = "Its training data (the members).")
    String train;
    @Option(names = "--holdout", required = true, paramLabel = "FILE|DATASET", description = "Data it never saw (the non-members).")
    String holdout;
    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column.")
    String label;
    @Option(names = "--attack", paramLabel = "NAME", description = "threshold (default), lira, or attribute (with --sensitive).")
    String attack = "threshold";
    @Option(names = "--sensitive", paramLabel = "COL", description = "For --attack attribute: the feature the attacker tries to recover.")
    String sensitive;
    @Option(names = "--shadow-models", paramLabel = "K", description = "LiRA's shadow models (default 16; the paper uses 64 to 256).")
    int shadowModels = 16;
    @Option(names = "--offline", description = "LiRA's offline variant (shadows without each row only).")
    boolean offline;
    @Option(names = "--max-rows", paramLabel = "N", description = "Rows drawn from each of the members and non-members (default 5,000; 0: all).")
    int maxRows = 5000;
    @Option(names = "--delta", paramLabel = "D", description = "The δ of the empirical ε bound (default 1e-5).")
    double delta = 1e-5;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draws and the shadows (default 42).")
    long seed = 42;
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "The files' text encoding (default UTF-8).")
    String encoding;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (probity.privacy-audit/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page with the ROC curve on log-log axes.")
    Path html;
    @Option(names = "--fail-on-leak", description = "Exit 1 when the attack beats chance (the AUC's interval lies above ½).")
    boolean failOnLeak;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OutputPlan outputs = OutputPlan.protecting(out, "model", model, "train", train, "holdout", holdout)) {
            outputs.add("json", json).add("html", html);
            Model m = ModelFiles.load(model, null);
            Frame members = DriftCommand.read(train, "--train", encoding);
            Frame others = DriftCommand.read(holdout, "--holdout", encoding);
            String name = model.getFileName().toString();
            if (attack.equalsIgnoreCase("attribute")) {
                if (sensitive == null) {
                    throw new InputException("--attack attribute needs --sensitive COL, the feature to recover");
                }
                if (html != null) {
                    throw new InputException("--html draws the membership attacks' ROC; the attribute attack has text and --json");
                }
                var a = dev.probity.privacy.attack.AttributeInference.run(m, members, others, label, sensitive, maxRows, 0.95, seed);
                outputs.writeString("json", PrivacyJson.attribute(name, a));
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    out.print(PrivacyText.attribute(name, a));
                    out.flush();
                }
                return failOnLeak && a.advantageInterval().low() > 0 ? ExitCode.RULE_BROKEN : ExitCode.OK;
            }
            if (sensitive != null) {
                throw new InputException("--sensitive is for --attack attribute");
            }
            MembershipInference.Settings s = new MembershipInference.Settings(shadowModels, !offline, maxRows, delta, 0.95, seed);
            AttackResult r = switch (attack.toLowerCase(Locale.ROOT)) {
                case "threshold", "loss" -> MembershipInference.threshold(m, members, others, label, s);
                case "lira" -> MembershipInference.lira(m, shadowTrainer(m), m.info().features().stream().map(f -> f.name()).toList(), members,
                        others, label, s, j -> {
                            if (!quiet.quiet && !outputs.usesStdout()) {
                                err.println("probity: privacy-audit: shadow model " + j + " of " + shadowModels);
                                err.flush();
                            }
                        });
                default -> throw new InputException("--attack " + attack + ": use threshold or lira");
            };
            outputs.writeString("json", PrivacyJson.attack(name, r));
            outputs.writeString("html", PrivacyAuditHtml.render(name, r));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(PrivacyText.attack(name, r));
                out.flush();
            }
            return failOnLeak && r.aucInterval().low() > 0.5 ? ExitCode.RULE_BROKEN : ExitCode.OK;
        }
    }

    /** A trainer of the model's kind, with the parameters its provenance records where they are known. */
    private static PipelineTrainer shadowTrainer(Model m) {
        Map<String, Object> p = m.provenance().parameters();
        String method = m.provenance().method() == null ? m.info().algorithm() : m.provenance().method();
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "logistic" -> new PipelineTrainer(LinearTrainer.logistic().penalty(
                    "l1".equals(String.valueOf(p.get("penalty"))) ? LinearTrainer.Penalty.L1 : "none".equals(String.valueOf(p.get("penalty")))
                            ? LinearTrainer.Penalty.NONE : LinearTrainer.Penalty.L2, p.get("C") instanceof Number c ? c.doubleValue() : 1.0));
            case "tree", "cart", "decision-tree" -> new PipelineTrainer(p.get("max_depth") instanceof Number d ? TreeTrainer.defaults().maxDepth(d.intValue())
                    : TreeTrainer.defaults());
            case "xgboost" -> new PipelineTrainer(XgbTrainer.defaults().rounds(p.get("rounds") instanceof Number r ? r.intValue() : 200)
                    .maxDepth(p.get("max_depth") instanceof Number d ? d.intValue() : 6));
            default -> throw new InputException("LiRA trains shadow models like the target: a " + method + " model cannot be retrained here "
                    + "(logistic, tree and xgboost can); use the threshold attack");
        };
    }
}
