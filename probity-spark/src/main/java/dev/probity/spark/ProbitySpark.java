package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditPart;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.Period;
import dev.probity.monitor.window.Profile;
import dev.probity.monitor.window.WindowState;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.stats.PrivateStats;
import dev.probity.privacy.stats.PrivateStatsResult;
import dev.probity.privacy.stats.Statistic;
import dev.probity.privacy.stats.StatsAggregates;
import dev.probity.privacy.stats.StatsSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Probity on a Spark {@link Dataset}, with the same results as the library gives for the same rows in memory: the
 * fairness audit ({@link #audit}, as {@link Audit#run}), monitoring over time windows ({@link #monitor}, as
 * {@link Monitor#run}), a watched model's window statistics ({@link #windows}, as the service's ingestion keeps them),
 * re-identification risk ({@link #risk}, as {@link ReidentificationRisk#of}), and, paid from a privacy budget, the
 * private audit ({@link #privateAudit}) and private statistics ({@link #privateStatistics}, as
 * {@link PrivateStats#describe}; the same release with seeded noise when no unit's rows are chosen at random); scoring and
 * TreeSHAP are in {@link SparkScoring}, the spark-submit job in {@link AuditJob}. See docs/spark.md.
 *
 * <p>How: Spark reads only the columns the audit needs ({@link Audit#columnsNeeded}; a Parquet scan prunes the rest).
 * Each partition is cut into chunks of {@value #CHUNK} rows; each chunk becomes a {@link Frame} on which the library
 * applies the spec's derived columns, filter and role expressions and computes the mergeable group statistics
 * ({@link Audit#part}). Parts merge by group value in a tree ({@code treeReduce}); no row leaves its executor. The
 * driver audits the merged statistics once ({@link Audit#fromPart}): metric algebra, intervals, the bootstrap (where
 * it resamples statistics exactly: unweighted binary and multiclass audits) and findings.
 *
 * <pre>{@code
 * Dataset<Row> decisions = spark.read().parquet("s3://bank/decisions/2026-11");
 * AuditResult r = ProbitySpark.audit(decisions, AuditSpec.builder()
 *         .label("defaulted").prediction("approved = false").protectedAttributes("sex", "age_band").build());
 * }</pre>
 */
public final class ProbitySpark {
    /** Rows per chunk of a partition: a chunk at a time is held as columns, so an executor's memory stays bounded. */
    public static final int CHUNK = 1 << 18;

    private ProbitySpark() {
    }

    /** Audits the rows of {@code data}; the report names the source "spark". */
    public static AuditResult audit(Dataset<Row> data, AuditSpec spec) {
        return audit(data, spec, "spark", w -> { });
    }

    /**
     * Audits the rows of {@code data} in the order of its partitions.
     *
     * @param source what the rows are, for the report (a table or a path)
     * @param warnings receives the audit's warnings as they arise (they are in the result too)
     * @throws InputException for what the library refuses (an unknown column, a label that is not binary, ...), with
     *                        the library's message, wherever in the cluster it was found
     */
    public static AuditResult audit(Dataset<Row> data, AuditSpec spec, String source, Consumer<String> warnings) {
        AuditPart all = statistics(data, spec, source);
        return Audit.fromPart(all, spec, source, "spark", warnings);
    }

    /**
     * The merged statistics of {@code data} under {@code spec}, without the metric algebra: what {@link #audit} audits,
     * and what a caller may store ({@link AuditPart#toBytes}) or merge with statistics of other tables.
     */
    public static AuditPart statistics(Dataset<Row> data, AuditSpec spec, String source) {
        Dataset<Row> needed = data.select(columns(data.schema(), Audit.columnsNeeded(spec)));
        StructType schema = needed.schema();
        JavaRDD<Ranked> parts = needed.javaRDD().mapPartitionsWithIndex(
                (index, rows) -> List.of(partition(index, rows, schema, spec, source)).iterator(), true);
        Ranked merged = parts.treeReduce(Ranked::merge, depth(parts.getNumPartitions()));
        if (merged.error != null) {
            throw merged.error;
        }
        return merged.inOrder();
    }

    /**
     * The private audit on Spark, paid for from {@code budget}: with a privacy unit ({@code settings.unit()}), each
     * unit is bounded to one row in the cluster — Spark SQL groups the rows by unit and keeps one, chosen at random
     * ({@code row_number()} over the unit, ordered by a seeded {@code rand}) — then the audit's statistics are computed
     * per partition and merged as {@link #statistics} does, and on the driver the budget is debited and the noise drawn
     * once ({@link PrivateAudit#fromBoundedStatistics}); without a unit each row is a person
     * ({@link PrivateAudit#fromStatistics}). Bounding runs before the library sees the rows, so a spec with a filter
     * ({@code where}) and a unit is refused: filter the dataset in Spark first.
     */
    public static PrivacyBudget.Released<PrivateAuditResult> privateAudit(Dataset<Row> data, AuditSpec spec, PrivateAuditSettings settings,
                                                                          PrivacyBudget budget, String who, String source) {
        String unit = settings.unit();
        if (unit == null) {
            return PrivateAudit.fromStatistics(statistics(data, spec, source).statistics(), source, spec, settings, budget, who);
        }
        if (spec.where() != null) {
            throw new InputException("on Spark a privacy unit ('" + unit + "') is bounded in Spark SQL, before the library's filter ('"
                    + spec.where() + "') could run, so a unit's kept row might be one the filter drops: filter the dataset in Spark "
                    + "first (dataset.where(...)) and give the audit no filter");
        }
        if (!java.util.Arrays.asList(data.columns()).contains(unit)) {
            throw new InputException("the privacy unit '" + unit + "' is not a column of " + source + " " + java.util.Arrays.toString(data.columns()));
        }
        long missing = data.filter(functions.col(unit).isNull()).count();
        if (missing > 0) {
            throw new InputException("the privacy unit '" + unit + "' is missing on " + missing + " rows of " + source
                    + ": every row must name its unit");
        }
        String rank = "__probity_unit_rank";
        Dataset<Row> ranked = data.withColumn(rank, functions.row_number().over(
                org.apache.spark.sql.expressions.Window.partitionBy(functions.col(unit)).orderBy(functions.rand(settings.randomness().nextBits(62)))));
        long dropped = ranked.filter(functions.col(rank).gt(1)).count();
        Dataset<Row> kept = ranked.filter(functions.col(rank).equalTo(1)).drop(rank);
        return PrivateAudit.fromBoundedStatistics(statistics(kept, spec, source).statistics(), source, spec, settings, dropped, budget, who);
    }

    /**
     * Private statistics of {@code data} per group on Spark ({@link PrivateStats#describe} as a cluster computes it),
     * paid for from {@code budget}.
     *
     * <p><b>How.</b> The request is checked first against the data's schema by the library (an unknown column, a
     * value that is not numeric, missing clamping bounds, private keys without δ: the library's messages). Rows the
     * library leaves out are dropped in Spark SQL: a missing group, and a missing (or NaN) value when a statistic or
     * quantile reads it; with declared keys, rows of other keys when the grouping column is text or a whole number
     * (for other types the library leaves them out after bounding, so a unit may spend a group's slot on such a row).
     * With a privacy unit ({@code settings.unit()}) each unit's contributions are bounded in Spark SQL, as
     * {@link #privateAudit} bounds a unit: the unit keeps at most {@code maxGroupsPerUnit} of its groups, chosen by a
     * seeded {@code rand} per (unit, group), and in each at most {@code maxRowsPerGroup} rows ({@code row_number()}
     * over the unit and group, ordered by a seeded {@code rand}); the two seeds are drawn from the settings'
     * randomness, before any noise. Each partition is then cut into chunks of {@value #CHUNK} rows whose exact
     * aggregates the library computes ({@link PrivateStats#aggregateBounded}: rows, units — counted on each unit's
     * first kept row in a group —, sums on the bounds' grids, the quantile grid's counts); they merge by group in a
     * tree ({@code treeReduce}), and on the driver the budget is debited (or refuses, and nothing is released) and the
     * noise drawn once ({@link PrivateStats#fromAggregates}).
     *
     * <p><b>Partitions.</b> The aggregates are integers, so they do not depend on how the rows are partitioned or in
     * which order the parts merge; the noisy release is computed from them on the driver with doubles in one fixed
     * order, so without a unit (nothing drawn for bounding) a seeded release equals the in-memory one on the same rows
     * with the same seed, whatever the partition count. With a unit, which rows a unit keeps depends on Spark's
     * {@code rand}, which depends on the partitioning: a different, equally valid, random bounding.
     *
     * @param value      the value column; may be null for counts only
     * @param statistics any of {@link Statistic}; may be empty when quantiles are asked
     * @param quantiles  the quantiles' probabilities; may be null or empty when statistics are asked
     * @param who        who asks, for the budget's record
     * @param source     what the rows are (a table or a path), for the budget's record and messages
     * @throws InputException with the library's message for what it refuses
     * @throws dev.probity.privacy.budget.BudgetExceededException when the budget cannot pay (nothing is released)
     */
    public static PrivacyBudget.Released<PrivateStatsResult> privateStatistics(Dataset<Row> data, String by, String value,
                                                                                Set<Statistic> statistics, double[] quantiles,
                                                                                StatsSettings settings, PrivacyBudget budget,
                                                                                String who, String source) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        double[] ps = quantiles == null ? new double[0] : quantiles;
        StatsAggregates all = privateAggregates(data, by, value, st, ps.length > 0, settings, source);
        return PrivateStats.fromAggregates(all, st, ps, settings, budget, who, source);
    }

    /**
     * The exact aggregates that {@link #privateStatistics} releases: rows bounded in Spark SQL, aggregated per chunk by
     * the library, merged. Not private; for the release and for tests.
     */
    static StatsAggregates privateAggregates(Dataset<Row> data, String by, String value, Set<Statistic> st,
                                             boolean quantiles, StatsSettings settings, String source) {
        boolean readsValue = quantiles || st.contains(Statistic.SUM) || st.contains(Statistic.MEAN)
                || st.contains(Statistic.VARIANCE);
        // the library's checks and messages, on the schema alone (no rows: nothing is drawn)
        PrivateStats.aggregate(frame(java.util.Collections.emptyIterator(), data.schema(), source), by, value, st, quantiles,
                settings);
        List<String> names = List.of(data.schema().fieldNames());
        String byName = actual(names, by);
        String valueName = readsValue ? actual(names, value) : null;
        String unit = settings.unit() == null ? null : actual(names, settings.unit());
        Dataset<Row> rows = data.filter(column(byName).isNotNull());
        if (valueName != null) {
            rows = rows.filter(column(valueName).isNotNull());
            DataType vt = data.schema().apply(valueName).dataType();
            if (vt.equals(DataTypes.DoubleType) || vt.equals(DataTypes.FloatType)) {
                rows = rows.filter(functions.not(functions.isnan(column(valueName))));
            }
        }
        DataType bt = data.schema().apply(byName).dataType();
        boolean keysInSql = settings.keys() != null && (bt.equals(DataTypes.StringType) || bt.equals(DataTypes.LongType)
                || bt.equals(DataTypes.IntegerType) || bt.equals(DataTypes.ShortType) || bt.equals(DataTypes.ByteType));
        if (keysInSql) {
            rows = rows.filter(column(byName).cast(DataTypes.StringType).isin(settings.keys().toArray()));
        }
        String first = null;
        if (unit != null) {
            long missing = data.filter(column(unit).isNull()).count();
            if (missing > 0) {
                throw new InputException("the privacy unit '" + unit + "' is missing on " + missing + " rows of " + source
                        + ": every row must name its unit");
            }
            String rowRank = "__probity_row_rank";
            String groupDraw = "__probity_group_draw";
            String groupRank = "__probity_group_rank";
            first = "__probity_first_of_unit";
            long rowSeed = settings.randomness().nextBits(62);
            long groupSeed = settings.randomness().nextBits(62);
            org.apache.spark.sql.expressions.WindowSpec unitGroup =
                    org.apache.spark.sql.expressions.Window.partitionBy(column(unit), column(byName));
            rows = rows.withColumn(groupDraw, functions.rand(groupSeed))
                    .withColumn(groupDraw, functions.max(column(groupDraw)).over(unitGroup))
                    .withColumn(rowRank, functions.row_number().over(unitGroup.orderBy(functions.rand(rowSeed))))
                    .withColumn(groupRank, functions.dense_rank().over(org.apache.spark.sql.expressions.Window
                            .partitionBy(column(unit)).orderBy(column(groupDraw), column(byName))))
                    .filter(column(rowRank).leq(settings.maxRowsPerGroup())
                            .and(column(groupRank).leq(settings.maxGroupsPerUnit())))
                    .withColumn(first, functions.when(column(rowRank).equalTo(1), 1).otherwise(0));
        }
        List<Column> keep = new ArrayList<>();
        keep.add(column(byName));
        if (valueName != null) {
            keep.add(column(valueName));
        }
        if (first != null) {
            keep.add(column(first));
        }
        Dataset<Row> needed = rows.select(keep.toArray(Column[]::new));
        StructType schema = needed.schema();
        String firstOfUnit = first;
        StatsAggregates empty = PrivateStats.aggregateBounded(frame(java.util.Collections.emptyIterator(), schema, source),
                byName, valueName, st, quantiles, firstOfUnit, settings);
        // what the executors need of the request (the randomness stays on the driver: aggregation draws nothing)
        EnumSet<Statistic> asked = st.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(st);
        double epsilon = settings.epsilon();
        double delta = settings.delta();
        String unitName = settings.unit();
        int maxGroups = settings.maxGroupsPerUnit();
        int maxRows = settings.maxRowsPerGroup();
        double lower = settings.lower();
        double upper = settings.upper();
        ArrayList<String> keys = settings.keys() == null ? null : new ArrayList<>(settings.keys());
        double level = settings.level();
        JavaRDD<Aggregated> parts = needed.javaRDD().mapPartitionsWithIndex((index, it) -> {
            StatsSettings s = new StatsSettings(epsilon, delta, unitName, maxGroups, maxRows, lower, upper, keys, level,
                    Randomness.seeded(0));
            Aggregated out = Aggregated.EMPTY;
            int chunk = 0;
            while (it.hasNext()) {
                long at = ((long) index << 32) | chunk;
                Frame f = frame(it, schema, source + ", partition " + index + (chunk > 0 ? ", chunk " + chunk : ""));
                try {
                    out = out.merge(new Aggregated(PrivateStats.aggregateBounded(f, byName, valueName, asked, quantiles,
                            firstOfUnit, s), null, Long.MAX_VALUE));
                } catch (InputException e) {
                    out = out.merge(new Aggregated(null, e, at));
                }
                chunk++;
            }
            return List.of(out).iterator();
        }, true);
        Aggregated merged = parts.treeReduce(Aggregated::merge, depth(parts.getNumPartitions()));
        if (merged.error != null) {
            throw merged.error;
        }
        return merged.aggregates == null ? empty : empty.merge(merged.aggregates);
    }

    /** A chunk's private-statistics aggregates in flight, or the library's refusal with where it was found. */
    static final class Aggregated implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Aggregated EMPTY = new Aggregated(null, null, Long.MAX_VALUE);

        final StatsAggregates aggregates;
        final InputException error;
        final long errorAt;

        Aggregated(StatsAggregates aggregates, InputException error, long errorAt) {
            this.aggregates = aggregates;
            this.error = error;
            this.errorAt = errorAt;
        }

        Aggregated merge(Aggregated o) {
            if (error != null || o.error != null) {
                return o.errorAt < errorAt ? o : this;
            }
            if (aggregates == null) {
                return o;
            }
            if (o.aggregates == null) {
                return this;
            }
            return new Aggregated(aggregates.merge(o.aggregates), null, Long.MAX_VALUE);
        }
    }

    /**
     * Re-identification risk of a table on Spark: the equivalence classes' sizes by one grouped count in Spark SQL
     * ({@code groupBy(quasi-identifiers).count()}), then the library's risk models on the driver
     * ({@link ReidentificationRisk#ofClassSizes}) — the same report as {@link ReidentificationRisk#of} on the rows in
     * memory. The driver receives one row per class, not per record. A population in {@code settings} is a frame in
     * memory.
     */
    public static RiskReport risk(Dataset<Row> data, List<String> quasiIdentifiers, RiskSettings settings) {
        if (quasiIdentifiers.isEmpty()) {
            throw new InputException("risk needs at least one quasi-identifier");
        }
        List<String> names = List.of(data.schema().fieldNames());
        List<Column> keys = new ArrayList<>();
        for (String q : quasiIdentifiers) {
            String actual = actual(names, q);
            if (actual == null) {
                throw new InputException("no column '" + q + "'; the columns are " + String.join(", ", names));
            }
            keys.add(column(actual));
        }
        Dataset<Row> classes = data.groupBy(keys.toArray(Column[]::new)).count();
        StructType schema = classes.schema();
        int k = quasiIdentifiers.size();
        Map<List<String>, Long> sizes = new HashMap<>();
        Iterator<Row> it = classes.toLocalIterator();
        while (it.hasNext()) {
            // the library writes each class's key from its columns, as it does for the rows in memory
            Frame f = frame(it, schema, "classes");
            long[] counts = ((dev.probity.core.frame.LongColumn) f.columns().get(k)).values();
            ReidentificationRisk.classSizes(f, List.copyOf(f.columnNames().subList(0, k)), counts)
                    .forEach((key, n) -> sizes.merge(key, n, Long::sum));
        }
        return ReidentificationRisk.ofClassSizes(sizes, quasiIdentifiers, settings);
    }

    /**
     * Monitoring over time windows on Spark: drift of each window against a reference in memory, the same
     * {@link MonitorResult} as {@link Monitor#run} over the same rows. The driver makes the plan from the reference
     * ({@link Monitor#plan}: its bins and levels); each partition, a chunk at a time, sketches the windows its rows fall
     * in ({@link Monitor#partStates}); the sketches merge window by window in a tree, and the driver reports once
     * ({@link Monitor#fromStates}). The plan's limits apply: time windows, the columns to watch named, drift only.
     */
    public static MonitorResult monitor(Frame reference, Dataset<Row> data, Monitor.Spec spec, String source) {
        Monitor.Plan plan = Monitor.plan(reference, spec);
        java.util.Set<String> needed = new java.util.LinkedHashSet<>(spec.columns());
        needed.add(spec.timeColumn());
        Dataset<Row> selected = data.select(columns(data.schema(), needed));
        StructType schema = selected.schema();
        Profile profile = plan.profile();
        String time = spec.timeColumn();
        Period period = spec.period();
        JavaRDD<Windows> parts = selected.javaRDD().mapPartitionsWithIndex(
                (index, rows) -> List.of(Windows.of(index, rows, schema, profile, time, period, source)).iterator(), true);
        Windows all = parts.treeReduce(Windows::merge, depth(parts.getNumPartitions()));
        if (all.error != null) {
            throw all.error;
        }
        return Monitor.fromStates(plan, all.states(), source);
    }

    /**
     * A watched model's window statistics over a table of its logged predictions, as the service keeps them: the
     * columns {@code timestamp}, the definition's inputs, {@code prediction} and, when logged, {@code score} and
     * {@code label} (as the service's CSV batches name them). Each partition, a chunk at a time, counts the windows its
     * rows fall in ({@link LoggedWindow#windows}); the parts merge window by window in a tree ({@link LoggedWindow#merge},
     * as the service merges a batch into a stored window); the driver receives one {@link LoggedWindow} per window, by
     * start. Write them with {@code WindowsJson} for the service's import ({@link WindowsJob} does both).
     *
     * @param profile the bins and levels the drift columns are counted on: the model's, as the service answers it, or
     *                {@link LoggedWindow#profile} of the first rows for a model that has none yet
     */
    public static SortedMap<Instant, LoggedWindow> windows(Dataset<Row> predictions, WatchDefinition def, Profile profile, String source) {
        Dataset<Row> selected = loggedColumns(predictions, def);
        StructType schema = selected.schema();
        JavaRDD<Logged> parts = selected.javaRDD().mapPartitionsWithIndex(
                (index, rows) -> List.of(Logged.of(index, rows, schema, def, profile, source)).iterator(), true);
        Logged all = parts.treeReduce(Logged::merge, depth(parts.getNumPartitions()));
        if (all.error != null) {
            throw all.error;
        }
        SortedMap<Instant, LoggedWindow> out = new TreeMap<>();
        all.windows.forEach((k, v) -> out.put(Instant.ofEpochSecond(k), LoggedWindow.fromBytes(v)));
        return out;
    }

    /** The columns of logged predictions the definition reads: time, inputs, prediction, and score and label where logged. */
    static Dataset<Row> loggedColumns(Dataset<Row> predictions, WatchDefinition def) {
        java.util.Set<String> needed = new java.util.LinkedHashSet<>();
        needed.add(WatchDefinition.TIMESTAMP);
        needed.addAll(def.inputs());
        needed.add(WatchDefinition.PREDICTION);
        List<String> names = List.of(predictions.schema().fieldNames());
        for (String optional : List.of(WatchDefinition.SCORE, WatchDefinition.LABEL)) {
            if (actual(names, optional) != null) {
                needed.add(optional);
            }
        }
        return predictions.select(columns(predictions.schema(), needed));
    }

    /** Logged windows in flight, by start (seconds), as bytes; or the library's refusal, found where errorAt says. */
    static final class Logged implements Serializable {
        private static final long serialVersionUID = 1L;
        final TreeMap<Long, byte[]> windows;
        final InputException error;
        final long errorAt;

        private Logged(TreeMap<Long, byte[]> windows, InputException error, long errorAt) {
            this.windows = windows;
            this.error = error;
            this.errorAt = errorAt;
        }

        static Logged of(int index, Iterator<Row> rows, StructType schema, WatchDefinition def, Profile profile, String source) {
            SortedMap<Instant, LoggedWindow> m = new TreeMap<>();
            int chunk = 0;
            while (rows.hasNext()) {
                Frame f = frame(rows, schema, source + ", partition " + index + (chunk > 0 ? ", chunk " + chunk : ""));
                try {
                    m = LoggedWindow.mergeAll(m, LoggedWindow.windows(f, def, profile));
                } catch (InputException e) {
                    return new Logged(new TreeMap<>(), e, ((long) index << 32) | ((long) chunk << 20));
                }
                chunk++;
            }
            TreeMap<Long, byte[]> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k.getEpochSecond(), v.toBytes()));
            return new Logged(out, null, Long.MAX_VALUE);
        }

        Logged merge(Logged o) {
            if (error != null || o.error != null) {
                return o.errorAt < errorAt ? o : this;
            }
            TreeMap<Long, byte[]> out = new TreeMap<>(windows);
            o.windows.forEach((k, v) -> out.merge(k, v, (a, b) -> LoggedWindow.fromBytes(a).merge(LoggedWindow.fromBytes(b)).toBytes()));
            return new Logged(out, null, Long.MAX_VALUE);
        }
    }

    /** Window states in flight, by the window's start (seconds); or the library's refusal, found where errorAt says. */
    static final class Windows implements Serializable {
        private static final long serialVersionUID = 1L;
        final java.util.TreeMap<Long, byte[]> states;
        final InputException error;
        final long errorAt;

        private Windows(java.util.TreeMap<Long, byte[]> states, InputException error, long errorAt) {
            this.states = states;
            this.error = error;
            this.errorAt = errorAt;
        }

        static Windows of(int index, Iterator<Row> rows, StructType schema, Profile profile, String time, Period period,
                          String source) {
            java.util.TreeMap<Long, WindowState> m = new java.util.TreeMap<>();
            int chunk = 0;
            while (rows.hasNext()) {
                Frame f = frame(rows, schema, source + ", partition " + index + (chunk > 0 ? ", chunk " + chunk : ""));
                try {
                    for (WindowState w : Monitor.partStates(profile, time, period, f)) {
                        m.merge(w.start().getEpochSecond(), w, Windows::add);
                    }
                } catch (InputException e) {
                    return new Windows(new java.util.TreeMap<>(), e, ((long) index << 32) | ((long) chunk << 20));
                }
                chunk++;
            }
            java.util.TreeMap<Long, byte[]> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.toBytes()));
            return new Windows(out, null, Long.MAX_VALUE);
        }

        private static WindowState add(WindowState a, WindowState b) {
            return a.merge(b, a.label(), a.start(), a.end());
        }

        Windows merge(Windows o) {
            if (error != null || o.error != null) {
                return o.errorAt < errorAt ? o : this;
            }
            java.util.TreeMap<Long, byte[]> out = new java.util.TreeMap<>(states);
            o.states.forEach((k, v) -> out.merge(k, v, (a, b) -> add(WindowState.fromBytes(a), WindowState.fromBytes(b)).toBytes()));
            return new Windows(out, null, Long.MAX_VALUE);
        }

        List<WindowState> states() {
            return states.values().stream().map(WindowState::fromBytes).toList();
        }
    }

    /** Two levels of merging up to 64 partitions, three beyond: the driver receives a handful of parts. */
    private static int depth(int partitions) {
        return partitions <= 64 ? 2 : 3;
    }

    /**
     * The needed columns that the data has (matched as the library matches them: exactly, else without case); the
     * others are left for the library to name in its error, with the columns there are.
     */
    private static Column[] columns(StructType schema, Set<String> needed) {
        List<Column> out = new ArrayList<>();
        List<String> names = List.of(schema.fieldNames());
        for (String n : needed) {
            String actual = actual(names, n);
            if (actual != null) {
                out.add(column(actual));
            }
        }
        if (out.isEmpty() && !needed.isEmpty()) {
            throw new InputException("the data have none of the columns needed (" + String.join(", ", needed)
                    + "); its columns are " + String.join(", ", names));
        }
        return out.toArray(Column[]::new);
    }

    /** The column's name in the data: the same, else the one that matches without case; null when none or several do. */
    private static String actual(List<String> names, String name) {
        if (names.contains(name)) {
            return name;
        }
        List<String> ci = names.stream().filter(x -> x.equalsIgnoreCase(name)).toList();
        return ci.size() == 1 ? ci.get(0) : null;
    }

    private static Column column(String name) {
        return new Column("`" + name.replace("`", "``") + "`");
    }

    /**
     * One partition's statistics: its rows in chunks, each chunk's part merged in row order. What the library refuses
     * travels back as data, so that the driver throws the library's own error (Spark would wrap it in a task failure,
     * and retry the task first), the one of the earliest partition that has one.
     */
    static Ranked partition(int index, Iterator<Row> rows, StructType schema, AuditSpec spec, String source) {
        Ranked out = Ranked.EMPTY;
        int chunk = 0;
        while (rows.hasNext()) {
            long base = ((long) index << 32) | ((long) chunk << 20);
            Frame f = frame(rows, schema, source + ", partition " + index + (chunk > 0 ? ", chunk " + chunk : ""));
            try {
                out = out.merge(Ranked.of(Audit.part(f, spec), base));
            } catch (InputException e) {
                return Ranked.failed(e, base);
            }
            chunk++;
        }
        return out;
    }

    /**
     * Up to {@link #CHUNK} rows as columns of the library's types: whole numbers, decimals, booleans, text (dates and
     * times as ISO-8601 text).
     */
    static Frame frame(Iterator<Row> rows, StructType schema, String source) {
        StructField[] fields = schema.fields();
        ColumnBuilder[] cols = new ColumnBuilder[fields.length];
        int[] kind = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            DataType t = fields[j].dataType();
            ColumnType ct;
            if (t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)
                    || t.equals(DataTypes.ByteType)) {
                ct = ColumnType.LONG;
                kind[j] = 0;
            } else if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType) || t instanceof DecimalType) {
                ct = ColumnType.DOUBLE;
                kind[j] = t instanceof DecimalType ? 2 : 1;
            } else if (t.equals(DataTypes.BooleanType)) {
                ct = ColumnType.BOOLEAN;
                kind[j] = 3;
            } else if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.DateType)) {
                ct = ColumnType.STRING;
                kind[j] = 5;
            } else {
                ct = ColumnType.STRING;
                kind[j] = 4;
            }
            cols[j] = new ColumnBuilder(fields[j].name(), ct);
        }
        int n = 0;
        while (n < CHUNK && rows.hasNext()) {
            Row r = rows.next();
            for (int j = 0; j < cols.length; j++) {
                if (r.isNullAt(j)) {
                    cols[j].addMissing();
                    continue;
                }
                switch (kind[j]) {
                    case 0 -> cols[j].addLong(((Number) r.get(j)).longValue());
                    case 1 -> cols[j].addDouble(((Number) r.get(j)).doubleValue());
                    case 2 -> cols[j].addDouble(r.getDecimal(j).doubleValue());
                    case 3 -> cols[j].addBoolean(r.getBoolean(j));
                    case 5 -> cols[j].addString(isoText(r.get(j)));
                    default -> cols[j].addString(r.get(j).toString());
                }
            }
            n++;
        }
        List<dev.probity.core.frame.Column> built = new ArrayList<>(cols.length);
        for (ColumnBuilder c : cols) {
            built.add(c.build());
        }
        return new Frame(source, built);
    }

    /**
     * A date or time as ISO-8601 text, as the library reads times: an instant in UTC ({@code 2013-08-14T06:03:42Z}), not in
     * the JVM's zone as {@code java.sql.Timestamp} would write it; a date as {@code 2013-08-14}.
     */
    static String isoText(Object v) {
        return switch (v) {
            case java.sql.Timestamp ts -> ts.toInstant().toString();
            case java.sql.Date d -> d.toLocalDate().toString();
            default -> v.toString();
        };
    }

    /**
     * A part in flight, with where each group first appeared (partition, chunk, position): Spark's tree merges parts in
     * no fixed order, and the bootstrap resamples groups in the order of their first appearance, as in memory.
     */
    static final class Ranked implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Ranked EMPTY = new Ranked(AuditPart.empty().toBytes(), new HashMap<>(), null, Long.MAX_VALUE);

        final byte[] part;
        final HashMap<List<String>, Long> firstSeen;
        /** The library's refusal, found where {@link #errorAt} says (partition, chunk); null when none. */
        final InputException error;
        final long errorAt;

        Ranked(byte[] part, HashMap<List<String>, Long> firstSeen, InputException error, long errorAt) {
            this.part = part;
            this.firstSeen = firstSeen;
            this.error = error;
            this.errorAt = errorAt;
        }

        static Ranked failed(InputException e, long at) {
            return new Ranked(null, new HashMap<>(), e, at);
        }

        static Ranked of(AuditPart p, long base) {
            HashMap<List<String>, Long> seen = new HashMap<>();
            if (p.statistics() != null) {
                long i = 0;
                for (List<String> k : p.statistics().cells().keySet()) {
                    seen.put(new ArrayList<>(k), base + i++);
                }
            }
            return new Ranked(p.toBytes(), seen, null, Long.MAX_VALUE);
        }

        Ranked merge(Ranked o) {
            if (error != null || o.error != null) {
                return o.errorAt < errorAt ? o : this;
            }
            HashMap<List<String>, Long> seen = new HashMap<>(firstSeen);
            o.firstSeen.forEach((k, v) -> seen.merge(k, v, Math::min));
            return new Ranked(AuditPart.fromBytes(part).merge(AuditPart.fromBytes(o.part)).toBytes(), seen, null, Long.MAX_VALUE);
        }

        /** The merged part with its groups in the order of first appearance. */
        AuditPart inOrder() {
            AuditPart p = AuditPart.fromBytes(part);
            StatsTable t = p.statistics();
            if (t == null) {
                return p;
            }
            Map<List<String>, GroupStats> cells = new LinkedHashMap<>();
            t.cells().entrySet().stream()
                    .sorted(Comparator.comparing(e -> firstSeen.getOrDefault(e.getKey(), Long.MAX_VALUE)))
                    .forEach(e -> cells.put(e.getKey(), e.getValue()));
            StatsTable ordered = new StatsTable(t.attributes(), t.kind(), t.weighted(), t.withScores(), t.classes(), cells);
            return new AuditPart(ordered, p.rowsRead(), p.rowsAfterFilter(), p.rowsDropped(), p.positiveLabel(),
                    p.positivePrediction(), p.labelPositiveSeen(), p.predictionPositiveSeen());
        }
    }

}
