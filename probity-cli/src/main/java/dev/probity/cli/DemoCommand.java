package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.report.html.AuditHtml;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.AuditTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code probity demo}: ProPublica's COMPAS analysis, reproduced, with a report. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
    "Audit the bundled ProPublica COMPAS data (all 7,214 rows): 'high risk' means decile_score >= 5, the label is "
        + "two-year recidivism, protected attributes race and sex and their intersection, Caucasian and Male as "
        + "reference groups, 1,000 bootstrap replicates. Prints the summary table and writes an HTML and a JSON report.",
    "",
    "The same audit by hand:",
    "  probity audit --data compas --label two_year_recid \\",
    "      --prediction 'decile_score >= 5' --unfavorable --protected race,sex \\",
    "      --intersections --reference race=Caucasian --reference sex=Male \\",
    "      --bootstrap 1000 --seed 42 --subjects defendants \\",
    "      --outcome 'flagged high-risk' --html out/compas-audit.html"})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the reports (default: out).")
    Path out = Path.of("out");

    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap replicates (default 1000).")
    int bootstrap = 1000;

    @Option(names = "--propublica-filter", description = "Apply ProPublica's row filter (6,172 rows remain).")
    boolean filter;

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Frame compas = Datasets.load("compas");
        AuditSpec.Builder b = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").intersections(true).reference("race", "Caucasian")
                .reference("sex", "Male").bootstrap(bootstrap).seed(42).subjects("defendants").outcome("flagged high-risk")
                .positiveFavorable(false);
        if (filter) {
            b.where(Datasets.PROPUBLICA_FILTER);
        }
        if (out.toString().equals("-")) {
            throw new InputException("--out names the folder the demo writes its two reports into; standard output ('-') is not one");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException("{{out}} " + out + " is a file; the demo writes its reports into a folder");
        }
        Files.createDirectories(out);
        Path html = out.resolve("compas-audit.html");
        Path json = out.resolve("compas-audit.json");
        try (OutputPlan outputs = OutputPlan.protecting(w)) {
            outputs.add("json", json).add("html", html);
            AuditResult r = Audit.run(compas, b.build(), x -> spec.commandLine().getErr().println("warning: " + x));
            outputs.write("json", o -> AuditJson.write(r, o));
            outputs.writeString("html", AuditHtml.render(r));
            outputs.commit();
            if (!quiet.quiet) {
                w.print(AuditTable.render(r));
            }
        }
        if (!quiet.quiet) {
            w.println();
            w.println("ProPublica published (all 7,214 rows): African-American FPR 44.85%, FNR 27.99%; Caucasian FPR 23.45%, FNR 47.72%.");
            w.println("JSON: " + json.toAbsolutePath().normalize());
            w.println("HTML report: " + html.toAbsolutePath().normalize());
        }
        w.flush();
        return ExitCode.OK;
    }
}
