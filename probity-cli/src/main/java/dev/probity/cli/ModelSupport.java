package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.OutputKind;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options that choose and tune a trainer, shared by {@code train} and {@code mitigate}. */
final class ModelSupport {
    @Option(names = {"-m", "--model"}, paramLabel = "KIND", defaultValue = "logistic",
            description = "logistic (default), tree or xgboost.")
    String model;

    @Option(names = "--features", split = ",", paramLabel = "COL",
            description = "Feature columns (default: every column except the label, --drop and --protected when --exclude-protected).")
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

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "200", description = "XGBoost boosting rounds (default 200; early stopping on --validation).")
    int rounds;

    @Option(names = "--encode", paramLabel = "COL=ENC",
            description = "Encoding of one column: standardize, raw, quantile-bins, uniform-bins, one-hot or ordinal (repeatable).")
    List<String> encode = new ArrayList<>();

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
                XgbTrainer x = XgbTrainer.defaults().rounds(rounds);
                yield maxDepth == null ? x : x.maxDepth(maxDepth);
            }
            default -> throw new InputException("--model must be logistic, tree or xgboost, got '" + model + "'");
        };
    }

    EncodingSpec encoding(MatrixTrainer t) {
        EncodingSpec spec = t.defaultEncoding();
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

    /** A classification report of {@code model} on {@code data}. */
    static ClassificationReport report(String name, Model model, Frame data, Labels labels) {
        if (model.info().output() == OutputKind.REGRESSION) {
            throw new InputException("evaluate reports on classifiers; the model is a regressor");
        }
        List<String> modelClasses = model.info().classes();
        int[] truth = labels.codes();
        boolean numericBinary = modelClasses.equals(List.of("0", "1")) && labels.classes().size() == 2
                && labels.classes().get(0).startsWith("not ");
        if (!modelClasses.equals(labels.classes()) && !numericBinary) {
            // map label values onto the model's classes by name
            int[] mapped = new int[truth.length];
            for (int i = 0; i < truth.length; i++) {
                String v = labels.classes().get(truth[i]);
                int k = modelClasses.indexOf(v);
                if (k < 0) {
                    throw new InputException(data.source() + ": label value '" + v + "' is not a class of the model " + modelClasses
                            + "; use --positive to name the positive class");
                }
                mapped[i] = k;
            }
            truth = mapped;
        }
        return ClassificationReport.of(name, modelClasses, truth, model.predictProba(data));
    }

    static Map<String, Double> headline(ClassificationReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", r.accuracy());
        m.put("roc_auc", r.rocAuc());
        m.put("macro_f1", r.macro().f1());
        m.put("weighted_f1", r.weighted().f1());
        return m;
    }
}
