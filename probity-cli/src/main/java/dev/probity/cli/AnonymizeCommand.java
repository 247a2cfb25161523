package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.AnonymizationSpec;
import dev.probity.privacy.anonymize.Anonymizer;
import dev.probity.privacy.anonymize.Hierarchy;
import dev.probity.privacy.anonymize.LocalRecoding;
import dev.probity.privacy.anonymize.PrivacyModel;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;
import dev.probity.report.html.AnonymizationHtml;
import dev.probity.report.json.AnonymizationJson;
import dev.probity.report.text.AnonymizationText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity anonymize}: generalize and suppress until no one stands out. */
@Command(name = "anonymize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Release a table so that no one can be singled out by the columns an attacker may know from elsewhere "
            + "(the quasi-identifiers: age, sex, postcode, …). Each quasi-identifier is generalized along its hierarchy "
            + "(39 → 35-39 → 30-39 → *), one level for the whole column (full-domain generalization), and records that still "
            + "stand out are suppressed (* in every quasi-identifier) within --suppression. Of all the transformations that "
            + "satisfy the privacy models, the one that loses least information (ARX's loss) is chosen: a globally optimal "
            + "search, as ARX's Flash does.",
            "",
            "  --k K              k-anonymity: each group of records alike has K or more",
            "  --l-diversity C:L  ℓ-diversity: L or more values of column C per group",
            "  --t-closeness C:T  t-closeness: C's distribution per group near the table's",
            "",
            "Hierarchies are CSV files in ARX's format (one line per value, ';' between the levels, most specific first, "
                + "ending in *), one per quasi-identifier in --hierarchies, named <column>.csv or <anything>_hierarchy_<column>.csv.",
            "",
            "The report gives the transformation, the suppressed records, utility (loss, discernibility, average class size, "
                + "non-uniform entropy, precision) and re-identification risk before and after.",
            "",
            "--method mondrian (Mondrian multidimensional partitioning) and --method mdav (microaggregation of numbers) "
                + "recode locally instead: groups are generalized each on its own, nothing is suppressed."},
        footer = {"", "Examples:",
            "  probity anonymize --data data/anonymization/patients.csv \\",
            "      --quasi-identifiers age,sex,zip \\",
            "      --hierarchies data/anonymization/hierarchies --k 3 \\",
            "      --suppression 0.1 --out patients-anon.csv",
            "  probity anonymize --data data/anonymization/patients.csv \\",
            "      --quasi-identifiers age,zip --hierarchies data/anonymization/hierarchies \\",
            "      --method mondrian --k 5 --out patients-mondrian.csv",
            "  probity anonymize --data adult.csv --delimiter ';' --quasi-identifiers \\",
            "      sex,age,race --hierarchies hierarchies/ --k 5 \\",
            "      --l-diversity salary-class:2 --out adult-anon.csv --json -",
            "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class AnonymizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();
    @Option(names = "--quasi-identifiers", required = true, split = ",", paramLabel = "COL",
            description = "The columns an attacker may know (comma-separated); each needs a hierarchy.")
    List<String> quasiIdentifiers;
    @Option(names = "--hierarchies", paramLabel = "DIR",
            description = "The folder of hierarchy files: <column>.csv or <name>_hierarchy_<column>.csv "
                    + "(mondrian: for the categorical columns; mdav: none).")
    Path hierarchies;
    @Option(names = "--k", paramLabel = "K", description = "k-anonymity: at least K records share each combination of quasi-identifiers.")
    Integer k;
    @Option(names = "--l-diversity", paramLabel = "COL:L", description = "ℓ-diversity of the sensitive column COL (repeatable).")
    List<String> lDiversity = new ArrayList<>();
    @Option(names = "--diversity", paramLabel = "KIND", description = "distinct (default), entropy, or recursive (with --recursive-c).")
    String diversity = "distinct";
    @Option(names = "--recursive-c", paramLabel = "C", description = "The c of recursive (c, ℓ)-diversity (default 3).")
    double recursiveC = 3;
    @Option(names = "--t-closeness", paramLabel = "COL:T", description = "t-closeness of the sensitive column COL (repeatable).")
    List<String> tCloseness = new ArrayList<>();
    @Option(names = "--t-distance", paramLabel = "KIND", description = "equal (default), ordered (numbers or text in order), or "
            + "hierarchical (COL's hierarchy from --hierarchies).")
    String tDistance = "equal";
    @Option(names = "--method", paramLabel = "NAME", description = "full-domain (default: one level per column, the optimum), "
            + "mondrian (local recoding: numbers as ranges, categories by hierarchy; k and ℓ) or mdav (numeric "
            + "quasi-identifiers replaced by means of groups of k to 2k−1).")
    String method = "full-domain";
    @Option(names = "--suppression", paramLabel = "F", description = "The largest fraction of records that may be suppressed, "
            + "in [0, 1] (default 0).")
    double suppression;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Write the anonymized data here (CSV, TSV, "
            + "JSON lines or Parquet by the name; '-' for standard output).")
    String outFile;
    @Option(names = "--risk-threshold", paramLabel = "P", description = "A record is at risk above this re-identification "
            + "probability (default 0.2).")
    double riskThreshold = 0.2;
    @Option(names = "--sampling-fraction", paramLabel = "F", description = "The share of the population in the data, for the "
            + "population-uniqueness estimates (Pitman, Zayatz, SNB); without it they are not made.")
    Double samplingFraction;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.anonymize/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page of the report.")
    Path html;
    @CommandLine.Mixin
    AnonymizeDownstream downstream = new AnonymizeDownstream();
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String m = method.toLowerCase(Locale.ROOT);
        if (!List.of("full-domain", "mondrian", "mdav").contains(m)) {
            throw new InputException("--method " + method + ": use full-domain, mondrian or mdav");
        }
        boolean downstreamAsked = downstream.check();
        if (!m.equals("full-domain")) {
            if (downstreamAsked) {
                throw new InputException("--downstream-label is for --method full-domain (the test data are generalized as the "
                        + "release was)");
            }
            return local(m, out, err);
        }
        if (hierarchies == null) {
            throw new InputException("the full-domain method needs --hierarchies DIR");
        }
        Map<String, Path> files = HierarchyFiles.find(hierarchies, quasiIdentifiers, "--hierarchies");
        try (OutputPlan outputs = OutputPlan.protecting(out, inputs(files))) {
            outputs.add("out", outFile).add("json", json).add("html", html);
            Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
            Map<String, Hierarchy> hs = new LinkedHashMap<>();
            files.forEach((c, p) -> hs.put(c, Hierarchy.read(c, p)));
            List<PrivacyModel> models = kAndDiversity();
            for (String t : tCloseness) {
                String[] cv = split(t, "--t-closeness");
                double tt = number(cv[1], "--t-closeness", t);
                models.add(switch (tDistance.toLowerCase(Locale.ROOT)) {
                    case "equal" -> PrivacyModel.TCloseness.equal(cv[0], tt);
                    case "ordered" -> PrivacyModel.TCloseness.ordered(cv[0], tt);
                    case "hierarchical" -> {
                        Path p = HierarchyFiles.find(hierarchies, List.of(cv[0]), "--hierarchies").get(cv[0]);
                        yield PrivacyModel.TCloseness.hierarchical(cv[0], tt, Hierarchy.read(cv[0], p));
                    }
                    default -> throw new InputException("--t-distance " + tDistance + ": use equal, ordered or hierarchical");
                });
            }
            if (models.isEmpty()) {
                throw new InputException("anonymize needs a privacy model: --k, --l-diversity or --t-closeness");
            }
            AnonymizationSpec s = new AnonymizationSpec(quasiIdentifiers, hs, models, suppression);
            Anonymization a = Anonymizer.anonymize(frame, s);
            RiskSettings rs = new RiskSettings(riskThreshold, samplingFraction == null ? Double.NaN : samplingFraction, null);
            RiskReport before = ReidentificationRisk.of(frame, quasiIdentifiers, rs);
            RiskReport after = ReidentificationRisk.of(a.output(), quasiIdentifiers, rs);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", data.data);
            settings.put("quasi_identifiers", quasiIdentifiers);
            Map<String, String> hf = new LinkedHashMap<>();
            files.forEach((c, p) -> hf.put(c, p.toString()));
            settings.put("hierarchies", hf);
            settings.put("k", k);
            settings.put("l_diversity", lDiversity.isEmpty() ? null : Map.of("columns", lDiversity, "kind", diversity));
            settings.put("t_closeness", tCloseness.isEmpty() ? null : Map.of("columns", tCloseness, "distance", tDistance));
            settings.put("suppression", suppression);
            String cost = downstreamAsked ? downstream.report(frame, a, hs, data, err) : "";
            outputs.writeFrame("out", a.output());
            outputs.writeString("json", AnonymizationJson.anonymize(settings, a, before, after));
            outputs.writeString("html", AnonymizationHtml.render(data.data, a, before, after));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(AnonymizationText.anonymize(a, before, after));
                out.println("  written: " + outputs.shown("out"));
                out.print(cost);
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /** k-anonymity (with --k) and each --l-diversity COL:L of the --diversity kind. */
    private List<PrivacyModel> kAndDiversity() {
        List<PrivacyModel> models = new ArrayList<>();
        if (k != null) {
            models.add(new PrivacyModel.KAnonymity(k));
        }
        for (String l : lDiversity) {
            String[] cv = split(l, "--l-diversity");
            double ell = number(cv[1], "--l-diversity", l);
            models.add(switch (diversity.toLowerCase(Locale.ROOT)) {
                case "distinct" -> new PrivacyModel.LDiversity(cv[0], PrivacyModel.Diversity.DISTINCT, ell, 0);
                case "entropy" -> new PrivacyModel.LDiversity(cv[0], PrivacyModel.Diversity.ENTROPY, ell, 0);
                case "recursive" -> new PrivacyModel.LDiversity(cv[0], PrivacyModel.Diversity.RECURSIVE, ell, recursiveC);
                default -> throw new InputException("--diversity " + diversity + ": use distinct, entropy or recursive");
            });
        }
        return models;
    }

    /** The inputs no output may overwrite: the data, every hierarchy file read and the downstream test data. */
    private Object[] inputs(Map<String, Path> files) {
        List<Object> protect = new ArrayList<>(List.of("data", data.data));
        if (downstream.downstreamTest != null && Files.exists(Path.of(downstream.downstreamTest))) {
            protect.add("downstream-test");
            protect.add(Path.of(downstream.downstreamTest));
        }
        files.forEach((c, p) -> {
            protect.add("hierarchies");
            protect.add(p);
        });
        return protect.toArray();
    }

    /** Mondrian or MDAV: local recoding, no suppression, its own information loss. */
    private Integer local(String m, PrintWriter out, PrintWriter err) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String o : List.of("--suppression", "--html")) {
            if (parsed.hasMatchedOption(o)) {
                throw new InputException(o + " is for --method full-domain");
            }
        }
        if (m.equals("mdav") && (!lDiversity.isEmpty() || !tCloseness.isEmpty() || hierarchies != null)) {
            throw new InputException("--method mdav takes --k only (no --l-diversity, --t-closeness or --hierarchies)");
        }
        if (!tCloseness.isEmpty()) {
            throw new InputException("--method mondrian takes --k and --l-diversity; --t-closeness is for --method full-domain");
        }
        if (k == null && (m.equals("mdav") || lDiversity.isEmpty())) {
            throw new InputException("--method " + m + " needs --k");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        if (hierarchies != null) {
            for (String c : quasiIdentifiers) {
                try {
                    files.putAll(HierarchyFiles.find(hierarchies, List.of(c), "--hierarchies"));
                } catch (InputException e) {
                    if (!e.getMessage().contains("has no hierarchy")) {
                        throw e;
                    }
                }
            }
        }
        try (OutputPlan outputs = OutputPlan.protecting(out, inputs(files))) {
            outputs.add("out", outFile).add("json", json);
            Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
            RiskSettings rs = new RiskSettings(riskThreshold, samplingFraction == null ? Double.NaN : samplingFraction, null);
            LocalRecoding.Result r;
            if (m.equals("mdav")) {
                r = LocalRecoding.mdav(frame, quasiIdentifiers, k, rs);
            } else {
                Map<String, Hierarchy> hs = new LinkedHashMap<>();
                files.forEach((c, p) -> hs.put(c, Hierarchy.read(c, p)));
                r = LocalRecoding.mondrian(frame, quasiIdentifiers, hs, kAndDiversity(), rs);
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", data.data);
            settings.put("quasi_identifiers", quasiIdentifiers);
            Map<String, String> hf = new LinkedHashMap<>();
            files.forEach((c, p) -> hf.put(c, p.toString()));
            settings.put("hierarchies", hf);
            settings.put("k", k);
            settings.put("l_diversity", lDiversity.isEmpty() ? null : Map.of("columns", lDiversity, "kind", diversity));
            outputs.writeFrame("out", r.release());
            outputs.writeString("json", AnonymizationJson.local(settings, m, frame.rowCount(), r.classes(), r.measure(), r.loss(), r.before(),
                    r.after()));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(AnonymizationText.local(m.equals("mdav") ? "MDAV microaggregation" : "Mondrian local recoding",
                        frame.rowCount(), r.classes(), r.measure(), r.loss(), r.before(), r.after()));
                out.println("  written: " + outputs.shown("out"));
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /** COL:VALUE, split at the last colon (a column name may hold one). */
    static String[] split(String s, String option) {
        int i = s.lastIndexOf(':');
        if (i <= 0 || i == s.length() - 1) {
            throw new InputException(option + " " + s + ": give COLUMN:VALUE, e.g. " + option + " diagnosis:3");
        }
        return new String[]{s.substring(0, i), s.substring(i + 1)};
    }

    static double number(String s, String option, String whole) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new InputException(option + " " + whole + ": '" + s + "' is not a number");
        }
    }
}
