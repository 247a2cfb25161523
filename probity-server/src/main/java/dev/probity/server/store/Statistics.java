package dev.probity.server.store;

import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.logged.ScoreSketches;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.WindowState;
import dev.probity.server.ingest.ModelDefinition;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Questions answered from the stored windows' statistics, never from the rows: the audit over any span of windows,
 * each window's selection rates by group, and the monitor's report (drift, fairness and alerts per window).
 */
public final class Statistics {
    private final Jdbi jdbi;

    public Statistics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One window's stored statistics. {@code outcomes} is null while no prediction of the window has its label. */
    public record Window(Instant start, Instant end, long predictions, long labelled, WindowState sketches, StatsTable selection,
                         StatsTable outcomes, ScoreSketches scores) {
    }

    /** Decoded windows, by model and start, with the version they were read at: only changed windows are read again. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<Instant, Versioned>> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Versioned(long version, Window window) {
    }

    /** The windows of a model that start in [from, to) (null bounds: open), in time order. */
    public List<Window> windows(String model, Instant from, Instant to) {
        return jdbi.withHandle(h -> {
            List<Map.Entry<Instant, Long>> versions = h.createQuery("select window_start, version from model_window "
                            + "where model = :m and window_start >= :from and window_start < :to order by window_start")
                    .bind("m", model)
                    .bind("from", OffsetDateTime.ofInstant(from == null ? Instant.EPOCH : from, ZoneOffset.UTC))
                    .bind("to", OffsetDateTime.ofInstant(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to, ZoneOffset.UTC))
                    .map((rs, ctx) -> Map.entry(rs.getObject("window_start", OffsetDateTime.class).toInstant(), rs.getLong("version")))
                    .list();
            var known = cache.computeIfAbsent(model, k -> new java.util.concurrent.ConcurrentHashMap<>());
            List<Window> out = new ArrayList<>(versions.size());
            for (Map.Entry<Instant, Long> v : versions) {
                Versioned c = known.get(v.getKey());
                if (c == null || c.version() != v.getValue()) {
                    c = h.createQuery("select window_start, window_end, predictions, labelled, sketches, selection, outcomes, scores, version "
                                    + "from model_window where model = ? and window_start = ?")
                            .bind(0, model).bind(1, OffsetDateTime.ofInstant(v.getKey(), ZoneOffset.UTC))
                            .map((rs, ctx) -> new Versioned(rs.getLong("version"), new Window(rs.getObject("window_start", OffsetDateTime.class).toInstant(),
                                    rs.getObject("window_end", OffsetDateTime.class).toInstant(), rs.getLong("predictions"), rs.getLong("labelled"),
                                    WindowState.fromBytes(rs.getBytes("sketches")), StatsTable.fromBytes(rs.getBytes("selection")),
                                    rs.getBytes("outcomes") == null ? null : StatsTable.fromBytes(rs.getBytes("outcomes")),
                                    ScoreSketches.fromBytes(rs.getBytes("scores")))))
                            .one();
                    known.put(v.getKey(), c);
                }
                out.add(c.window());
            }
            return out;
        });
    }

    /** The fairness audit of the labelled predictions of some windows: their statistics merged, then the audit's algebra. */
    public record Fairness(long windows, long predictions, long labelled, AuditResult audit, String note) {
    }

    /** The audit over the windows in [from, to); {@code audit} is null when none of their predictions has a label yet. */
    public Fairness fairness(ModelDefinition def, Instant from, Instant to) {
        List<Window> ws = windows(def.name(), from, to);
        StatsTable merged = null;
        long p = 0;
        long l = 0;
        for (Window w : ws) {
            p += w.predictions();
            l += w.labelled();
            if (w.outcomes() != null) {
                merged = merged == null ? w.outcomes() : merged.merge(w.outcomes());
            }
        }
        if (merged == null) {
            return new Fairness(ws.size(), p, l, null, ws.isEmpty() ? "no predictions in these windows"
                    : "no prediction in these windows has its label yet; the selection rates need none (see /selection)");
        }
        try {
            long rows = merged.overall().rows();
            AuditResult.Input input = new AuditResult.Input("model " + def.name() + ", " + ws.size() + " window(s) of labelled predictions",
                    "statistics", rows, rows, 0, rows, merged.overall().size(), null, Map.of());
            return new Fairness(ws.size(), p, l, Audit.fromStatistics(merged, def.outcomeAudit(), input, def.positiveLabel(),
                    def.positivePrediction(), w -> { }), null);
        } catch (dev.probity.core.InputException e) {
            // the data so far do not allow an audit (one group only, say): that is the answer, not a bad request
            return new Fairness(ws.size(), p, l, null, "no audit yet: " + e.getMessage());
        }
    }

    /** One group's decisions in one window. */
    public record Selection(String group, long predictions, long positive, double rate) {
    }

    /** Each window's selection rate per group of {@code attribute}, from the predictions alone (labels not needed). */
    public Map<Instant, List<Selection>> selection(ModelDefinition def, String attribute, Instant from, Instant to) {
        Map<Instant, List<Selection>> out = new LinkedHashMap<>();
        for (Window w : windows(def.name(), from, to)) {
            List<Selection> groups = new ArrayList<>();
            for (Map.Entry<List<String>, GroupStats> e : w.selection().marginal(List.of(attribute)).entrySet()) {
                long[] c = e.getValue().cellCounts();
                // with the prediction standing in for the label, the positive decisions are the true positives
                long n = 0;
                for (long x : c) {
                    n += x;
                }
                long pos = Math.round(e.getValue().counts().tp());
                groups.add(new Selection(e.getKey().get(0), n, pos, n == 0 ? Double.NaN : (double) pos / n));
            }
            out.put(w.start(), groups);
        }
        return out;
    }

    /** The monitor's report over the stored windows: drift per feature, the audit per window, alerts. */
    public MonitorResult monitor(ModelStore.StoredModel m, Instant from, Instant to) {
        ModelDefinition def = m.definition();
        List<Window> ws = windows(def.name(), from, to);
        if (ws.isEmpty() || m.profile() == null) {
            return null;
        }
        List<WindowState> states = new ArrayList<>();
        for (Window w : ws) {
            WindowState s = w.sketches();
            states.add(new WindowState(s.label(), s.start(), s.end(), s.rows(), s.columns(), w.outcomes(),
                    w.outcomes() == null ? "no prediction of this window has its label yet" : null));
        }
        boolean firstIsReference = m.reference() == null;
        WindowState reference = firstIsReference ? states.get(0) : m.reference();
        Monitor.Spec spec = def.monitorSpec();
        return Monitor.report(m.profile(), reference, states, spec, "model " + def.name(),
                firstIsReference ? "the first window (" + states.get(0).label() + ")" : "the reference given with the model's definition",
                firstIsReference);
    }

    /** One logged prediction as stored: id, time, window, inputs, prediction, score and label. */
    public java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode> prediction(String model, String id) {
        return jdbi.withHandle(h -> h.createQuery("select id, ts, window_start, inputs, prediction, score, label, labelled_at from prediction "
                        + "where model = ? and id = ?").bind(0, model).bind(1, id)
                .map((rs, ctx) -> {
                    com.fasterxml.jackson.databind.node.ObjectNode o = ModelStore.JSON.createObjectNode();
                    o.put("model", model);
                    o.put("id", rs.getString("id"));
                    o.put("timestamp", rs.getObject("ts", OffsetDateTime.class).toInstant().toString());
                    o.put("window", rs.getObject("window_start", OffsetDateTime.class).toInstant().toString());
                    try {
                        o.set("inputs", ModelStore.JSON.readTree(rs.getString("inputs")));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    o.put("prediction", rs.getString("prediction"));
                    Object score = rs.getObject("score");
                    if (score != null) {
                        o.put("score", ((Number) score).doubleValue());
                    }
                    o.put("label", rs.getString("label"));
                    return o;
                }).findOne());
    }

    /**
     * The inputs of up to {@code limit} logged predictions of a model, the most recent first, leaving out {@code except}:
     * the background against which one prediction is explained.
     */
    @SuppressWarnings("unchecked")
    public List<java.util.Map<String, Object>> recentInputs(String model, int limit, String except) {
        return jdbi.withHandle(h -> h.createQuery("select inputs from prediction where model = ? and id <> ? order by ts desc, id limit " + limit)
                .bind(0, model).bind(1, except).map((rs, ctx) -> {
                    try {
                        return (java.util.Map<String, Object>) ModelStore.JSON.readValue(rs.getString("inputs"), java.util.Map.class);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("a stored prediction's inputs do not read back: " + e.getMessage(), e);
                    }
                }).list());
    }

    /**
     * Performance per window, realized where labels have arrived and estimated from the scores before they do: the
     * scores are calibrated on every labelled, scored prediction of the span (histogram binning), and each window's
     * expected confusion matrix follows (CBPE; {@link dev.probity.monitor.perf.ScoreSketch}). No windows, with the
     * reason, when no prediction of the span has a score in [0, 1] or none of those has a label yet.
     */
    public Performance performance(ModelDefinition def, Instant from, Instant to) {
        List<Window> ws = windows(def.name(), from, to);
        ScoreSketches all = new ScoreSketches(Map.of());
        for (Window w : ws) {
            all = all.merge(w.scores());
        }
        dev.probity.monitor.perf.ScoreSketch overall = all.sketches().get(ScoreSketches.OVERALL);
        if (overall == null || overall.rows() == 0) {
            return new Performance(0, 0, List.of(), "no prediction in these windows carries a score in [0, 1] (the probability of the "
                    + "positive decision), so performance cannot be estimated before labels");
        }
        if (overall.labelled() == 0) {
            return new Performance(0, 0, List.of(), "no scored prediction has its label yet: the scores have nothing to be calibrated on");
        }
        Map<String, double[]> calibration = new java.util.TreeMap<>();
        all.sketches().forEach((k, v) -> {
            if (v.labelled() > 0) {
                calibration.put(k, v.calibration());
            }
        });
        double[] cal = calibration.get(ScoreSketches.OVERALL);
        List<PerformanceWindow> out = new ArrayList<>();
        for (Window w : ws) {
            dev.probity.monitor.perf.ScoreSketch sk = w.scores().sketches().get(ScoreSketches.OVERALL);
            if (sk == null || sk.rows() == 0) {
                continue;
            }
            Map<String, dev.probity.monitor.perf.ScoreSketch.Estimate> groups = new java.util.TreeMap<>();
            w.scores().sketches().forEach((k, v) -> {
                if (!k.equals(ScoreSketches.OVERALL) && v.rows() > 0) {
                    // a group is calibrated on its own labels where it has them, else on everyone's
                    groups.put(k, v.estimate(calibration.getOrDefault(k, cal)));
                }
            });
            Double realized = null;
            if (w.outcomes() != null && w.labelled() > 0) {
                dev.probity.fairness.stats.Confusion c = w.outcomes().overall().confusion();
                realized = (c.tp() + c.tn()) / c.n();
            }
            out.add(new PerformanceWindow(def.window().label(w.start()), w.start(), sk.rows(), sk.unscored(), w.labelled(), realized,
                    sk.estimate(cal), groups));
        }
        return new Performance(overall.labelled(), overall.labelledPositive(), out, null);
    }

    /** Performance over a span: per window, and how many labelled, scored predictions the calibration was learnt from. */
    public record Performance(long calibratedOn, long calibratedPositive, List<PerformanceWindow> windows, String note) {
    }

    /**
     * One window: its scored and unscored predictions, its labelled ones, the accuracy those labels give (null: none
     * yet), and the estimate from the scores, overall and per group ({@code attribute=group}).
     */
    public record PerformanceWindow(String window, Instant start, long scored, long unscored, long labelled, Double realizedAccuracy,
                                    dev.probity.monitor.perf.ScoreSketch.Estimate estimate,
                                    Map<String, dev.probity.monitor.perf.ScoreSketch.Estimate> groups) {
    }
}
