package dev.probity.spark;

import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The benchmark table of shared/bench/synthetic-audit-table.md (group, y_true, y_pred; seed 20240601), from its published
 * counter-based definition: in memory as a frame, and on Spark generated inside the executors, row i from counter 3i.
 */
final class SyntheticRows {
    static final long SEED = 20240601L;
    private static final double[] BASE = {0.30, 0.40, 0.50};
    private static final double[] TPR = {0.80, 0.70, 0.60};
    private static final double[] FPR = {0.10, 0.20, 0.30};

    private SyntheticRows() {
    }

    static double u(long j) {
        return (SplitMix64.mix(SEED + (j + 1) * SplitMix64.GOLDEN) >>> 11) * 0x1.0p-53;
    }

    /** Row i as {group code, label, prediction}. */
    static int[] row(long i) {
        double a = u(3 * i);
        int group = a < 0.5 ? 0 : a < 0.8 ? 1 : 2;
        int label = u(3 * i + 1) < BASE[group] ? 1 : 0;
        double c = u(3 * i + 2);
        int pred = (label == 1 ? c < TPR[group] : c < FPR[group]) ? 1 : 0;
        return new int[] {group, label, pred};
    }

    /** The first {@code rows} rows; groups coded in order of first appearance, as a reader of the CSV codes them. */
    static Frame frame(int rows) {
        int[] codes = new int[rows];
        long[] y = new long[rows];
        long[] p = new long[rows];
        int[] codeOf = {-1, -1, -1};
        List<String> dict = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int[] r = row(i);
            if (codeOf[r[0]] < 0) {
                codeOf[r[0]] = dict.size();
                dict.add(String.valueOf((char) ('A' + r[0])));
            }
            codes[i] = codeOf[r[0]];
            y[i] = r[1];
            p[i] = r[2];
        }
        return new Frame("synthetic", List.of(new StringColumn("group", codes, dict.toArray(String[]::new)),
                LongColumn.of("y_true", y), LongColumn.of("y_pred", p)));
    }

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("group", DataTypes.StringType, false),
            DataTypes.createStructField("y_true", DataTypes.LongType, false),
            DataTypes.createStructField("y_pred", DataTypes.LongType, false)));

    /** The same rows generated on the executors, {@code partitions} contiguous ranges in row order. */
    static Dataset<Row> dataset(SparkSession spark, long rows, int partitions) {
        var ids = spark.range(0, rows, 1, partitions).javaRDD();
        var generated = ids.mapPartitions((Iterator<Long> it) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                int[] r = row(it.next());
                return RowFactory.create(String.valueOf((char) ('A' + r[0])), (long) r[1], (long) r[2]);
            }
        });
        return spark.createDataFrame(generated, SCHEMA);
    }
}
