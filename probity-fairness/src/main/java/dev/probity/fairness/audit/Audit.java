package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.fairness.metrics.Consistency;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.stats.AuditData;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.InMemoryStats;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.fairness.uncertainty.Bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fairness audit: does this model (or this data) treat groups of people differently, by how much, and
 * how sure are we? Two steps, as everywhere in Probity: one pass computes mergeable group statistics
 * ({@link InMemoryStats}, or probity-sql's SQL engine inside DuckDB for large files), then pure metric algebra turns
 * them into the report.
 *
 * <pre>{@code
 * Frame compas = Datasets.load("compas");
 * AuditResult r = Audit.run(compas, AuditSpec.builder()
 *         .label("two_year_recid").prediction("decile_score >= 5")
 *         .protectedAttributes("race").reference("race", "Caucasian").build());
 * double fpr = r.attribute("race").group("African-American").metric("fpr").number();   // 0.4485
 * }</pre>
 */
public final class Audit {
    private Audit() {
    }

    /**
     * The columns an audit under {@code spec} reads (label, prediction, score, weight, protected attributes, features,
     * and the columns its expressions and filter name), so that a caller can read only those from a wide file.
     */
    public static java.util.Set<String> columnsNeeded(AuditSpec spec) {
        return Roles.columnsNeeded(spec);
    }

    /** The column {@link #withModel} adds: the class a model predicts for each row, by its label. */
    public static final String MODEL_PREDICTION = "model_prediction";
    /** The column {@link #withModel} adds for a binary classifier: the probability of its positive class (its class 1). */
    public static final String MODEL_SCORE = "model_score";

    /**
     * The frame with a model's decisions added, so that the model itself is audited: {@value #MODEL_PREDICTION} (the
     * predicted class's label) and, for a binary classifier, {@value #MODEL_SCORE} (the probability of its class 1,
     * {@code model.info().classes().get(1)}). The model is called once, in one batch.
     */
    public static Frame withModel(Frame frame, dev.probity.core.model.Model model) {
        for (String c : List.of(MODEL_PREDICTION, MODEL_SCORE)) {
            if (frame.has(c)) {
                throw new InputException(frame.source() + " already has a column '" + c + "'; rename it to audit a model's predictions");
            }
        }
        var info = model.info();
        if (info.classes().isEmpty()) {
            throw new InputException("the model (" + info.algorithm() + ") is a regressor; audit its predictions as a column "
                    + "with {{task}} regression instead");
        }
        double[] pred = model.predict(frame);
        String[] dict = info.classes().toArray(String[]::new);
        int[] codes = new int[pred.length];
        for (int i = 0; i < pred.length; i++) {
            codes[i] = Double.isNaN(pred[i]) ? StringColumn.MISSING : (int) pred[i];
        }
        Frame out = frame.withColumn(new StringColumn(MODEL_PREDICTION, codes, dict));
        if (info.classes().size() == 2) {
            out = out.withColumn(DoubleColumn.of(MODEL_SCORE, model.score(frame)));
        }
        return out;
    }

    public static AuditResult run(Frame frame, AuditSpec spec) {
        return run(frame, spec, w -> { });
    }

    /** Audits a frame with the in-memory engine; warnings go to {@code warnings} as well as into the result. */
    public static AuditResult run(Frame frame, AuditSpec spec, Consumer<String> warnings) {
        List<String> warns = new ArrayList<>();
        Consumer<String> w = s -> {
            warns.add(s);
            warnings.accept(s);
        };
        Roles.Prepared p = Roles.prepare(frame, spec, w);
        int threads = threads(spec);
        StatsTable t = InMemoryStats.compute(p.data(), threads);
        Map<String, Estimate> extra = new LinkedHashMap<>();
        if (!spec.features().isEmpty()) {
            extra.put("consistency", Estimate.of(consistency(p, spec, threads, w)));
        }
        AuditResult.Input input = new AuditResult.Input(frame.source(), "memory", p.rowsRead(), p.rowsAfterFilter(),
                p.rowsDropped(), p.data().rows(), t.overall().size(), spec.where(), spec.derived());
        AuditResult.RolesInfo roles = roles(spec, p.positiveLabel(), p.positivePrediction(), t);
        return fromStats(t, spec, p.data(), input, roles, extra, warns, w);
    }

    /**
     * The audit's group statistics of a frame, without the metric algebra: what an executor, a partition or a time
     * window computes before statistics are merged (see {@link StatsTable#merge}) and audited with
     * {@link #fromStatistics}. The roles, filter and derived columns of {@code spec} are applied as in {@link #run}.
     */
    public static StatsTable statistics(Frame frame, AuditSpec spec) {
        return InMemoryStats.compute(Roles.prepare(frame, spec, w -> { }).data(), threads(spec));
    }

    /**
     * The audit of one part of the rows (a partition, one of several files), to be merged with the other parts'
     * ({@link AuditPart#merge}) and audited once with {@link #fromPart}. The roles, filter and derived columns of
     * {@code spec} are applied to the part's rows as {@link #run} applies them to all rows, in one thread. A part may be
     * empty or lose every row to the filter; what only the whole can show (no rows at all, a positive value that occurs
     * nowhere, too many classes, too small groups) is checked by {@link #fromPart}.
     *
     * @throws InputException for what is wrong in the part itself (an unknown column, a missing label without
     *                        {@code drop-missing}, a NaN score, a label that is not binary)
     */
    public static AuditPart part(Frame frame, AuditSpec spec) {
        return part(frame, spec, 1);
    }

    /** {@link #part} with the statistics pass on {@code threads} threads (a stream's chunks come one at a time). */
    static AuditPart part(Frame frame, AuditSpec spec, int threads) {
        if (!spec.features().isEmpty()) {
            throw new InputException("consistency compares rows across the whole data, which an audit in parts does not "
                    + "keep; audit with the in-memory engine, or leave out {{features}}");
        }
        Roles.Prepared p = Roles.prepare(frame, spec, w -> { }, true);
        StatsTable t = p.data() == null ? null : InMemoryStats.compute(p.data(), threads);
        return new AuditPart(t, p.rowsRead(), p.rowsAfterFilter(), p.rowsDropped(), p.positiveLabel(), p.positivePrediction(),
                p.labelPositiveSeen(), p.predictionPositiveSeen());
    }

    /**
     * Audits the merge of all parts of the rows: the same result as {@link #run} over all rows together — the same
     * counts, warnings, metrics, intervals and findings — except where {@link #run} needs the rows themselves
     * (consistency; the bootstrap of a weighted or regression audit, which is skipped with a warning, as with the SQL
     * engine). Refuses what {@link #run} refuses of the whole: no rows, no rows left, a positive value that occurs
     * nowhere, more than 1,000 classes.
     *
     * @param source what the rows are, for the report (a table's name, a path)
     * @param engine what computed the parts, for the report ("spark", say)
     */
    public static AuditResult fromPart(AuditPart all, AuditSpec spec, String source, String engine, Consumer<String> warnings) {
        if (all.rowsRead() == 0) {
            throw new InputException(source + " has no data rows");
        }
        if (all.rowsAfterFilter() == 0) {
            throw new InputException("no rows left: the filter \"" + spec.where() + "\" removed all " + all.rowsRead()
                    + " rows of " + source);
        }
        if (all.statistics() == null) {
            throw new InputException(Roles.NO_ROWS_LEFT_MISSING);
        }
        if (!all.labelPositiveSeen()) {
            throw new InputException("the positive value '" + spec.positive() + "' does not occur in the label '" + spec.label()
                    + "'; say which value is positive ({{positive}})");
        }
        if (!all.predictionPositiveSeen()) {
            throw new InputException("the positive value '" + all.positivePrediction() + "' does not occur in the prediction '"
                    + spec.prediction() + "'; say which value is positive ({{prediction-positive}})");
        }
        StatsTable t = all.statistics();
        if (t.classes().size() > Roles.MAX_CLASSES) {
            throw new InputException("label and prediction hold " + t.classes().size()
                    + " distinct classes; a multiclass audit supports up to 1,000");
        }
        List<String> warns = new ArrayList<>();
        Consumer<String> w = s -> {
            warns.add(s);
            warnings.accept(s);
        };
        if (all.rowsDropped() > 0) {
            w.accept(Roles.droppedWarning(all.rowsDropped()));
        }
        GroupStats overall = t.overall();
        AuditResult.Input input = new AuditResult.Input(source, engine, all.rowsRead(), all.rowsAfterFilter(),
                all.rowsDropped(), overall.rows(), overall.size(), spec.where(), spec.derived());
        AuditResult.RolesInfo roles = roles(spec, all.positiveLabel(), all.positivePrediction(), t);
        return fromStats(t, spec, null, input, roles, Map.of(), warns, w);
    }

    /**
     * Whether {@link #streamed} gives exactly what {@link #run} gives for {@code spec}: everything but what needs the
     * rows themselves — consistency ({@code features}) and the row bootstrap of weighted and regression audits.
     */
    public static boolean streamable(AuditSpec spec) {
        return spec.features().isEmpty() && spec.weight() == null && spec.task() != dev.probity.core.model.TaskKind.REGRESSION;
    }

    /**
     * Audits a data file read in chunks ({@link dev.probity.core.io.ChunkedReader}): each chunk's statistics are
     * computed ({@link #part}) and merged in file order, so that memory is bounded by the chunk whatever the file's size
     * (a 3 GB file with a heap of 256 MB), and the result equals {@link #run} over the whole file read at once when
     * {@link #streamable} holds — the same counts, warnings, metrics, intervals and findings. The spec's filter and
     * derived columns apply to each chunk.
     *
     * @param options    how to read the file; {@link dev.probity.core.io.ReadOptions#columns} may name
     *                   {@link #columnsNeeded} to parse only those
     * @param chunkBytes about how much text a chunk holds ({@link dev.probity.core.io.ChunkedReader#DEFAULT_CHUNK_BYTES})
     * @param perChunk   applied to each chunk before its statistics: {@code f -> Audit.withModel(f, model)} for a
     *                   model's decisions, {@code f -> f} for none. The chunk's arrays are written over by the next
     *                   chunk once its statistics are computed (reading then allocates nothing per chunk): keep nothing
     *                   of it beyond the call
     * @throws InputException for what {@link #run} refuses, naming the file's line
     */
    public static AuditResult streamed(java.nio.file.Path file, dev.probity.core.io.ReadOptions options, AuditSpec spec,
                                       int chunkBytes, java.util.function.UnaryOperator<Frame> perChunk, Consumer<String> warnings) {
        AuditPart[] all = {AuditPart.empty()};
        dev.probity.core.io.ChunkedReader.read(file, options.copy().warnings(warnings), chunkBytes,
                new dev.probity.core.io.ChunkedReader.Sink() {
                    @Override
                    public void accept(Frame chunk) {
                        all[0] = all[0].merge(part(perChunk.apply(chunk), spec, threads(spec)));
                    }

                    @Override
                    public void restart() {
                        all[0] = AuditPart.empty();
                    }

                    @Override
                    public boolean keepsChunks() {
                        return false; // each chunk is folded into statistics and let go
                    }
                });
        return fromPart(all[0], spec, file.getFileName().toString(), "memory", warnings);
    }

    /**
     * Audits statistics computed elsewhere — merged from several files or partitions, say. The spec's role
     * expressions are not re-evaluated (the statistics already hold labels and predictions); its statistical
     * settings, references and wording apply. A bootstrap resamples the statistics where that is exact.
     */
    public static AuditResult fromStatistics(StatsTable stats, AuditSpec spec, String source) {
        AuditResult.Input input = new AuditResult.Input(source, "statistics", stats.overall().rows(), stats.overall().rows(), 0,
                stats.overall().rows(), stats.overall().size(), spec.where(), spec.derived());
        return fromStatistics(stats, spec, input, null, null, w -> { });
    }

    /**
     * Audits statistics that an engine outside this module computed (the SQL engine of probity-sql, say), with
     * what that engine learned about the rows ({@code input}) and the positive values it resolved (null when
     * unknown). Warnings go to {@code warnings} as well as into the result.
     */
    public static AuditResult fromStatistics(StatsTable stats, AuditSpec spec, AuditResult.Input input, String positiveLabel,
                                             String positivePrediction, Consumer<String> warnings) {
        List<String> warns = new ArrayList<>();
        Consumer<String> w = s -> {
            warns.add(s);
            warnings.accept(s);
        };
        return fromStats(stats, spec, null, input, roles(spec, positiveLabel, positivePrediction, stats), Map.of(), warns, w);
    }

    static int threads(AuditSpec spec) {
        return spec.threads() > 0 ? spec.threads() : Parallel.defaultThreads();
    }

    static AuditResult.RolesInfo roles(AuditSpec spec, String positiveLabel, String positivePrediction, StatsTable t) {
        return new AuditResult.RolesInfo(spec.label(), positiveLabel, spec.prediction(), positivePrediction, spec.score(),
                spec.threshold(), spec.weight(), spec.protectedAttributes(), spec.strata(),
                t.classes().isEmpty() ? null : t.classes(), spec.features());
    }

    /**
     * The metric algebra, intervals, p-values and findings from group statistics, whichever engine made them.
     *
     * @param rows the rows behind the statistics, for row-level bootstrap; null when only statistics exist
     */
    static AuditResult fromStats(StatsTable t, AuditSpec spec, AuditData rows, AuditResult.Input input,
                                 AuditResult.RolesInfo roles, Map<String, Estimate> extra, List<String> warns,
                                 Consumer<String> w) {
        GroupChecks.check(t, spec, w);
        Evaluator ev = new Evaluator(spec, t);
        if (!t.classes().isEmpty()) {
            ev.setClassNames(t.classes());
        }
        Evaluator.Parts parts = ev.evaluate(t, true);
        final String analytic = "wilson (rates); newcombe (differences) and katz-log (ratios) of proportions";
        AuditResult r = assemble(parts, spec, input, roles, warns, analytic);
        if (spec.bootstrap() > 0) {
            if (!Bootstrap.exact(t) && rows == null) {
                w.accept("bootstrap skipped: a weighted or regression audit resamples rows, which the SQL engine "
                        + "does not keep; use the in-memory engine");
                r = assemble(parts, spec, input, roles, warns, analytic);
            } else {
                double tail = spec.bootstrap() * (1 - spec.confidence()) / 2;
                if (tail < 5) {
                    w.accept(spec.bootstrap() + " bootstrap replicates leave " + (tail < 1 ? "no" : "fewer than 5")
                            + " replicates beyond each end of the " + dev.probity.core.stats.Interval.percent(spec.confidence())
                            + " percentile intervals, so their ends are rough guesses (use at least "
                            + (long) Math.ceil(10 / (1 - spec.confidence())) + ")");
                }
                // Extra dataset metrics (consistency) are not resampled: they are added after the intervals.
                Bootstrap.Result b = Bootstrap.apply(t, rows, r.estimates(), table ->
                        assemble(ev.evaluate(table, false), spec, input, roles, warns, analytic).estimates(),
                        spec.bootstrap(), spec.seed(), spec.confidence(), threads(spec));
                String intervalMethod = "percentile bootstrap (" + spec.bootstrap() + " replicates, " + b.method() + ", seed "
                        + spec.seed() + "); " + analytic;
                java.util.Iterator<Estimate> it = b.estimates().iterator();
                r = assemble(parts, spec, input, roles, warns, intervalMethod).mapEstimates(e -> it.next());
                r = withholdForSmallGroups(r, spec.minGroupSize());
            }
        }
        r = r.withDataset(extra);
        r = adjustPValues(r, spec.adjust());
        return r.withFindings(Findings.of(r, spec));
    }

    private static AuditResult assemble(Evaluator.Parts parts, AuditSpec spec, AuditResult.Input input,
                                        AuditResult.RolesInfo roles, List<String> warns, String intervalMethod) {
        Map<String, Estimate> dataset = new LinkedHashMap<>(parts.dataset());
        AuditResult.Settings settings = new AuditResult.Settings(spec.confidence(), spec.tolerance(), spec.minGroupSize(),
                spec.bootstrap(), spec.seed(), intervalMethod, spec.adjust().name().toLowerCase(java.util.Locale.ROOT),
                spec.ll144MinShare(), spec.fourFifths(), spec.entropyAlphas(), spec.concentration(), spec.neighbours());
        return new AuditResult(input, roles, parts.overall() == null ? null : spec.task(), parts.overall(),
                parts.attributes(), dataset, settings, List.of(), List.of(), List.copyOf(warns));
    }

    /**
     * A percentile bootstrap of a group with fewer than {@code min} rows (the small-group threshold) gives intervals
     * that look precise and are not; such a group's estimates, and its comparisons with the reference, keep their
     * analytic interval (Wilson, Newcombe, Katz) or none, with the reason.
     */
    static AuditResult withholdForSmallGroups(AuditResult r, int min) {
        Map<String, Map<String, Long>> rows = new java.util.HashMap<>();
        for (MetricTable a : r.attributes()) {
            Map<String, Long> m = new java.util.HashMap<>();
            for (GroupResult g : a.groups()) {
                m.put(g.name(), g.rows());
            }
            rows.put(a.name(), m);
        }
        return r.mapEstimates((scope, e) -> {
            boolean ran = e.bootstrap() != null || e.bootstrapWithheld() != null;
            if (!ran || scope.group() == null || !rows.containsKey(scope.attribute())) {
                return e;
            }
            Map<String, Long> m = rows.get(scope.attribute());
            String who = scope.group();
            long n = m.getOrDefault(who, Long.MAX_VALUE);
            if (scope.reference() != null && m.getOrDefault(scope.reference(), Long.MAX_VALUE) < n) {
                who = scope.reference();
                n = m.get(who);
            }
            if (n >= min) {
                return e;
            }
            return e.withBootstrapWithheld("'" + who + "' has " + n + " rows, fewer than " + min
                    + ": too few for a percentile bootstrap");
        });
    }

    /** Adjusts every comparison's p-value across the whole audit (Holm by default). */
    private static AuditResult adjustPValues(AuditResult r, MultipleTesting.Method method) {
        List<Double> ps = new ArrayList<>();
        r.mapComparisons(c -> {
            ps.add(c.pValue());
            return c;
        });
        double[] adjusted = MultipleTesting.adjust(ps.stream().mapToDouble(Double::doubleValue).toArray(), method);
        int[] i = {0};
        return r.mapComparisons(c -> c.withAdjusted(adjusted[i[0]++]));
    }

    /** Builds the feature matrix (numbers as they are, booleans 0/1, text one-hot) and computes consistency. */
    private static dev.probity.fairness.metrics.Value consistency(Roles.Prepared p, AuditSpec spec, int threads,
                                                                   Consumer<String> w) {
        Frame f = p.frame();
        int n = f.rowCount();
        List<double[]> columns = new ArrayList<>();
        for (String name : spec.features()) {
            Column c = f.column(name);
            if (c.missing().any()) {
                throw new InputException("consistency needs complete features, but '" + c.name() + "' is missing on "
                        + f.origin().describe(c.missing().next(0)));
            }
            switch (c) {
                case DoubleColumn d -> columns.add(dev.probity.core.frame.Numbers.finite(f, d, "feature"));
                case LongColumn l -> columns.add(dev.probity.core.frame.Numbers.of(l));
                case BooleanColumn b -> columns.add(dev.probity.core.frame.Numbers.of(b));
                case StringColumn s -> {
                    StringColumn cs = s.compact();
                    for (int k = 0; k < cs.cardinality(); k++) {
                        double[] v = new double[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = cs.codes()[i] == k ? 1 : 0;
                        }
                        columns.add(v);
                    }
                }
            }
        }
        int d = columns.size();
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = columns.get(j)[i];
            }
        }
        if (n > 50_000) {
            w.accept("consistency compares every pair of rows (" + n + "² distance computations); this takes a while");
        }
        return Consistency.of(x, d, p.outcomeForConsistency(), spec.neighbours(), threads);
    }
}
