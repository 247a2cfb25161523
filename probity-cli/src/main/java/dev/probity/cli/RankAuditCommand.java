package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.UserHistory;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.report.html.RankAuditHtml;
import dev.probity.report.json.RankAuditJson;
import dev.probity.report.text.RankAuditText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity rank-audit}: the fairness of ranked lists and recommendations. */
@Command(name = "rank-audit", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Audit ranked lists (search results, recommendations, candidate shortlists) for the exposure each group gets: "
                + "exposure and its ratios (Singh & Joachims), the protected group's share of every top k, FA*IR's ranked "
                + "group fairness test, rND/rKL/rRD (Yang & Stoyanovich) and NDKL (Geyik et al.), with intervals over lists.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # The synthetic hiring rankings: do women get their share of attention?",
            "  probity rank-audit --data hiring-ranking --query job --position position \\",
            "      --group gender --relevance qualification --protected-group woman",
            "",
            "  # Recommendations against each user's history (Steck's calibration)",
            "  probity rank-audit --data recs.csv --query user --position rank \\",
            "      --group genre --protected-group documentary --history history.csv",
            "",
            "  # COMPAS as one risk list, highest score first (here exposure is a harm)",
            "  probity rank-audit --data compas --score decile_score --group race \\",
            "      --protected-group African-American --position-bias geometric:0.1",
            "",
            "Exit status: 0 success, 1 a --fail-on rule is broken, 2 bad input (nothing written), 3 internal error."
        })
final class RankAuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    LedgerOption evidence = new LedgerOption();

    @Mixin
    RankOptions rank = new RankOptions();

    @Option(names = "--history", paramLabel = "FILE", description = "Users' histories, one row per consumed item (user, group): "
            + "also measure Steck's miscalibration of each list against its user's history (the list's --query is its user).")
    String history;

    @Option(names = "--history-user", paramLabel = "COL", description = "The history's user column (default: the --query column's name).")
    String historyUser;

    @Option(names = "--history-group", paramLabel = "COL", description = "The history's group column (default: the --group column's name).")
    String historyGroup;

    @Option(names = "--history-weight", paramLabel = "COL", description = "A weight per history row (recency, rating; default 1).")
    String historyWeight;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (schema probity.rank-audit/v1); '-' for standard output.")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with charts.")
    Path html;

    @Option(names = "--fail-on", paramLabel = "RULE", description = "Exit 1 when a rule is broken (repeatable): exposure_ratio<R, "
            + "disparate_treatment_ratio<R, disparate_impact_ratio<R, rnd>X, rkl>X, rrd>X, ndkl>X, fa-ir (more lists fail than a fair ranking would).")
    List<String> failOn = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Do not print the report.")
    boolean quiet;

    /** The history file, read with the data's reading options but not its filter (--where is about the lists). */
    private dev.probity.core.frame.Frame readHistory(java.util.function.Consumer<String> warn) {
        Path p = Path.of(history);
        if (java.nio.file.Files.isDirectory(p)) {
            throw new InputException("--history " + history + ": it is a folder, not a file");
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new InputException("--history " + history + ": no such file");
        }
        return dev.probity.core.io.DataReader.read(p, input.sideFileOptions().warnings(warn)).requireRows();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String r : failOn) {
            RankRules.validate(r);
        }
        if (history == null && (historyUser != null || historyGroup != null || historyWeight != null)) {
            throw new InputException("--history-user, --history-group and --history-weight go with --history FILE");
        }
        if (history != null && rank.query == null) {
            throw new InputException("--history needs --query: each list's query is the user whose history it is measured against");
        }
        try (OutputPlan outputs = OutputPlan.protecting(out, "data", input.data, "history", history)) {
            outputs.add("json", json).add("html", html);
            boolean toStdout = outputs.usesStdout();
            java.util.function.Consumer<String> warn = w -> {
                if (!quiet || toStdout) {
                    err.println("warning: " + w);
                }
            };
            UserHistory users = history == null ? null : UserHistory.of(readHistory(warn),
                    historyUser != null ? historyUser : rank.query, historyGroup != null ? historyGroup : rank.group, historyWeight);
            RankAuditResult result = RankAudit.run(rank.lists(input.readSelected(warn)), rank.spec(), users);
            outputs.write("json", o -> RankAuditJson.write(result, o));
            if (outputs.has("html")) {
                outputs.writeString("html", RankAuditHtml.render(result));
            }
            outputs.commit();
            List<String> broken = RankRules.check(result, failOn);
            if (!quiet && !toStdout) {
                out.print(RankAuditText.render(result));
                for (String r : failOn) {
                    String why = broken.stream().filter(b -> b.startsWith(r.trim() + " — ")).findFirst().orElse(null);
                    out.println(why != null ? "RULE BROKEN: " + why : "rule holds: " + r);
                }
                for (String s : List.of("json", "html")) {
                    if (outputs.shown(s) != null) {
                        out.println((s.equals("json") ? "JSON: " : "HTML report: ") + outputs.shown(s));
                    }
                }
            }
            if (!broken.isEmpty() && (quiet || toStdout)) {
                broken.forEach(b -> err.println("rule broken: " + b));
            }
            return broken.isEmpty() ? ExitCode.OK : ExitCode.RULE_BROKEN;
        }
    }
}
