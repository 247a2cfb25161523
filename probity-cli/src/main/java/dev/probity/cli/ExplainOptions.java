package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code probity explain} explains and how: the rows, the method and the library's {@link ExplainSettings}. */
final class ExplainOptions {
    @Option(names = "--row", paramLabel = "N", description = "The row to explain (1-based; default 1).")
    Integer row;


    @Option(names = "--rows", paramLabel = "LIST", description = "Rows to explain: 1-100, or 3,7,12.")
    String rows;


    @Option(names = "--method", defaultValue = "kernel-shap", paramLabel = "METHOD", description = "One of the methods listed above (default kernel-shap).")
    String method;


    @Option(names = "--background", paramLabel = "FILE|DATASET", description = "Background and training rows (default: --data).")
    String background;


    @Option(names = "--background-size", defaultValue = "20", paramLabel = "K", description = "Background rows after summarizing (default 20).")
    int backgroundSize;


    @Option(names = "--summarize", defaultValue = "kmeans", paramLabel = "kmeans|sample", description = "How the background is summarized (default kmeans).")
    String summarize;


    @Option(names = "--samples", defaultValue = "0", paramLabel = "N", description = "kernel-shap coalitions (0: 2M + 2048) or LIME samples (0: 5000).")
    int samples;


    @Option(names = "--top", defaultValue = "0", paramLabel = "K", description = "Keep only the K largest features (kernel-shap sparsity rule, LIME feature count).")
    int top;


    @Option(names = "--interventional", description = "tree-shap: the background game instead of the path-dependent one.")
    boolean interventional;

    @Option(names = "--interactions", description = "tree-shap: also SHAP interaction values, features × features per row "
            + "(in --json and --csv; the terminal shows the strongest pairs).")
    boolean interactions;


    @Option(names = "--output", defaultValue = "margin", paramLabel = "margin|probability",
            description = "tree-shap: explain the raw score (default) or the probability of a logistic model (interventional, "
                    + "rescaled per background row as the shap package does).")
    String output;


    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Counterfactuals may not change these (e.g. race,sex,age).")
    List<String> immutable = new ArrayList<>();


    @Option(names = "--range", paramLabel = "COL=LO:HI", description = "Counterfactual values of a number stay in [LO, HI] (repeatable).")
    List<String> ranges = new ArrayList<>();


    @Option(names = "--monotone", paramLabel = "COL=increase|decrease", description = "A number may only move one way (repeatable).")
    List<String> monotone = new ArrayList<>();


    @Option(names = "--group", paramLabel = "NAME=COL,COL", description = "SHAP methods: explain several columns as one feature (repeatable), "
            + "e.g. --group 'address=city,zip'.")
    List<String> groupSpecs = new ArrayList<>();


    @Option(names = "--count", defaultValue = "4", paramLabel = "N", description = "Counterfactuals per row (default 4).")
    int count;


    @Option(names = "--max-reasons", defaultValue = "4", paramLabel = "N", description = "Adverse-action reasons per row (default 4).")
    int maxReasons;


    @Option(names = "--reason", paramLabel = "COL=TEXT", description = "The reason statement for a feature, optionally 'CODE: text' (repeatable).")
    List<String> reasonStatements = new ArrayList<>();


    @Option(names = "--tie", paramLabel = "COL=COL",
            description = "Two features that encode one fact (e.g. education=education_num): counterfactuals change them "
                    + "together. Exact one-to-one encodings are found in the data without it (repeatable).")
    List<String> ties = new ArrayList<>();

    @Option(names = "--allow", paramLabel = "COL=A|B", description = "Counterfactual values a text feature may take (repeatable).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--prohibited", split = ",", paramLabel = "COL",
            description = "Prohibited bases: never given as reasons, never changed by counterfactuals, warned about "
                    + "(default: Regulation B's — race, color, religion, national origin, sex, marital status, age, public assistance "
                    + "and their usual column names). 'none' for an empty list.")
    List<String> prohibited;

    @Option(names = "--favourable", defaultValue = "positive", paramLabel = "positive|negative",
            description = "Which class is the favourable outcome, for reasons (default positive).")
    String favourable;


    @Option(names = {"-l", "--label"}, paramLabel = "COL", description = "global: the label column, for permutation importance.")
    String label;


    @Option(names = "--positive", paramLabel = "VALUE", description = "global: the label value of the positive class.")
    String positive;


    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N", description = "global: rows used (the first N; default 1000).")
    int sample;


    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of sampling and summarizing (default 42).")
    long seed;


    ExplainMethod parseMethod() {
        try {
            return ExplainMethod.parse(method);
        } catch (InputException e) {
            throw new InputException("unknown --method '" + method
                    + "'; use tree-shap, kernel-shap, exact-shap, permutation-shap, linear-shap, lime, counterfactual, reasons or global");
        }
    }

    /** The options as the library's settings; malformed values name their option. */
    ExplainSettings settings() {
        boolean kmeans = switch (summarize.toLowerCase(Locale.ROOT)) {
            case "kmeans" -> true;
            case "sample" -> false;
            default -> throw new InputException("--summarize must be kmeans or sample, got '" + summarize + "'");
        };
        boolean probability = switch (output.toLowerCase(Locale.ROOT)) {
            case "margin", "raw" -> false;
            case "probability" -> true;
            default -> throw new InputException("--output must be margin or probability, got '" + output + "'");
        };
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String g : groupSpecs) {
            int eq = g.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--group needs NAME=COL,COL, got '" + g + "'");
            }
            groups.put(g.substring(0, eq).trim(), List.of(g.substring(eq + 1).split(",")));
        }
        Map<String, double[]> rangeMap = new LinkedHashMap<>();
        for (String r : ranges) {
            int eq = r.indexOf('=');
            int colon = r.indexOf(':', eq + 1);
            if (eq <= 0 || colon < 0) {
                throw new InputException("--range needs COLUMN=LO:HI, got '" + r + "'");
            }
            try {
                rangeMap.put(r.substring(0, eq), new double[] {Double.parseDouble(r.substring(eq + 1, colon)),
                    Double.parseDouble(r.substring(colon + 1))});
            } catch (NumberFormatException e) {
                throw new InputException("--range " + r + ": LO and HI must be numbers");
            }
        }
        Map<String, String> directions = new LinkedHashMap<>();
        for (String d : monotone) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--monotone needs COLUMN=increase|decrease, got '" + d + "'");
            }
            directions.put(d.substring(0, eq), d.substring(eq + 1));
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (String st : reasonStatements) {
            int eq = st.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--reason needs COLUMN=STATEMENT, got '" + st + "'");
            }
            statements.put(st.substring(0, eq).trim(), st.substring(eq + 1).trim());
        }
        return ExplainSettings.defaults().withBackground(backgroundSize, kmeans).withSamples(samples, top)
                .withTreeOutput(interventional, probability).withGroups(groups)
                .withCounterfactualRules(immutable, rangeMap, directions, count)
                .withReasons(maxReasons, statements, !favourable.equalsIgnoreCase("negative"))
                .withGlobal(label, positive, sample).withSeed(seed).withProhibited(ModelSupport.prohibited(prohibited))
                .withTies(pairs("--tie", ties), allowed()).withInteractions(interactions);
    }

    private static Map<String, String> pairs(String option, List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : given) {
            int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new InputException(option + " needs COLUMN=COLUMN, got '" + t + "'");
            }
            out.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
        }
        return out;
    }

    private Map<String, List<String>> allowed() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        pairs("--allow", allow).forEach((col, values) -> out.put(col, List.of(values.split("\\|"))));
        return out;
    }

    List<Integer> pickRows(int n) {
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        if (rows != null && row != null) {
            throw new InputException("give --row or --rows, not both");
        }
        if (rows != null) {
            for (String part : rows.split(",")) {
                String p = part.trim();
                try {
                    int dash = p.indexOf('-');
                    if (dash > 0) {
                        int a = Integer.parseInt(p.substring(0, dash).trim());
                        int b = Integer.parseInt(p.substring(dash + 1).trim());
                        if (b < a) {
                            throw new InputException("--rows " + p + " is an empty range: the first row must not come after the last");
                        }
                        check(a, n);
                        check(b, n);
                        for (int i = a; i <= b; i++) {
                            out.add(check(i, n));
                        }
                    } else {
                        out.add(check(Integer.parseInt(p), n));
                    }
                } catch (NumberFormatException e) {
                    throw new InputException("--rows takes row numbers and ranges such as 1-10,15; got '" + p + "'");
                }
            }
        } else {
            out.add(check(row == null ? 1 : row, n));
        }
        return new ArrayList<>(out);
    }

    private static int check(int row, int n) {
        if (row < 1 || row > n) {
            throw new InputException("row " + row + " is outside the data (1.." + n + ")");
        }
        return row - 1;
    }
}
