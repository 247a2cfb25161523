package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.model.Binarization;
import dev.probity.fairness.data.DataAuditResult.Finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data bias report (EU AI Act Art. 10(2)(f)–(g): examine training data for possible biases): representation
 * against a reference population, label gaps (also within strata of a legitimate factor), missingness by group,
 * and proxies of each protected attribute. Works on the rows only — no model is needed, except the optional
 * model on all features that {@link DataAuditSpec#proxyModel()} supplies.
 */
public final class DataAudit {
    /** A protected attribute with more distinct values than this draws a warning. */
    static final int MANY_GROUPS = 50;

    private DataAudit() {
    }

    public static DataAuditResult run(Frame frame, DataAuditSpec spec) {
        return run(frame, spec, w -> { });
    }

    public static DataAuditResult run(Frame frame, DataAuditSpec spec, Consumer<String> warnings) {
        frame.requireRows();
        List<String> prot = new ArrayList<>();
        for (String p : spec.protectedAttributes()) {
            prot.add(resolve(frame, p, "protected attribute"));
        }
        if (new LinkedHashSet<>(prot).size() != prot.size()) {
            throw new InputException("a protected attribute is named twice: " + spec.protectedAttributes());
        }
        String label = spec.label() == null ? null : resolve(frame, spec.label(), "label");
        String strata = spec.strata() == null ? null : resolve(frame, spec.strata(), "strata");
        if (label != null && prot.contains(label)) {
            throw new InputException("'" + label + "' is both the label and a protected attribute");
        }
        if (strata != null && (prot.contains(strata) || strata.equals(label))) {
            throw new InputException("the legitimate factor '" + strata + "' cannot also be the label or a protected attribute");
        }
        List<String> features = new ArrayList<>();
        if (spec.features().isEmpty()) {
            for (String c : frame.columnNames()) {
                if (!prot.contains(c) && !c.equals(label)) {
                    features.add(c);
                }
            }
        } else {
            for (String f : spec.features()) {
                String c = resolve(frame, f, "feature");
                if (prot.contains(c) || c.equals(label)) {
                    throw new InputException("'" + c + "' is a protected attribute or the label, not a feature to test as a proxy");
                }
                features.add(c);
            }
        }
        List<List<String>> groupings = groupings(prot, spec.intersections());
        List<Coded> coded = new ArrayList<>();
        for (List<String> cols : groupings) {
            coded.add(Coded.of(frame, cols));
        }
        for (Coded c : coded) {
            if (c.columns().size() == 1 && c.count() > MANY_GROUPS) {
                warnings.accept("the protected attribute '" + c.attribute() + "' has " + c.count() + " distinct values; each is a group"
                        + " (is it a number to band first, e.g. with a derived column?)");
            }
            if (c.columns().size() == 1 && frame.column(c.attribute()).missing().any()) {
                int m = frame.column(c.attribute()).missing().count();
                warnings.accept(String.format(java.util.Locale.ROOT, "the protected attribute '%s' is missing in %,d rows (%.1f%%): they form"
                        + " the group '%s', which no population names", c.attribute(), m, 100.0 * m / frame.rowCount(), Grouping.MISSING_LABEL));
            }
        }
        if (spec.population() != null) {
            List<String> unused = Representations.unused(spec.population(), coded);
            if (!unused.isEmpty()) {
                warnings.accept("the reference population gives " + unused + ", which no protected attribute (or intersection, with"
                        + " intersections on) of this report is; names must match the data's columns exactly");
            }
        }

        Binarization.Binary y = null;
        if (label != null) {
            y = binaryLabel(frame, label, spec.positive());
        }

        List<DataAuditResult.Representation> representation = new ArrayList<>();
        List<DataAuditResult.LabelGaps> labels = new ArrayList<>();
        for (Coded g : coded) {
            representation.add(Representations.of(g, spec, warnings));
            if (y != null) {
                labels.add(LabelGapsCalc.of(g, frame, y.values(), frame.column(label), strata == null ? null : frame.column(strata), spec));
            }
        }
        List<DataAuditResult.Missingness> missing = new ArrayList<>();
        List<DataAuditResult.Proxies> proxies = new ArrayList<>();
        byte[] fold = ProxyMeasures.folds(frame.rowCount(), spec.folds(), spec.seed());
        for (Coded g : coded) {
            if (g.columns().size() != 1) {
                continue;
            }
            missing.add(MissingnessCalc.of(g, frame, prot, spec));
            proxies.add(ProxyMeasures.of(g, frame, features, spec, fold, warnings));
        }
        String positive = y == null ? null : y.positive();
        DataAuditResult.Roles roles = new DataAuditResult.Roles(prot, spec.intersections(), label, positive, strata, features,
                spec.population() == null ? null : spec.population().origin());
        DataAuditResult.Settings settings = new DataAuditResult.Settings(spec.confidence(), spec.tolerance(), spec.minGroupSize(),
                spec.folds(), spec.bins(), spec.proxyModelRows(), spec.seed());
        DataAuditResult.Input input = new DataAuditResult.Input(frame.source(), frame.rowCount(), frame.columnCount());
        DataAuditResult partial = new DataAuditResult(input, roles, settings, representation, labels, missing, proxies, List.of(), List.of());
        List<Finding> findings = DataFindings.of(partial);
        return new DataAuditResult(input, roles, settings, representation, labels, missing, proxies, findings, List.of());
    }

    private static String resolve(Frame frame, String name, String role) {
        if (!frame.has(name)) {
            throw new InputException("the " + role + " '" + InputException.shown(name) + "': " + frame.unknownColumnMessage(name));
        }
        return frame.resolve(name);
    }

    private static Binarization.Binary binaryLabel(Frame frame, String label, String positive) {
        try {
            return binarize(frame, label, positive);
        } catch (InputException e) {
            if (e.getMessage().contains("'task'")) {
                // the report compares the share of one label value across groups: there is no multiclass mode to suggest
                String m = e.message(k -> "{{" + k + "}}");
                int cut = m.indexOf(", or ");
                throw new InputException((cut > 0 ? m.substring(0, cut) : m)
                        + "; the data report compares the share of that value across groups");
            }
            throw e;
        }
    }

    private static Binarization.Binary binarize(Frame frame, String label, String positive) {
        Column c = frame.column(label);
        if (c.missing().any()) {
            // binarize the rows that have a label; the others are counted as missing labels
            int n = frame.rowCount();
            int[] keep = new int[n - c.missing().count()];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!c.isMissing(i)) {
                    keep[k++] = i;
                }
            }
            if (keep.length == 0) {
                throw new InputException("the label '" + label + "' is missing in every row");
            }
            Frame sub = frame.select(keep);
            Binarization.Binary b = Binarization.of(sub.column(label), positive, "label", sub);
            byte[] all = new byte[n];
            java.util.Arrays.fill(all, (byte) -1);
            for (int i = 0; i < keep.length; i++) {
                all[keep[i]] = b.values()[i];
            }
            return new Binarization.Binary(all, b.positive());
        }
        return Binarization.of(c, positive, "label", frame);
    }

    static List<List<String>> groupings(List<String> prot, boolean intersections) {
        List<List<String>> out = new ArrayList<>();
        for (String p : prot) {
            out.add(List.of(p));
        }
        if (intersections && prot.size() > 1) {
            int m = prot.size();
            for (int mask = 1; mask < (1 << m); mask++) {
                if (Integer.bitCount(mask) < 2) {
                    continue;
                }
                List<String> cols = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    if ((mask & (1 << j)) != 0) {
                        cols.add(prot.get(j));
                    }
                }
                out.add(cols);
            }
        }
        return out;
    }

    /**
     * One grouping's rows as dense group codes {@code 0..k-1}, groups ordered by size (largest first) then name, as
     * the audit orders them; groups without rows are left out.
     */
    record Coded(List<String> columns, String attribute, int[] codes, String[] names, long[] sizes) {
        int count() {
            return names.length;
        }

        long rows() {
            return codes.length;
        }

        static Coded of(Frame frame, List<String> cols) {
            Grouping g = frame.groupBy(cols);
            int[] raw = g.rowGroups();
            long[] rawSizes = new long[g.groupCount()];
            for (int r : raw) {
                rawSizes[r]++;
            }
            List<Integer> kept = new ArrayList<>();
            for (int k = 0; k < rawSizes.length; k++) {
                if (rawSizes[k] > 0) {
                    kept.add(k);
                }
            }
            String[] rawNames = new String[rawSizes.length];
            for (int k : kept) {
                rawNames[k] = String.join(" & ", g.labels(k));
            }
            kept.sort(Comparator.<Integer>comparingLong(k -> -rawSizes[k]).thenComparing(k -> rawNames[k]));
            int[] map = new int[rawSizes.length];
            String[] names = new String[kept.size()];
            long[] sizes = new long[kept.size()];
            for (int j = 0; j < kept.size(); j++) {
                map[kept.get(j)] = j;
                names[j] = rawNames[kept.get(j)];
                sizes[j] = rawSizes[kept.get(j)];
            }
            int[] codes = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                codes[i] = map[raw[i]];
            }
            return new Coded(List.copyOf(g.attributes()), String.join("&", g.attributes()), codes, names, sizes);
        }
    }
}
