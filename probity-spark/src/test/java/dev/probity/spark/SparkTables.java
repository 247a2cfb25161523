package dev.probity.spark;

import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: one local Spark per test class, and frames as datasets with the rows in order. */
final class SparkTables {
    private SparkTables() {
    }

    /** Two local cores, bound to the loopback address, without the web UI. */
    static SparkSession local(String name) {
        return SparkSession.builder().appName(name).master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
    }

    /** The frame's rows in {@code partitions} contiguous slices, in row order; missing values are nulls. */
    static Dataset<Row> dataset(SparkSession spark, Frame f, int partitions) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : f.columns()) {
            DataType t = switch (c) {
                case LongColumn l -> DataTypes.LongType;
                case DoubleColumn d -> DataTypes.DoubleType;
                case BooleanColumn b -> DataTypes.BooleanType;
                case StringColumn s -> DataTypes.StringType;
            };
            fields.add(DataTypes.createStructField(c.name(), t, true));
        }
        List<Row> rows = new ArrayList<>(f.rowCount());
        for (int i = 0; i < f.rowCount(); i++) {
            Object[] v = new Object[f.columnCount()];
            for (int j = 0; j < v.length; j++) {
                Column c = f.columns().get(j);
                v[j] = c.isMissing(i) ? null : c.get(i);
            }
            rows.add(RowFactory.create(v));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(fields));
    }
}
