package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The options that choose and tune a trainer, shared by {@code train} and {@code mitigate}. */
final class ModelSupport {
    @Option(names = {"-m", "--model"}, paramLabel = "KIND", defaultValue = "logistic",
            description = "logistic (default), tree or xgboost.")
    String model;

    @Option(names = "--features", split = ",", paramLabel = "COL",
            description = "Feature columns (default: every column except the label and those given to --drop).")
    List<String> features;

    @Option(names = "--drop", split = ",", paramLabel = "COL", description = "Columns not to use as features, e.g. --drop fnlwgt.")
    List<String> drop = new ArrayList<>();

    @Option(names = "--penalty", paramLabel = "l2|l1|none", defaultValue = "l2", description = "Logistic regression penalty (default l2).")
    String penalty;

    @Option(names = "--C", paramLabel = "C", defaultValue = "1.0",
            description = "Inverse regularization strength, as scikit-learn's C (default 1).")
    double c;

    @Option(names = "--max-depth", paramLabel = "N", description = "Tree depth (tree: 6, xgboost: 6).")
    Integer maxDepth;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "200", description = "XGBoost boosting rounds (default 200; train stops early on its validation data).")
    int rounds;

    @Option(names = "--encode", paramLabel = "COL=ENC",
            description = "Encoding of one column: standardize, raw, quantile-bins, uniform-bins, one-hot or ordinal (repeatable).")
    List<String> encode = new ArrayList<>();

    @Option(names = "--impute", paramLabel = "mean|median|zero|none",
            description = "How missing numbers are filled before training and prediction (default: mean for logistic, none for trees, which route missing values).")
    String impute;

    @Option(names = "--prohibited", split = ",", paramLabel = "COL",
            description = "Prohibited bases to warn about when the model reads them (default: Regulation B's — race, sex, "
                    + "age, marital status, national origin… by their usual column names); 'none' for an empty list.")
    List<String> prohibited;

    @Option(names = "--verbose", description = "Let XGBoost print its evaluation after every round.")
    boolean verbose;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every random choice (default 42).")
    long seed;

    MatrixTrainer trainer() {
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "logistic", "lr", "logistic-regression" -> LinearTrainer.logistic().penalty(switch (penalty.toLowerCase(Locale.ROOT)) {
                case "l2" -> LinearTrainer.Penalty.L2;
                case "l1" -> LinearTrainer.Penalty.L1;
                case "none" -> LinearTrainer.Penalty.NONE;
                default -> throw new InputException("--penalty must be l2, l1 or none, got '" + penalty + "'");
            }, c);
            case "tree", "cart", "decision-tree" -> maxDepth == null ? TreeTrainer.defaults() : TreeTrainer.defaults().maxDepth(maxDepth);
            case "xgboost", "xgb" -> {
                XgbTrainer x = XgbTrainer.defaults().rounds(rounds).verbose(verbose);
                yield maxDepth == null ? x : x.maxDepth(maxDepth);
            }
            default -> throw new InputException("--model must be logistic, tree or xgboost, got '" + model + "'");
        };
    }

    /** The prohibited bases asked for: the given columns, none, or Regulation B's by default. */
    static List<String> prohibited(List<String> given) {
        if (given == null) {
            return dev.probity.core.model.ProhibitedBases.REGULATION_B;
        }
        return given.size() == 1 && given.get(0).trim().equalsIgnoreCase("none") ? List.of() : given;
    }

    /** Warns (standard error) when the features include prohibited bases. */
    void warnAboutProhibited(List<String> features, java.util.function.Consumer<String> warnings) {
        dev.probity.core.model.ProhibitedBases.warning(features, prohibited(prohibited)).ifPresent(warnings);
    }

    EncodingSpec encoding(MatrixTrainer t) {
        EncodingSpec spec = t.defaultEncoding();
        if (impute != null) {
            try {
                spec = spec.withImpute(EncodingSpec.Impute.valueOf(impute.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                throw new InputException("--impute must be mean, median, zero or none, got '" + impute + "'");
            }
        }
        for (String e : encode) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--encode needs COLUMN=ENCODING, got '" + e + "'");
            }
            try {
                spec = spec.withOverride(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
            } catch (IllegalArgumentException ex) {
                throw new InputException("--encode " + e + ": " + ex.getMessage());
            }
        }
        return spec;
    }

    /** The feature columns: --features, else all but the label, --drop and {@code exclude}. */
    List<String> featureColumns(Frame data, String label, List<String> exclude) {
        List<String> out = new ArrayList<>();
        if (features != null) {
            for (String f : features) {
                out.add(data.column(f).name());
            }
            return out;
        }
        for (String d : drop) {
            data.column(d); // names an unknown column clearly
        }
        for (String name : data.columnNames()) {
            boolean skip = name.equalsIgnoreCase(label) || drop.stream().anyMatch(name::equalsIgnoreCase)
                    || exclude.stream().anyMatch(name::equalsIgnoreCase);
            if (!skip) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new InputException("no feature columns are left; name them with --features");
        }
        return out;
    }
}
