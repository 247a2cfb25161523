package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.models.io.ModelFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A model's decisions, and why, for every row of a Spark table: the model file ({@code probity.model/v1}) is broadcast
 * to the executors once, each partition is scored a chunk of {@value ProbitySpark#CHUNK} rows at a time with the
 * library's model ({@link Model#predict}, {@link Model#score}) and, when asked, explained with path-dependent TreeSHAP
 * ({@link Explainers#explain} with {@link ExplainMethod#TREE_SHAP}), and the rows come back with new columns — to be
 * written as Parquet ({@code .write().parquet(path)}) or audited.
 *
 * <p>Columns added: {@code prediction} (the predicted class's label; the predicted value for a regressor), for a binary
 * classifier {@code score} (the probability of its class 1), and with TreeSHAP {@code shap_base} (the expected raw score)
 * and {@code shap_<feature>} for each feature the model reads, the raw score's Shapley values, which add up with the
 * base to the row's raw score.
 */
public final class SparkScoring {
    private SparkScoring() {
    }

    public static Dataset<Row> score(Dataset<Row> data, byte[] modelFile, boolean treeShap) {
        Model model = ModelFiles.fromBytes(modelFile, "the model file").model();
        if (model.info().output() == TaskKind.MULTICLASS && treeShap) {
            throw new InputException("TreeSHAP here explains binary classifiers and regressors; the model has classes "
                    + model.info().classes());
        }
        List<String> features = model.info().features().stream().map(Feature::name).toList();
        List<String> names = List.of(data.schema().fieldNames());
        for (String f : features) {
            if (!names.contains(f)) {
                throw new InputException("the model reads '" + f + "', which the data do not have; the columns are "
                        + String.join(", ", names));
            }
        }
        boolean binary = model.info().output() == TaskKind.BINARY;
        boolean regression = model.info().output() == TaskKind.REGRESSION;
        List<StructField> fields = new ArrayList<>(List.of(data.schema().fields()));
        fields.add(DataTypes.createStructField("prediction", regression ? DataTypes.DoubleType : DataTypes.StringType, true));
        if (binary) {
            fields.add(DataTypes.createStructField("score", DataTypes.DoubleType, true));
        }
        if (treeShap) {
            fields.add(DataTypes.createStructField("shap_base", DataTypes.DoubleType, true));
            for (String f : features) {
                fields.add(DataTypes.createStructField("shap_" + f, DataTypes.DoubleType, true));
            }
        }
        StructType out = DataTypes.createStructType(fields);
        StructType schema = data.schema();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[]> file = jsc.broadcast(modelFile);
        JavaRDD<Row> scored = data.javaRDD().mapPartitionsWithIndex((index, rows) -> {
            Model m = ModelFiles.fromBytes(file.value(), "the model file").model();
            return new Scored(m, rows, schema, features, binary, regression, treeShap, "partition " + index);
        }, true);
        return data.sparkSession().createDataFrame(scored, out);
    }

    /** A partition's rows with their new columns, a chunk at a time. */
    private static final class Scored implements Iterator<Row> {
        private final Model model;
        private final Iterator<Row> rows;
        private final StructType schema;
        private final List<String> features;
        private final boolean binary;
        private final boolean regression;
        private final boolean treeShap;
        private final String source;
        private final List<Row> pending = new ArrayList<>();
        private int next;

        Scored(Model model, Iterator<Row> rows, StructType schema, List<String> features, boolean binary, boolean regression,
               boolean treeShap, String source) {
            this.model = model;
            this.rows = rows;
            this.schema = schema;
            this.features = features;
            this.binary = binary;
            this.regression = regression;
            this.treeShap = treeShap;
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            if (next < pending.size()) {
                return true;
            }
            pending.clear();
            next = 0;
            if (!rows.hasNext()) {
                return false;
            }
            List<Row> chunk = new ArrayList<>();
            while (chunk.size() < ProbitySpark.CHUNK && rows.hasNext()) {
                chunk.add(rows.next());
            }
            Frame f = ProbitySpark.frame(chunk.iterator(), schema, source);
            double[] pred = model.predict(f);
            double[] score = binary ? model.score(f) : null;
            ExplainResult shap = treeShap ? Explainers.explain(model, f, null,
                    IntStream.range(0, f.rowCount()).boxed().toList(), ExplainMethod.TREE_SHAP, ExplainSettings.defaults()) : null;
            for (int i = 0; i < chunk.size(); i++) {
                Row r = chunk.get(i);
                List<Object> v = new ArrayList<>(r.size() + 3 + features.size());
                for (int j = 0; j < r.size(); j++) {
                    v.add(r.get(j));
                }
                if (Double.isNaN(pred[i])) {
                    v.add(null);
                } else {
                    v.add(regression ? (Object) pred[i] : model.info().classes().get((int) pred[i]));
                }
                if (binary) {
                    v.add(score[i]);
                }
                if (shap != null) {
                    ExplainResult.Row e = shap.rows().get(i);
                    v.add(e.explanation().base());
                    List<String> order = e.explanation().features();
                    for (String name : features) {
                        v.add(e.explanation().values()[order.indexOf(name)]);
                    }
                }
                pending.add(RowFactory.create(v.toArray()));
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return pending.get(next++);
        }
    }
}
