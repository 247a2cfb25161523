package dev.probity.privacy.pii;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where personal data sits in a table: for each column, a sample of its non-empty values is scanned and the column
 * is said to hold a type when at least {@code minFraction} of the sampled values are mostly that type (an entity of
 * the type covers at least half of the value's non-blank characters). A column can hold several types (a "contact"
 * column with e-mail addresses and phone numbers); each is reported with its own fraction.
 *
 * <p>The sample is every k-th non-empty row (k = ⌈rows / sampleSize⌉), so it spreads over the whole table and is the
 * same on every run. Values are read as text whatever the column's type (a phone number stored as an integer is
 * still a phone number).
 */
public final class ColumnClassifier {
    /** Values sampled per column by default. */
    public static final int DEFAULT_SAMPLE = 1000;
    /** The share of sampled values that must match a type by default. */
    public static final double DEFAULT_MIN_FRACTION = 0.3;

    private final PiiScanner scanner;
    private final int sampleSize;
    private final double minFraction;

    public ColumnClassifier(PiiScanner scanner, int sampleSize, double minFraction) {
        if (sampleSize < 1) {
            throw new dev.probity.core.InputException("the sample size ({{sample}}) must be at least 1, not " + sampleSize);
        }
        if (!(minFraction > 0 && minFraction <= 1)) {
            throw new dev.probity.core.InputException("the minimum fraction ({{min-fraction}}) must be in (0, 1], not " + minFraction);
        }
        this.scanner = scanner;
        this.sampleSize = sampleSize;
        this.minFraction = minFraction;
    }

    public static ColumnClassifier defaults(PiiScanner scanner) {
        return new ColumnClassifier(scanner, DEFAULT_SAMPLE, DEFAULT_MIN_FRACTION);
    }

    /** The findings of every column, in column order, each column's types by descending fraction. */
    public List<ColumnFinding> classify(Frame frame) {
        List<ColumnFinding> out = new ArrayList<>();
        for (Column c : frame.columns()) {
            out.addAll(classify(c));
        }
        return out;
    }

    /** The findings of one column. */
    public List<ColumnFinding> classify(Column column) {
        int rows = column.size();
        int present = 0;
        for (int r = 0; r < rows; r++) {
            if (!column.isMissing(r)) {
                present++;
            }
        }
        if (present == 0) {
            return List.of();
        }
        int step = Math.max(1, (present + sampleSize - 1) / sampleSize);
        Map<PiiType, int[]> matched = new EnumMap<>(PiiType.class);
        Map<PiiType, double[]> scores = new EnumMap<>(PiiType.class);
        int sampled = 0;
        int k = 0;
        for (int r = 0; r < rows && sampled < sampleSize; r++) {
            if (column.isMissing(r)) {
                continue;
            }
            if (k++ % step != 0) {
                continue;
            }
            String v = column.format(r);
            sampled++;
            int nonBlank = 0;
            for (int i = 0; i < v.length(); i++) {
                if (!Character.isWhitespace(v.charAt(i))) {
                    nonBlank++;
                }
            }
            Map<PiiType, Integer> covered = new EnumMap<>(PiiType.class);
            Map<PiiType, Double> best = new EnumMap<>(PiiType.class);
            for (Entity e : scanner.scan(v)) {
                covered.merge(e.type(), e.length(), Integer::sum);
                best.merge(e.type(), e.score(), Math::max);
            }
            for (var en : covered.entrySet()) {
                if (2 * en.getValue() >= nonBlank) {
                    matched.computeIfAbsent(en.getKey(), t -> new int[1])[0]++;
                    scores.computeIfAbsent(en.getKey(), t -> new double[1])[0] += best.get(en.getKey());
                }
            }
        }
        List<ColumnFinding> out = new ArrayList<>();
        for (var en : matched.entrySet()) {
            int m = en.getValue()[0];
            double fraction = (double) m / sampled;
            if (fraction >= minFraction) {
                out.add(new ColumnFinding(column.name(), en.getKey(), sampled, m, fraction, scores.get(en.getKey())[0] / m));
            }
        }
        out.sort(Comparator.comparingDouble(ColumnFinding::fraction).reversed().thenComparing(ColumnFinding::type));
        return out;
    }
}
