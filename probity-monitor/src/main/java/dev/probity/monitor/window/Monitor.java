package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.TwoByTwo;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.Comparison;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.stats.Confusion;
import dev.probity.fairness.stats.QuantileSketch;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.monitor.drift.Binning;
import dev.probity.monitor.drift.Distances;
import dev.probity.monitor.perf.Calibration;
import dev.probity.monitor.perf.Cbpe;
import dev.probity.monitor.perf.Chunking;
import dev.probity.monitor.window.MonitorResult.Alert;
import dev.probity.monitor.window.MonitorResult.ColumnDrift;
import dev.probity.monitor.window.MonitorResult.Gap;
import dev.probity.monitor.window.MonitorResult.GroupRates;
import dev.probity.monitor.window.MonitorResult.Outcome;
import dev.probity.monitor.window.MonitorResult.WindowReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitoring over time: rows cut into windows ({@link Windowing}), each window reduced to a {@link WindowState} of
 * mergeable statistics, and each state compared with the reference's. Every number of the report is computed from
 * states, never from rows, so states kept from earlier runs — or merged from days into weeks with {@link #rollUp} —
 * give the same report as the rows would.
 *
 * <p>Alerts, per window:
 * <ul>
 *   <li><b>drift</b>: a column's population stability index on the reference's deciles or levels at 0.1 (minor) or
 *   0.25 (major) — the bands credit-risk practice uses (Siddiqi, <i>Credit Risk Scorecards</i>, 2006): below 0.1 no
 *   real change, 0.1 to 0.25 a change to look into, above 0.25 a shift;</li>
 *   <li><b>prediction</b>: the share of positive decisions moved from the reference's by at least {@code rateShift}
 *   (5 points) and the difference is significant (p &lt; 0.05; Fisher's exact test or the G-test on the 2×2 table);</li>
 *   <li><b>performance</b>, where labels exist: accuracy below the reference's by at least {@code rateShift}, and
 *   significant;</li>
 *   <li><b>fairness</b>: a group's selection rate, true positive rate or false positive rate outside the tolerance
 *   (ratio to the reference group's outside [τ, 1/τ], τ = 0.8 by default) — major when the audit's adjusted p-value is
 *   below 0.05, minor when the window is too small to tell.</li>
 * </ul>
 */
public final class Monitor {
    private Monitor() {
    }

    /**
     * What to monitor.
     *
     * @param timeColumn the column of times (null: row windows in the data's order)
     * @param period     the window
     * @param columns    the columns to watch for drift (null: every column of the data except the time column)
     * @param audit      the fairness audit of each window (null: none)
     * @param psiMinor   the PSI of a minor drift alert
     * @param psiMajor   the PSI of a major one
     * @param rateShift  the change of selection rate or accuracy that raises an alert when significant
     * @param scoreColumn the model's score (probability of the positive class), for performance estimated before labels
     *                   arrive (CBPE; needs the audit's label and positive value); null: none
     */
    public record Spec(String timeColumn, Period period, List<String> columns, AuditSpec audit, double psiMinor, double psiMajor,
                       double rateShift, String scoreColumn) {
        public Spec {
            if (period == null) {
                throw new InputException("a monitor needs a window");
            }
            if (!(psiMinor > 0 && psiMajor >= psiMinor && Double.isFinite(psiMajor))) {
                throw new InputException("drift thresholds need 0 < minor ≤ major; got " + psiMinor + " and " + psiMajor);
            }
            if (!(rateShift > 0 && rateShift < 1)) {
                throw new InputException("a rate shift is in (0, 1); got " + rateShift);
            }
        }

        public static Spec of(String timeColumn, Period period, List<String> columns, AuditSpec audit) {
            return new Spec(timeColumn, period, columns, audit, 0.1, 0.25, 0.05, null);
        }

        /** The same, with a column of the model's scores (probabilities of the positive class) for CBPE. */
        public Spec withScores(String column) {
            return new Spec(timeColumn, period, columns, audit, psiMinor, psiMajor, rateShift, column);
        }
    }

    /** Monitors {@code data} window by window against {@code reference} (null: the first window is the reference). */
    public static MonitorResult run(Frame reference, Frame data, Spec given) {
        Spec spec = given;
        List<Windowing.Window> windows = Windowing.split(data, spec.timeColumn(), spec.period());
        if (windows.isEmpty()) {
            throw new InputException(data.source() + " has no rows to monitor");
        }
        List<String> notes = new ArrayList<>();
        List<Alert> early = new ArrayList<>();
        if (reference != null && reference.columnNames().stream().noneMatch(data::has)) {
            throw new InputException(reference.source() + " and " + data.source() + " share no column: is that the reference of this data?");
        }
        List<String> cols = columns(reference == null ? data : reference, data, spec, notes);
        if (reference != null && spec.columns() == null) {
            String time = spec.timeColumn();
            List<String> gone = reference.columnNames().stream().filter(c -> !data.has(c) && !c.equals(time)).toList();
            if (!gone.isEmpty()) {
                early.add(new Alert(windows.get(0).label(), "data", String.join(", ", gone), gone.size(), 0, "major",
                        "columns of the reference missing from the data: " + String.join(", ", gone)));
            }
        }
        gaps(windows, spec.period(), notes);
        Frame ref = reference != null ? reference : data.select(windows.get(0).rows());
        Profile profile = Profile.of(ref, cols);
        String refName = reference != null ? reference.source() : "the first window (" + windows.get(0).label() + ")";
        if (windows.size() == 1) {
            notes.add(reference == null ? "The data fill one window, which is the reference: nothing was compared."
                    : "The data fill one window: nothing to follow over time, only the comparison with the reference.");
        }
        StatsTable refStats = null;
        if (spec.audit() != null) {
            // the audit must run on the reference (its errors are the input's); its reference groups then hold for every window
            refStats = Audit.statistics(ref, spec.audit());
            StatsTable stats = refStats;
            AuditResult ra = Audit.fromStatistics(stats, spec.audit(), "reference");
            AuditSpec fixed = spec.audit();
            for (MetricTable t : ra.attributes()) {
                if (!t.intersection() && t.reference() != null) {
                    fixed = fixed.withDefaultReference(t.name(), t.reference());
                }
            }
            spec = new Spec(spec.timeColumn(), spec.period(), spec.columns(), fixed, spec.psiMinor(), spec.psiMajor(), spec.rateShift(),
                    spec.scoreColumn());
        }
        // the reference's statistics were computed once, above; the reference groups fixed there do not change them
        WindowState refState = state(profile, ref, allRows(ref), "reference", null, null, spec.audit(), refStats);
        List<WindowState> states = new ArrayList<>();
        for (Windowing.Window w : windows) {
            states.add(state(profile, data, w.rows(), w.label(), w.start(), w.end(), spec.audit()));
        }
        MonitorResult r = report(profile, refState, states, spec, data.source(), refName, reference == null);
        List<String> all = new ArrayList<>(notes);
        all.addAll(r.notes());
        List<WindowReport> windowsOut = r.windows();
        List<Alert> alerts = new ArrayList<>(early);
        alerts.addAll(r.alerts());
        if (spec.scoreColumn() != null) {
            Cbpe.Report est = estimate(ref, data, windows, spec, all);
            if (est != null) {
                windowsOut = new ArrayList<>();
                for (int i = 0; i < r.windows().size(); i++) {
                    WindowReport w = r.windows().get(i);
                    Cbpe.ChunkResult c = est.chunks().get(i);
                    windowsOut.add(new WindowReport(w.label(), w.start(), w.end(), w.rows(), w.columns(), w.outcome(), w.groups(), w.note(), c));
                    Cbpe.Estimate a = c.get(Cbpe.Metric.ACCURACY);
                    if (a.alert()) {
                        alerts.add(new Alert(w.label(), "estimated performance", "accuracy", a.value(), a.value() < a.lowerThreshold()
                                ? a.lowerThreshold() : a.upperThreshold(), "minor", String.format(Locale.ROOT,
                                "estimated accuracy %.1f%% (band %.1f–%.1f%%) outside the reference's range [%.1f%%, %.1f%%]; %,d of %,d rows labelled",
                                100 * a.value(), 100 * a.lower(), 100 * a.upper(), 100 * a.lowerThreshold(), 100 * a.upperThreshold(), c.labelled(),
                                c.rows())));
                    }
                }
                windowsOut = List.copyOf(windowsOut);
            }
        }
        alerts.sort(java.util.Comparator.comparingInt(a -> indexOf(windows, a.window())));
        return new MonitorResult(r.settings(), r.source(), r.reference(), r.referenceIsFirstWindow(), r.referenceWindow(), windowsOut,
                List.copyOf(alerts), List.copyOf(all));
    }

    /** Time windows with no row between the first and the last: an outage would otherwise be invisible. */
    private static void gaps(List<Windowing.Window> windows, Period p, List<String> notes) {
        gaps(windows.stream().map(Windowing.Window::start).toList(), windows.stream().map(Windowing.Window::label).toList(), p, notes);
    }

    /** As above, from the windows' starts and labels in time order. */
    private static void gaps(List<Instant> starts, List<String> labels, Period p, List<String> notes) {
        if (p.byRows() || starts.size() < 2) {
            return;
        }
        java.util.Set<Instant> have = new java.util.HashSet<>(starts);
        List<String> empty = new ArrayList<>();
        int count = 0;
        Instant t = starts.get(0);
        Instant last = starts.get(starts.size() - 1);
        for (int guard = 0; t.isBefore(last) && guard < 1_000_000; guard++) {
            if (!have.contains(t)) {
                count++;
                if (empty.size() < 10) {
                    empty.add(p.label(t));
                }
            }
            t = p.end(t);
        }
        if (count > 0) {
            notes.add(String.format(Locale.ROOT, "%d window%s between %s and %s had no row%s: %s%s", count, count == 1 ? "" : "s",
                    labels.get(0), labels.get(labels.size() - 1), count == 1 ? "" : "s", String.join(", ", empty),
                    count > empty.size() ? ", …" : ""));
        }
    }

    /**
     * Monitoring in parts — Spark partitions, or files of one day each — when the data do not fit in one place:
     * {@link #plan} where the reference is, {@link #partStates} where each part lies, the parts' states merged window by
     * window ({@link WindowState#merge}), and {@link #fromStates} once. The result equals {@link #run} over all rows
     * together, because each window's sketches add up exactly. What needs the rows or their order is not available in
     * parts: the plan needs a reference, time windows (not row windows) and the columns to watch named; no audit per
     * window and no performance estimate.
     *
     * @param profile       the reference's bins and levels, which every part counts in
     * @param reference     the reference's state
     * @param spec          what to monitor
     * @param referenceName the reference's name, for the report
     */
    public record Plan(Profile profile, WindowState reference, Spec spec, String referenceName) {}

    /** The plan of monitoring in parts against {@code reference}; refuses what only {@link #run} can do. */
    public static Plan plan(Frame reference, Spec spec) {
        if (reference == null) {
            throw new InputException("monitoring in parts needs a reference: no part knows which window comes first");
        }
        if (spec.period().byRows() || spec.timeColumn() == null) {
            throw new InputException("monitoring in parts needs time windows and a time column; row windows are cut in the "
                    + "order of all rows, which no part knows");
        }
        if (spec.columns() == null || spec.columns().isEmpty()) {
            throw new InputException("name the columns to watch ({{columns}}) when monitoring in parts: which columns are "
                    + "identifiers or times is decided from all rows");
        }
        if (spec.audit() != null || spec.scoreColumn() != null) {
            throw new InputException("monitoring in parts watches drift only: the audit per window and the performance "
                    + "estimate need the rows of each window together");
        }
        for (String c : spec.columns()) {
            if (!reference.has(c)) {
                throw new InputException(reference.source() + ": " + reference.unknownColumnMessage(c));
            }
        }
        Profile profile = Profile.of(reference, List.copyOf(spec.columns()));
        WindowState ref = state(profile, reference, allRows(reference), "reference", null, null, null, null);
        return new Plan(profile, ref, spec, reference.source());
    }

    /**
     * The states of the windows that the rows of one part fall in (a part may hold pieces of several windows, and a
     * window pieces of several parts), in time order.
     */
    public static List<WindowState> partStates(Profile profile, String timeColumn, Period period, Frame part) {
        List<WindowState> out = new ArrayList<>();
        if (part.rowCount() == 0) {
            return out;
        }
        for (Profile.ColumnProfile p : profile.columns()) {
            if (!part.has(p.name())) {
                throw new InputException(part.source() + ": " + part.unknownColumnMessage(p.name()));
            }
        }
        for (Windowing.Window w : Windowing.split(part, timeColumn, period)) {
            out.add(state(profile, part, w.rows(), w.label(), w.start(), w.end(), null, null));
        }
        return out;
    }

    /**
     * The report from the windows' merged states (one per window, in any order): the same as {@link #run} gives over
     * the rows behind them.
     */
    public static MonitorResult fromStates(Plan plan, List<WindowState> windows, String source) {
        if (windows.isEmpty()) {
            throw new InputException(source + " has no rows to monitor");
        }
        List<WindowState> sorted = new ArrayList<>(windows);
        sorted.sort(java.util.Comparator.comparing(WindowState::start));
        List<String> notes = new ArrayList<>();
        gaps(sorted.stream().map(WindowState::start).toList(), sorted.stream().map(WindowState::label).toList(),
                plan.spec().period(), notes);
        if (sorted.size() == 1) {
            notes.add("The data fill one window: nothing to follow over time, only the comparison with the reference.");
        }
        MonitorResult r = report(plan.profile(), plan.reference(), sorted, plan.spec(), source, plan.referenceName(), false);
        notes.addAll(r.notes());
        return new MonitorResult(r.settings(), r.source(), r.reference(), r.referenceIsFirstWindow(), r.referenceWindow(),
                r.windows(), r.alerts(), List.copyOf(notes));
    }

    private static int indexOf(List<Windowing.Window> windows, String label) {
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * CBPE over the windows: calibrated on the reference's scores and labels (in 10 chunks of equal size for its
     * thresholds), then each window estimated from its scores. Computed from the rows of this run — the estimate is not
     * kept in the window states. Null, with a note, when it cannot run.
     */
    private static Cbpe.Report estimate(Frame ref, Frame data, List<Windowing.Window> windows, Spec spec, List<String> notes) {
        AuditSpec audit = spec.audit();
        String why = null;
        if (audit == null || audit.label() == null || audit.positive() == null) {
            why = "it needs the label and its positive value";
        } else if (!data.has(audit.label()) || !ref.has(audit.label())) {
            why = "the label '" + audit.label() + "' is an expression, not a column";
        } else if (!data.has(spec.scoreColumn()) || !ref.has(spec.scoreColumn())) {
            why = "there is no score column '" + spec.scoreColumn() + "'";
        }
        if (why != null) {
            notes.add("Performance is not estimated before labels arrive (CBPE): " + why + ".");
            return null;
        }
        try {
        double[] refScores = dev.probity.core.frame.Numbers.of(ref.column(spec.scoreColumn()));
        int[] refLabels = labels(ref, audit);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < refLabels.length; i++) {
            if (refLabels[i] >= 0 && !Double.isNaN(refScores[i])) {
                keep.add(i);
            }
        }
        double[] rs = new double[keep.size()];
        int[] rl = new int[keep.size()];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = refScores[keep.get(i)];
            rl[i] = refLabels[keep.get(i)];
        }
        double threshold = audit.threshold() == null ? 0.5 : audit.threshold();
            Cbpe.Estimator est = Cbpe.fit(Cbpe.Rows.of(rs, rl), Chunking.bySize(Math.max(1, (rs.length + 9) / 10)),
                    Cbpe.Settings.defaults().withDecisionThreshold(threshold));
            double[] scores = dev.probity.core.frame.Numbers.of(data.column(spec.scoreColumn()));
            int[] labels = labels(data, audit);
            int total = 0;
            for (Windowing.Window w : windows) {
                total += w.rows().length;
            }
            double[] ws = new double[total];
            int[] wl = new int[total];
            List<String> keys = new ArrayList<>(total);
            int k = 0;
            for (Windowing.Window w : windows) {
                for (int row : w.rows()) {
                    ws[k] = scores[row];
                    wl[k++] = labels[row];
                    keys.add(w.label());
                }
            }
            Cbpe.Report r = est.estimate(Cbpe.Rows.of(ws, wl), Chunking.byKey(keys));
            Calibration.Check c = r.calibration();
            notes.add("Performance before labels arrive (CBPE, as NannyML): calibrated on the reference's labelled rows"
                    + (c.applied() ? " by " + c.method().name().toLowerCase(Locale.ROOT) + " regression" : " (the scores were left as they are)")
                    + "; estimates assume the model's calibration holds on new data (no concept drift). " + c.reason());
            notes.addAll(r.notes());
            return r;
        } catch (InputException e) {
            notes.add("Performance is not estimated before labels arrive (CBPE): " + e.getMessage() + ".");
            return null;
        }
    }

    /** 1 where the label is the positive value, 0 where another, −1 where missing. */
    private static int[] labels(Frame f, AuditSpec audit) {
        dev.probity.core.frame.Column c = f.column(audit.label());
        int[] out = new int[f.rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.isMissing(i) ? -1 : c.format(i).equals(audit.positive()) ? 1 : 0;
        }
        return out;
    }

    /**
     * The columns to watch: those named, or every column of both tables but the time column, columns of dates and
     * times (which move with time by nature) and identifiers (whole numbers or text, a different value on every row);
     * what was left out is said in {@code notes}.
     */
    private static List<String> columns(Frame ref, Frame data, Spec spec, List<String> notes) {
        if (spec.columns() != null) {
            for (String c : spec.columns()) {
                if (!data.has(c)) {
                    throw new InputException(data.source() + ": " + data.unknownColumnMessage(c));
                }
            }
            return List.copyOf(spec.columns());
        }
        List<String> out = new ArrayList<>();
        List<String> times = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String c : data.columnNames()) {
            if (c.equals(spec.timeColumn()) || !ref.has(c)) {
                continue;
            }
            if (timeLike(data.column(c))) {
                times.add(c);
            } else if (identifier(data.column(c))) {
                ids.add(c);
            } else {
                out.add(c);
            }
        }
        if (!times.isEmpty()) {
            notes.add("Columns of dates or times are not watched for drift (they move with time by nature): " + String.join(", ", times)
                    + ". Name them among the columns to watch them.");
        }
        if (!ids.isEmpty()) {
            notes.add("Identifiers (a different value on every row) are not watched for drift: " + String.join(", ", ids) + ".");
        }
        if (out.isEmpty()) {
            throw new InputException(data.source() + ": no column left to watch for drift; name the columns to watch");
        }
        return out;
    }

    /** Text whose first 50 values are all ISO-8601 dates or date-times. */
    static boolean timeLike(dev.probity.core.frame.Column c) {
        if (!(c instanceof dev.probity.core.frame.StringColumn)) {
            return false;
        }
        int seen = 0;
        for (int i = 0; i < c.size() && seen < 50; i++) {
            if (c.isMissing(i)) {
                continue;
            }
            String v = c.format(i).strip();
            if (v.length() < 10 || !Character.isDigit(v.charAt(0))) {
                return false;
            }
            try {
                Windowing.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
            seen++;
        }
        return seen > 0;
    }

    /** Whole numbers or text with a different value on every one of at least 100 rows. */
    static boolean identifier(dev.probity.core.frame.Column c) {
        if (c.size() < 100 || c instanceof dev.probity.core.frame.DoubleColumn || c instanceof dev.probity.core.frame.BooleanColumn) {
            return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i) || !seen.add(c.format(i))) {
                return false;
            }
        }
        return true;
    }

    private static int[] allRows(Frame f) {
        int[] r = new int[f.rowCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The state of some rows of a frame: column sketches on the profile and, with an audit, its group statistics. */
    public static WindowState state(Profile profile, Frame data, int[] rows, String label, Instant start, Instant end, AuditSpec audit) {
        return state(profile, data, rows, label, start, end, audit, null);
    }

    /** As above, with the audit's statistics already computed ({@code given}, or null to compute them here). */
    private static WindowState state(Profile profile, Frame data, int[] rows, String label, Instant start, Instant end, AuditSpec audit,
                                     StatsTable given) {
        Map<String, ColumnSketch> cols = new LinkedHashMap<>();
        for (Profile.ColumnProfile p : profile.columns()) {
            if (!data.has(p.name())) {
                throw new InputException(data.source() + ": " + data.unknownColumnMessage(p.name()));
            }
            cols.put(p.name(), ColumnSketch.of(p, data.column(p.name()), rows));
        }
        StatsTable stats = given;
        String note = null;
        if (audit != null && given == null) {
            try {
                stats = Audit.statistics(data.select(rows), audit);
            } catch (InputException e) {
                note = "no audit: " + e.getMessage();
            }
        }
        return new WindowState(label, start, end, rows.length, cols, stats, note);
    }

    /**
     * Windows merged into coarser ones — days into weeks, weeks into months — from their states alone. Each state must
     * have a start, and the finer windows must nest in the coarser ones (hours or days into weeks and months, N days
     * into kN days); merged windows are listed in time order.
     */
    public static List<WindowState> rollUp(List<WindowState> states, Period finer, Period coarser) {
        if (!finer.nestsIn(coarser)) {
            throw new InputException("windows of " + finer + " do not nest in windows of " + coarser + "; merge them into a period they fit in");
        }
        if (coarser.byRows()) {
            throw new InputException("row windows are cut in order and are not merged up; cut them again with the larger count");
        }
        java.util.TreeMap<Instant, WindowState> out = new java.util.TreeMap<>();
        for (WindowState s : states) {
            if (s.start() == null) {
                throw new InputException("window '" + s.label() + "' has no start time and cannot be merged by time");
            }
            Instant start = coarser.start(s.start());
            WindowState named = new WindowState(coarser.label(start), start, coarser.end(start), s.rows(), s.columns(), s.audit(), s.note());
            out.merge(start, named, (a, b) -> a.merge(b, a.label(), a.start(), a.end()));
        }
        return List.copyOf(out.values());
    }

    /** The report from states alone: each window against the reference state. */
    public static MonitorResult report(Profile profile, WindowState reference, List<WindowState> windows, Spec spec, String source,
                                       String referenceName, boolean referenceIsFirstWindow) {
        AuditSpec audit = spec.audit();
        WindowReport ref = window(profile, reference, reference, audit, spec);
        List<WindowReport> out = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (WindowState w : windows) {
            WindowReport r = window(profile, reference, w, audit, spec);
            out.add(r);
            alerts.addAll(alerts(r, ref, w, reference, spec));
        }
        List<String> notes = new ArrayList<>();
        if (referenceIsFirstWindow) {
            notes.add("No reference was given: the first window is the reference, so it cannot drift and every later window is "
                    + "compared with it.");
        }
        for (Profile.ColumnProfile c : profile.columns()) {
            if (!c.numerical() && c.levels().size() == Profile.MAX_LEVELS) {
                notes.add(c.name() + ": more than " + Profile.MAX_LEVELS + " values; the rest are counted together as " + Profile.OTHER);
            }
        }
        MonitorResult.Settings settings = new MonitorResult.Settings(spec.timeColumn(), spec.period().toString(),
                profile.columns().stream().map(Profile.ColumnProfile::name).toList(), spec.psiMinor(), spec.psiMajor(), spec.rateShift(), 0.05,
                audit == null ? Double.NaN : audit.tolerance(), audit == null ? Double.NaN : audit.confidence(),
                audit == null ? List.of() : audit.protectedAttributes(), audit == null ? null : audit.label(),
                audit == null ? null : audit.prediction() != null ? audit.prediction() : audit.score());
        return new MonitorResult(settings, source, referenceName, referenceIsFirstWindow, ref, List.copyOf(out), List.copyOf(alerts),
                List.copyOf(notes));
    }

    private static WindowReport window(Profile profile, WindowState reference, WindowState w, AuditSpec audit, Spec spec) {
        List<ColumnDrift> cols = new ArrayList<>();
        for (Profile.ColumnProfile p : profile.columns()) {
            ColumnSketch r = reference.columns().get(p.name());
            ColumnSketch s = w.columns().get(p.name());
            double psi = Double.NaN;
            double js = Double.NaN;
            String level = "none";
            if (s.present() > 0 && r.present() > 0) {
                double[] a = r.shares();
                double[] b = s.shares();
                psi = Distances.psi(Binning.floored(a), Binning.floored(b));
                js = Distances.jensenShannon(a, b);
                level = psi >= spec.psiMajor() ? "major" : psi >= spec.psiMinor() ? "minor" : "none";
            } else {
                // no value to compare: a column that emptied, or changed kind, is itself the largest change
                level = w.rows() > 0 && r.present() > 0 ? "major" : "undefined";
            }
            double missing = w.rows() == 0 ? Double.NaN : (double) s.missing() / w.rows();
            double[] q = null;
            QuantileSketch v = s.values();
            if (v != null && !v.isEmpty()) {
                q = new double[] {v.quantile(0.05), v.quantile(0.5), v.quantile(0.95)};
            }
            cols.add(new ColumnDrift(p.name(), psi, js, level, missing, q));
        }
        Outcome outcome = null;
        List<GroupRates> groups = new ArrayList<>();
        String note = w.note();
        if (audit != null && w.audit() != null) {
            outcome = outcome(w.audit(), audit.confidence());
            try {
                AuditResult a = Audit.fromStatistics(w.audit(), audit, w.label());
                for (MetricTable t : a.attributes()) {
                    if (t.intersection()) {
                        continue;
                    }
                    for (GroupResult g : t.groups()) {
                        GroupDisparity d = t.disparity(g.name());
                        List<Gap> gaps = new ArrayList<>();
                        if (d != null && !g.name().equals(t.reference())) {
                            for (String m : List.of("selection_rate", "tpr", "fpr")) {
                                Comparison c = d.comparison(m);
                                if (c != null) {
                                    gaps.add(new Gap(m, c.reference(), number(c.ratio()), number(c.difference()), c.parity(), c.pAdjusted()));
                                }
                            }
                        }
                        groups.add(new GroupRates(t.name(), g.name(), g.rows(), g.metric("selection_rate"), g.metric("tpr"), g.metric("fpr"),
                                List.copyOf(gaps)));
                    }
                }
            } catch (InputException e) {
                note = "no audit by group: " + e.getMessage();
            }
        }
        return new WindowReport(w.label(), w.start(), w.end(), w.rows(), List.copyOf(cols), outcome, List.copyOf(groups), note, null);
    }

    /**
     * The window's decisions and accuracy from its overall confusion counts, with Wilson intervals: they need no group,
     * so a window whose audit by group cannot run (one group only, say) still has them.
     */
    private static Outcome outcome(StatsTable t, double level) {
        Confusion c = t.overall().counts();
        if (c == null) {
            return null;
        }
        double n = c.tp() + c.fp() + c.tn() + c.fn();
        if (n == 0) {
            return null;
        }
        return new Outcome(Math.round(n), rate(c.tp() + c.fp(), n, level, "no rows"), rate(c.tp() + c.tn(), n, level, "no rows"),
                rate(c.tp(), c.tp() + c.fn(), level, "no positive label"), rate(c.fp(), c.fp() + c.tn(), level, "no negative label"));
    }

    private static Estimate rate(double k, double n, double level, String undefined) {
        if (n == 0) {
            return Estimate.of(dev.probity.fairness.metrics.Value.undefined(undefined));
        }
        return Estimate.of(dev.probity.fairness.metrics.Value.of(k / n)).withAnalytic(dev.probity.core.stats.Interval.wilson(k, n, level));
    }

    private static double number(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }

    /** Below this many values in a window, a drift alert is at most minor: a verdict on so few is weak. */
    public static final int SMALL = 30;

    private static List<Alert> alerts(WindowReport r, WindowReport ref, WindowState w, WindowState reference, Spec spec) {
        List<Alert> out = new ArrayList<>();
        for (ColumnDrift c : r.columns()) {
            ColumnSketch now = w.columns().get(c.column());
            ColumnSketch then = reference.columns().get(c.column());
            if (now.present() == 0 && then.present() > 0 && w.rows() > 0) {
                String why = now.wrongKind() > 0 ? "holds text where the reference had numbers (" + now.wrongKind() + " of " + w.rows() + " rows)"
                        : "has no value in its " + w.rows() + " row" + (w.rows() == 1 ? "" : "s");
                out.add(new Alert(r.label(), "data", c.column(), 1.0, 0, "major", c.column() + " " + why + "; the reference had values"));
                continue;
            }
            double missingBefore = ref.columns().stream().filter(x -> x.column().equals(c.column())).mapToDouble(ColumnDrift::missingShare)
                    .findFirst().orElse(0);
            double rise = c.missingShare() - missingBefore;
            if (rise >= 0.05 && w.rows() > 0) {
                out.add(new Alert(r.label(), "data", c.column(), c.missingShare(), missingBefore, rise >= 0.2 ? "major" : "minor",
                        String.format(Locale.ROOT, "%s: %.1f%% of values missing or unreadable, against %.1f%% in the reference", c.column(),
                                100 * c.missingShare(), 100 * missingBefore)));
            }
            if (c.level().equals("major") || c.level().equals("minor")) {
                double t = c.level().equals("major") ? spec.psiMajor() : spec.psiMinor();
                boolean few = now.present() < SMALL;
                out.add(new Alert(r.label(), "drift", c.column(), c.psi(), t, few ? "minor" : c.level(), String.format(Locale.ROOT,
                        "%s moved: PSI %.3f against the reference (≥ %s)%s", c.column(), c.psi(), num(t),
                        few ? " — on only " + now.present() + " value" + (now.present() == 1 ? "" : "s") + ", a weak verdict" : "")));
            }
        }
        if (r.outcome() != null && ref.outcome() != null && w.audit() != null && reference.audit() != null) {
            Confusion now = w.audit().overall().counts();
            Confusion then = reference.audit().overall().counts();
            rateAlert(out, r.label(), "prediction", "selection rate", r.outcome().selectionRate(), ref.outcome().selectionRate(),
                    now == null ? null : new double[] {now.tp() + now.fp(), now.tn() + now.fn()},
                    then == null ? null : new double[] {then.tp() + then.fp(), then.tn() + then.fn()}, spec, false);
            rateAlert(out, r.label(), "performance", "accuracy", r.outcome().accuracy(), ref.outcome().accuracy(),
                    now == null ? null : new double[] {now.tp() + now.tn(), now.fp() + now.fn()},
                    then == null ? null : new double[] {then.tp() + then.tn(), then.fp() + then.fn()}, spec, true);
        }
        // one alert per attribute and rate, naming every group outside the tolerance
        Map<String, List<String>> outside = new LinkedHashMap<>();
        Map<String, Boolean> significant = new LinkedHashMap<>();
        Map<String, Double> worst = new LinkedHashMap<>();
        Map<String, String> refGroup = new LinkedHashMap<>();
        for (GroupRates g : r.groups()) {
            for (Gap gap : g.gaps()) {
                // a ratio against a reference rate of 0 is undefined, but a rate that moved off 0 by a real amount is a disparity
                boolean undefinedButApart = gap.parity() == null && Double.isNaN(gap.ratio()) && Math.abs(gap.difference()) >= spec.rateShift();
                if (Boolean.FALSE.equals(gap.parity()) || undefinedButApart) {
                    String key = g.attribute() + "\u0000" + gap.metric();
                    boolean sig = gap.pAdjusted() < 0.05;
                    String shown = undefinedButApart ? String.format(Locale.ROOT, "%s %.1f%% against 0%%", g.group(), 100 * gap.difference())
                            : String.format(Locale.ROOT, "%s %.2f×", g.group(), gap.ratio());
                    outside.computeIfAbsent(key, k -> new ArrayList<>()).add(shown + (sig ? "" : " (not significant, " + g.rows() + " rows)"));
                    significant.merge(key, sig, Boolean::logicalOr);
                    worst.merge(key, undefinedButApart ? Double.POSITIVE_INFINITY : gap.ratio(),
                            (a, b) -> Math.abs(Math.log(b)) > Math.abs(Math.log(a)) ? b : a);
                    refGroup.put(key, gap.referenceGroup());
                }
            }
        }
        for (Map.Entry<String, List<String>> e : outside.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            boolean sig = significant.get(e.getKey());
            out.add(new Alert(r.label(), "fairness", k[0] + " " + k[1], worst.get(e.getKey()), spec.audit().tolerance(), sig ? "major" : "minor",
                    String.format(Locale.ROOT, "%s: %s against the %s group's, outside [%s, %s]: %s", k[0], label(k[1]), refGroup.get(e.getKey()),
                            num(spec.audit().tolerance()), num(1 / spec.audit().tolerance()), String.join(", ", e.getValue()))));
        }
        return out;
    }

    private static void rateAlert(List<Alert> out, String window, String kind, String name, Estimate now, Estimate then, double[] a, double[] b,
                                  Spec spec, boolean onlyDown) {
        if (now == null || then == null || !now.isDefined() || !then.isDefined() || a == null || b == null) {
            return;
        }
        double d = now.number() - then.number();
        if (Math.abs(d) < spec.rateShift() || (onlyDown && d > 0)) {
            return;
        }
        TwoByTwo.Result t = TwoByTwo.test(Math.round(a[0]), Math.round(a[1]), Math.round(b[0]), Math.round(b[1]));
        if (t == null || !(t.pValue() < 0.05)) {
            return;
        }
        out.add(new Alert(window, kind, name, now.number(), then.number(), "major", String.format(Locale.ROOT,
                "%s %.1f%% against the reference's %.1f%% (%+.1f points; %s p %.2g)", name, 100 * now.number(), 100 * then.number(),
                100 * d, t.test(), t.pValue())));
    }

    private static String label(String metric) {
        return switch (metric) {
            case "selection_rate" -> "selection rate";
            case "tpr" -> "true positive rate";
            case "fpr" -> "false positive rate";
            default -> metric;
        };
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
