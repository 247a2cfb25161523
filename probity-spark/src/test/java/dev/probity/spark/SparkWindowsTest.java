package dev.probity.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Profile;
import dev.probity.report.json.WindowsJson;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A watched model's windows on Spark equal the windows the service stores for the same records: its ingestion computes
 * each batch's windows with the same library ({@link LoggedWindow#of} per window of a batch) and folds them into the
 * stored ones ({@link LoggedWindow#merge}); here the records arrive in batches as the service would get them, and the
 * windows Spark computes in 1, 2 and 7 partitions (and with an empty one) are compared count for count.
 */
class SparkWindowsTest {
    static SparkSession spark;
    static final WatchDefinition DEF = new WatchDefinition(List.of("grp"), List.of("x", "age"), "1", null, Map.of("grp", "A"), "1d", null, null);
    static Frame logged;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkWindowsTest");
        logged = records(4000, 17);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Logged predictions over five days: missing groups, unscored rows, scores outside [0, 1], labels for about half. */
    static Frame records(int n, long seed) {
        Random rnd = new Random(seed);
        ColumnBuilder ts = new ColumnBuilder("timestamp", ColumnType.STRING);
        ColumnBuilder id = new ColumnBuilder("id", ColumnType.STRING);
        ColumnBuilder grp = new ColumnBuilder("grp", ColumnType.STRING);
        ColumnBuilder x = new ColumnBuilder("x", ColumnType.DOUBLE);
        ColumnBuilder age = new ColumnBuilder("age", ColumnType.LONG);
        ColumnBuilder pred = new ColumnBuilder("prediction", ColumnType.STRING);
        ColumnBuilder score = new ColumnBuilder("score", ColumnType.DOUBLE);
        ColumnBuilder label = new ColumnBuilder("label", ColumnType.STRING);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            ts.addString(t0.plusSeconds(5L * 86_400 * i / n).toString());
            id.addString("r" + i);
            double u = rnd.nextDouble();
            String g = u < 0.02 ? null : u < 0.35 ? "B" : "A";
            if (g == null) {
                grp.addMissing();
            } else {
                grp.addString(g);
            }
            double xi = Math.round((rnd.nextGaussian() + ("B".equals(g) ? -0.4 : 0)) * 1000) / 1000.0;
            if (rnd.nextDouble() < 0.03) {
                x.addMissing();
            } else {
                x.addDouble(xi);
            }
            age.addLong(18 + rnd.nextInt(60));
            double p = 1 / (1 + Math.exp(-2 * xi));
            pred.addString(p > 0.5 ? "1" : "0");
            double s = rnd.nextDouble();
            if (s < 0.1) {
                score.addMissing();
            } else {
                score.addDouble(s < 0.12 ? 3.5 : p);
            }
            if (rnd.nextDouble() < 0.5) {
                label.addMissing();
            } else {
                label.addString(rnd.nextDouble() < p ? "1" : "0");
            }
        }
        return new Frame("logged", List.of(ts.build(), id.build(), grp.build(), x.build(), age.build(), pred.build(), score.build(), label.build()));
    }

    /**
     * The windows the service keeps after ingesting the rows in batches of {@code batch}: the first batch sets the
     * profile; each batch's rows of a window are counted by the library and folded into the window.
     */
    static SortedMap<Instant, LoggedWindow> ingested(Frame rows, int batch, Profile profile) {
        SortedMap<Instant, LoggedWindow> stored = new TreeMap<>();
        for (int from = 0; from < rows.rowCount(); from += batch) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(rows.rowCount(), from + batch)).toArray();
            Frame b = rows.select(idx);
            java.util.TreeMap<Instant, List<Integer>> byWindow = new java.util.TreeMap<>();
            for (int i = 0; i < b.rowCount(); i++) {
                byWindow.computeIfAbsent(DEF.window().start(Instant.parse(b.column("timestamp").format(i))), k -> new java.util.ArrayList<>()).add(i);
            }
            byWindow.forEach((start, r) -> stored.merge(start,
                    LoggedWindow.of(b.select(r.stream().mapToInt(Integer::intValue).toArray()), start, DEF, profile), LoggedWindow::merge));
        }
        return stored;
    }

    static Profile firstBatchProfile() {
        return LoggedWindow.profile(logged.head(1000), DEF);
    }

    static void assertSame(SortedMap<Instant, LoggedWindow> got, SortedMap<Instant, LoggedWindow> want) {
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (Instant s : want.keySet()) {
            assertThat(got.get(s).differenceFrom(want.get(s))).as(s.toString()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 7})
    void windowsOnSparkEqualTheServicesAfterIngestingTheSameRecords(int partitions) {
        Profile profile = firstBatchProfile();
        SortedMap<Instant, LoggedWindow> service = ingested(logged, 1000, profile);
        assertThat(service).hasSize(5);
        assertThat(service.values().stream().mapToLong(LoggedWindow::predictions).sum()).isEqualTo(4000);
        assertThat(service.values().stream().mapToLong(LoggedWindow::labelled).sum()).isBetween(1800L, 2200L);
        SortedMap<Instant, LoggedWindow> onSpark = ProbitySpark.windows(SparkTables.dataset(spark, logged, partitions), DEF, profile, "logged");
        assertSame(onSpark, service);
    }

    @Test
    void anEmptyPartitionAndSparkTimestampsChangeNothing() {
        Profile profile = firstBatchProfile();
        SortedMap<Instant, LoggedWindow> service = ingested(logged, 1000, profile);
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        Dataset<Row> rows = SparkTables.dataset(spark, logged, 3);
        Dataset<Row> empty = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.<Row>of(), 1), rows.schema());
        Dataset<Row> withEmpty = empty.union(rows).withColumn("timestamp", org.apache.spark.sql.functions.expr("to_timestamp(timestamp)"));
        assertThat(withEmpty.javaRDD().getNumPartitions()).isEqualTo(4);
        assertThat(withEmpty.schema().apply("timestamp").dataType().typeName()).isEqualTo("timestamp");
        assertSame(ProbitySpark.windows(withEmpty, DEF, profile, "logged"), service);
    }

    @Test
    void theJobWritesTheWindowsForTheServicesImport() throws Exception {
        Path parquet = dir.resolve("logged.parquet");
        SparkTables.dataset(spark, logged, 4).write().parquet(parquet.toString());
        ObjectMapper json = new ObjectMapper();
        // what GET /api/v1/models/{name} answers for a model without a profile yet
        ObjectNode model = json.createObjectNode();
        model.put("name", "loans");
        ObjectNode d = model.putObject("definition");
        d.put("name", "loans");
        d.putArray("protectedAttributes").add("grp");
        d.putArray("features").add("x").add("age");
        d.put("positivePrediction", "1");
        d.putObject("references").put("grp", "A");
        d.put("period", "1d");
        model.putNull("profile");
        Path modelFile = dir.resolve("loans.json");
        Files.writeString(modelFile, model.toString());
        Path out = Files.createDirectories(dir.resolve("out")).resolve("loans.windows.jsonl");
        WindowsJob.run(spark, WindowsJob.Options.parse(new String[] {"--input", parquet.toString(), "--model", modelFile.toString(),
                "--output", out.toString()}));
        WindowsJson.WindowsFile file = WindowsJson.read(Files.newInputStream(out));
        // the whole table is the first batch: its bins and levels
        Profile profile = LoggedWindow.profile(logged, DEF);
        assertThat(WindowsJson.profileJson(file.profile())).isEqualTo(WindowsJson.profileJson(profile));
        assertThat(file.model()).isEqualTo("loans");
        assertThat(file.definition().firstDifference(DEF)).isNull();
        SortedMap<Instant, LoggedWindow> read = new TreeMap<>();
        file.windows().forEach(w -> read.put(w.start(), w));
        assertSame(read, ingested(logged, 4000, profile));
        assertThat(Files.list(out.getParent()).map(p -> p.getFileName().toString()).toList()).containsExactly("loans.windows.jsonl");

        // with the model's profile, as the service answers it
        model.set("profile", WindowsJson.profileJson(firstBatchProfile()));
        Files.writeString(modelFile, model.toString());
        WindowsJob.run(spark, WindowsJob.Options.parse(new String[] {"--input", parquet.toString(), "--model", modelFile.toString(),
                "--output", out.toString()}));
        WindowsJson.WindowsFile second = WindowsJson.read(Files.newInputStream(out));
        SortedMap<Instant, LoggedWindow> read2 = new TreeMap<>();
        second.windows().forEach(w -> read2.put(w.start(), w));
        assertSame(read2, ingested(logged, 1000, firstBatchProfile()));
    }

    @Test
    void theJobReadsACsvTableWithItsTypesInferred() throws Exception {
        Path csv = dir.resolve("logged-csv");
        SparkTables.dataset(spark, logged, 3).write().option("header", "true").csv(csv.toString());
        Path modelFile = dir.resolve("loans-csv.json");
        ObjectNode model = new ObjectMapper().createObjectNode();
        model.put("name", "loans");
        ObjectNode d = model.putObject("definition");
        d.putArray("protectedAttributes").add("grp");
        d.putArray("features").add("x").add("age");
        d.put("positivePrediction", "1");
        d.putObject("references").put("grp", "A");
        d.put("period", "1d");
        model.set("profile", WindowsJson.profileJson(firstBatchProfile()));
        Files.writeString(modelFile, model.toString());
        Path out = dir.resolve("loans-csv.windows.jsonl");
        SortedMap<Instant, LoggedWindow> got = WindowsJob.run(spark, WindowsJob.Options.parse(new String[] {"--input", csv.toString(),
                "--format", "csv", "--model", modelFile.toString(), "--output", out.toString()}));
        // Spark infers whole numbers for prediction and label, and a timestamp: counted as the service counts their text
        var inferred = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString()).schema();
        assertThat(inferred.apply("prediction").dataType().typeName()).isEqualTo("integer");
        assertThat(inferred.apply("label").dataType().typeName()).isEqualTo("integer");
        assertThat(inferred.apply("timestamp").dataType().typeName()).isEqualTo("timestamp");
        assertSame(got, ingested(logged, 1000, firstBatchProfile()));
        assertThat(WindowsJson.read(Files.newInputStream(out)).windows()).hasSize(5);
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() throws Exception {
        Path modelFile = dir.resolve("rows.json");
        Files.writeString(modelFile, "{\"name\": \"m\", \"definition\": {\"protectedAttributes\": [\"grp\"], \"positivePrediction\": \"1\", "
                + "\"period\": \"1000-rows\"}}");
        assertThatThrownBy(() -> WindowsJob.run(spark, WindowsJob.Options.parse(new String[] {"--table", "nowhere", "--model",
                modelFile.toString(), "--output", "-"}))).isInstanceOf(InputException.class).hasMessageContaining("period")
                .hasMessageContaining("not of rows");
        assertThatThrownBy(() -> WindowsJob.Options.parse(new String[] {"--input", "x.parquet", "--output", "-"}))
                .isInstanceOf(InputException.class).hasMessageContaining("--model");
        // a table without the prediction: the library's error, from the executors
        Dataset<Row> noPrediction = SparkTables.dataset(spark, logged, 2).drop("prediction");
        assertThatThrownBy(() -> ProbitySpark.windows(noPrediction, DEF, firstBatchProfile(), "logged")).isInstanceOf(InputException.class)
                .hasMessageContaining("prediction");
    }
}
