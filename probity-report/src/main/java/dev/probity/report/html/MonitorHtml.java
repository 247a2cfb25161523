package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.MonitorResult.Alert;
import dev.probity.monitor.window.MonitorResult.ColumnDrift;
import dev.probity.monitor.window.MonitorResult.GroupRates;
import dev.probity.monitor.window.MonitorResult.WindowReport;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The monitor's report as a self-contained page of time series, each with the threshold its alerts use: drift of the
 * columns that moved most (PSI, with the minor and major lines), the selection rate and accuracy with their intervals
 * and the reference's value, and, per protected attribute, each group's selection rate and its ratio to the reference
 * group's (with the tolerance band); then the alerts and the windows as tables.
 */
public final class MonitorHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/monitor.html.mustache"));
    /** Columns drawn in the drift chart: those with the highest PSI in any window. */
    static final int DRIFT_LINES = 8;

    private MonitorHtml() {
    }

    public static String render(MonitorResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        MonitorResult.Settings s = r.settings();
        m.put("version", AuditJson.VERSION);
        m.put("source", r.source());
        m.put("reference", r.reference());
        m.put("window", s.window());
        m.put("time", s.timeColumn() == null ? "row order" : s.timeColumn());
        m.put("windows", r.windows().size());
        m.put("alertCount", r.alerts().size());
        m.put("major", r.alerts().stream().filter(a -> a.severity().equals("major")).count());
        m.put("notes", r.notes());
        m.put("psiMinor", num(s.psiMinor()));
        m.put("psiMajor", num(s.psiMajor()));
        m.put("tolerance", Double.isNaN(s.tolerance()) ? "" : num(s.tolerance()));
        m.put("level", Double.isNaN(s.confidence()) ? "" : "(" + num(100 * s.confidence()) + "%)");
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Alert a : r.alerts()) {
            alerts.add(Map.of("severity", a.severity(), "window", a.window(), "kind", a.kind(), "text", a.text()));
        }
        m.put("alerts", alerts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WindowReport w : r.windows()) {
            long drifted = w.columns().stream().filter(c -> c.level().equals("minor") || c.level().equals("major")).count();
            rows.add(Map.of("label", w.label(), "rows", String.format(Locale.ROOT, "%,d", w.rows()), "drifted", drifted,
                    "selection", rate(w.outcome() == null ? null : w.outcome().selectionRate()),
                    "accuracy", rate(w.outcome() == null ? null : w.outcome().accuracy()), "note", w.note() == null ? "" : w.note()));
        }
        m.put("rows", rows);
        m.put("hasAudit", r.referenceWindow().outcome() != null);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", data(r).replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    /** The series the page draws, as JSON. */
    static String data(MonitorResult r) {
        MonitorResult.Settings s = r.settings();
        List<WindowReport> ws = r.windows();
        StringBuilder b = new StringBuilder("{\"labels\":").append(strings(ws.stream().map(WindowReport::label).toList()));
        b.append(",\"psiMinor\":").append(JsonText.num(s.psiMinor())).append(",\"psiMajor\":").append(JsonText.num(s.psiMajor()));
        // the columns that moved most
        Map<String, Double> worst = new LinkedHashMap<>();
        for (WindowReport w : ws) {
            for (ColumnDrift c : w.columns()) {
                if (!Double.isNaN(c.psi())) {
                    worst.merge(c.column(), c.psi(), Math::max);
                }
            }
        }
        List<String> top = worst.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(DRIFT_LINES).map(Map.Entry::getKey).toList();
        b.append(",\"drift\":[");
        for (int i = 0; i < top.size(); i++) {
            String col = top.get(i);
            List<Double> v = new ArrayList<>();
            for (WindowReport w : ws) {
                v.add(w.columns().stream().filter(c -> c.column().equals(col)).mapToDouble(ColumnDrift::psi).findFirst().orElse(Double.NaN));
            }
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(col)).append(",\"psi\":").append(nums(v)).append('}');
        }
        b.append("],\"driftColumns\":").append(worst.size());
        if (r.referenceWindow().outcome() != null) {
            b.append(",\"selection\":").append(series(ws, w -> w.outcome() == null ? null : w.outcome().selectionRate()));
            b.append(",\"selectionRef\":").append(JsonText.num(value(r.referenceWindow().outcome().selectionRate())));
            b.append(",\"accuracy\":").append(series(ws, w -> w.outcome() == null ? null : w.outcome().accuracy()));
            b.append(",\"accuracyRef\":").append(JsonText.num(value(r.referenceWindow().outcome().accuracy())));
            if (ws.stream().anyMatch(w -> w.estimated() != null)) {
                List<Double> v = new ArrayList<>();
                List<Double> lo = new ArrayList<>();
                List<Double> hi = new ArrayList<>();
                for (WindowReport w : ws) {
                    var a = w.estimated() == null ? null : w.estimated().get(dev.probity.monitor.perf.Cbpe.Metric.ACCURACY);
                    v.add(a == null ? Double.NaN : a.value());
                    lo.add(a == null ? Double.NaN : a.lower());
                    hi.add(a == null ? Double.NaN : a.upper());
                }
                b.append(",\"estimated\":{\"value\":").append(nums(v)).append(",\"low\":").append(nums(lo)).append(",\"high\":").append(nums(hi)).append('}');
            }
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (WindowReport w : ws) {
            for (GroupRates g : w.groups()) {
                groups.computeIfAbsent(g.attribute(), k -> new LinkedHashSet<>()).add(g.group());
            }
        }
        b.append(",\"tolerance\":").append(JsonText.num(s.tolerance())).append(",\"attributes\":[");
        int a = 0;
        for (Map.Entry<String, Set<String>> e : groups.entrySet()) {
            b.append(a++ == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(e.getKey())).append(",\"groups\":[");
            int k = 0;
            for (String g : e.getValue()) {
                List<Double> rate = new ArrayList<>();
                List<Double> ratio = new ArrayList<>();
                for (WindowReport w : ws) {
                    GroupRates x = w.groups().stream().filter(y -> y.attribute().equals(e.getKey()) && y.group().equals(g)).findFirst().orElse(null);
                    rate.add(x == null ? Double.NaN : value(x.selectionRate()));
                    ratio.add(x == null ? Double.NaN : x.gaps().stream().filter(y -> y.metric().equals("selection_rate"))
                            .mapToDouble(MonitorResult.Gap::ratio).findFirst().orElse(1.0));
                }
                b.append(k++ == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(g)).append(",\"rate\":").append(nums(rate))
                        .append(",\"ratio\":").append(nums(ratio)).append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static String series(List<WindowReport> ws, java.util.function.Function<WindowReport, Estimate> f) {
        List<Double> v = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        for (WindowReport w : ws) {
            Estimate e = f.apply(w);
            v.add(value(e));
            lo.add(e == null || e.interval() == null ? Double.NaN : e.interval().low());
            hi.add(e == null || e.interval() == null ? Double.NaN : e.interval().high());
        }
        return "{\"value\":" + nums(v) + ",\"low\":" + nums(lo) + ",\"high\":" + nums(hi) + "}";
    }

    private static double value(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }

    private static String nums(List<Double> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(JsonText.num(v.get(i)));
        }
        return b.append(']').toString();
    }

    private static String strings(List<String> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(JsonText.str(v.get(i)));
        }
        return b.append(']').toString();
    }

    private static String rate(Estimate e) {
        if (e == null) {
            return "—";
        }
        if (!e.isDefined()) {
            return "undefined";
        }
        var i = e.interval();
        return i == null ? String.format(Locale.ROOT, "%.1f%%", 100 * e.number())
                : String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * e.number(), 100 * i.low(), 100 * i.high());
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
