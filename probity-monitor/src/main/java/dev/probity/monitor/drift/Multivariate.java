package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables turned into vectors for the multivariate tests ({@link Mmd}), and two tables stacked for the
 * {@link DomainClassifier}.
 *
 * <p>The encoding, fitted on the reference only so that the current data cannot move it:
 * <ul>
 *   <li>a numerical column becomes its z-score (reference mean and population standard deviation; a constant column
 *   is centred only); a missing value becomes 0 — the reference mean — and, when either side has a missing value,
 *   a 0/1 column "name is missing" is added;</li>
 *   <li>any other column becomes one 0/1 column per value, for the {@link #MAX_LEVELS} values most frequent in the
 *   reference (ties by name), plus "other" for every other value, including values the reference never had, and
 *   "missing" when either side has one. Each one-hot block is scaled by 1/√2, so two rows that differ in one
 *   category are at distance 1 — one standard deviation of a number.</li>
 * </ul>
 */
public final class Multivariate {
    /** The values of a categorical column that get their own 0/1 column. */
    public static final int MAX_LEVELS = 50;

    private Multivariate() {
    }

    /**
     * Both multivariate tests on the named columns: maximum mean discrepancy on the encoded rows, and the domain
     * classifier with {@code trainer} (null: not run).
     *
     * @param features the encoded coordinates MMD compared
     * @param drifted  whether either test says the data moved
     */
    public record Report(List<String> columns, List<String> features, Mmd.Result mmd, DomainClassifier.Result classifier, boolean drifted) {
    }

    public static Report run(Frame reference, Frame current, List<String> columns, Mmd.Settings mmd,
                             dev.probity.core.model.Trainer trainer, DomainClassifier.Settings classifier) {
        if (columns.isEmpty()) {
            throw new InputException("no column to compare: the multivariate tests need at least one");
        }
        Encoded e = encode(reference, current, columns);
        Mmd.Result m = Mmd.test(e.reference(), e.current(), mmd);
        DomainClassifier.Result c = trainer == null ? null : DomainClassifier.test(reference, current, columns, trainer, classifier);
        return new Report(List.copyOf(columns), e.features(), m, c, m.drifted() || (c != null && c.drifted()));
    }

    /** The two tables as vectors, and the name of each vector coordinate. */
    public record Encoded(double[][] reference, double[][] current, List<String> features) {
    }

    public static Encoded encode(Frame reference, Frame current, List<String> columns) {
        List<double[][]> refParts = new ArrayList<>();
        List<double[][]> curParts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : columns) {
            Column r = reference.column(c);
            Column k = current.column(c);
            boolean anyMissing = r.missing().any() || k.missing().any();
            if (numeric(r) && numeric(k)) {
                double mean = 0;
                int n = 0;
                for (int i = 0; i < r.size(); i++) {
                    if (!r.isMissing(i)) {
                        mean += value(r, i);
                        n++;
                    }
                }
                if (n == 0) {
                    throw new InputException(reference.source() + ": column '" + c + "' has no value to scale by");
                }
                mean /= n;
                double ss = 0;
                for (int i = 0; i < r.size(); i++) {
                    if (!r.isMissing(i)) {
                        ss += (value(r, i) - mean) * (value(r, i) - mean);
                    }
                }
                double sd = Math.sqrt(ss / n);
                double scale = sd > 0 ? sd : 1;
                names.add(c);
                if (anyMissing) {
                    names.add(c + " is missing");
                }
                refParts.add(numbers(r, mean, scale, anyMissing));
                curParts.add(numbers(k, mean, scale, anyMissing));
            } else {
                List<String> levels = levels(r);
                Map<String, Integer> index = new HashMap<>();
                for (String l : levels) {
                    index.put(l, index.size());
                    names.add(c + " = " + l);
                }
                int other = index.size();
                names.add(c + " = (other)");
                int missing = anyMissing ? other + 1 : -1;
                if (anyMissing) {
                    names.add(c + " is missing");
                }
                int width = other + 1 + (anyMissing ? 1 : 0);
                refParts.add(oneHot(r, index, other, missing, width));
                curParts.add(oneHot(k, index, other, missing, width));
            }
        }
        return new Encoded(join(refParts, reference.rowCount()), join(curParts, current.rowCount()), List.copyOf(names));
    }

    /**
     * The reference's rows then the current data's, in the named columns, and a column {@code label} that is 0 for
     * a reference row and 1 for a current one. A column numerical on both sides stays numerical; any other becomes
     * text, keeping the reference's {@link #MAX_LEVELS} most frequent values and "(other)" for the rest — so that an
     * identifier does not become one feature per row.
     */
    public static Frame stack(Frame reference, Frame current, List<String> columns, String label) {
        List<Column> out = new ArrayList<>();
        for (String c : columns) {
            if (c.equals(label)) {
                throw new InputException("a column is already named '" + label + "'");
            }
            Column r = reference.column(c);
            Column k = current.column(c);
            boolean num = numeric(r) && numeric(k);
            ColumnBuilder b = new ColumnBuilder(c, num ? ColumnType.DOUBLE : ColumnType.STRING);
            java.util.Set<String> kept = num ? null : new java.util.HashSet<>(levels(r));
            for (Column col : List.of(r, k)) {
                for (int i = 0; i < col.size(); i++) {
                    if (col.isMissing(i)) {
                        b.addMissing();
                    } else if (num) {
                        b.addDouble(value(col, i));
                    } else {
                        String v = col.format(i);
                        b.addString(kept.contains(v) ? v : "(other)");
                    }
                }
            }
            out.add(b.build());
        }
        double[] y = new double[reference.rowCount() + current.rowCount()];
        java.util.Arrays.fill(y, reference.rowCount(), y.length, 1);
        out.add(DoubleColumn.of(label, y));
        return new Frame(reference.source() + " + " + current.source(), out);
    }

    static boolean numeric(Column c) {
        return c instanceof DoubleColumn || c instanceof LongColumn;
    }

    static double value(Column c, int i) {
        return c instanceof DoubleColumn d ? d.getDouble(i) : ((LongColumn) c).getLong(i);
    }

    private static double[][] numbers(Column c, double mean, double scale, boolean indicator) {
        double[][] v = new double[c.size()][indicator ? 2 : 1];
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i) || !Double.isFinite(value(c, i))) {
                if (indicator) {
                    v[i][1] = 1;
                }
            } else {
                v[i][0] = (value(c, i) - mean) / scale;
            }
        }
        return v;
    }

    private static List<String> levels(Column r) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < r.size(); i++) {
            if (!r.isMissing(i)) {
                counts.merge(r.format(i), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEVELS).map(Map.Entry::getKey).sorted(Comparator.naturalOrder()).toList();
    }

    private static double[][] oneHot(Column c, Map<String, Integer> index, int other, int missing, int width) {
        double w = Math.sqrt(0.5);
        double[][] v = new double[c.size()][width];
        for (int i = 0; i < c.size(); i++) {
            int j = c.isMissing(i) ? missing : index.getOrDefault(c.format(i), other);
            v[i][j] = w;
        }
        return v;
    }

    private static double[][] join(List<double[][]> parts, int rows) {
        int width = 0;
        for (double[][] p : parts) {
            width += p.length == 0 ? 0 : p[0].length;
        }
        double[][] out = new double[rows][width];
        int at = 0;
        for (double[][] p : parts) {
            if (p.length == 0) {
                continue;
            }
            int w = p[0].length;
            for (int i = 0; i < rows; i++) {
                System.arraycopy(p[i], 0, out[i], at, w);
            }
            at += w;
        }
        return out;
    }
}
