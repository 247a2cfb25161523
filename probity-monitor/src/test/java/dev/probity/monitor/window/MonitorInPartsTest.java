package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Monitoring in parts, each part's window states merged window by window, equals Monitor.run over all rows. */
class MonitorInPartsTest {
    static final Monitor.Spec SPEC = Monitor.Spec.of("compas_screening_date", Period.parse("1M"),
            List.of("decile_score", "age", "race", "priors_count", "c_charge_degree"), null);

    static MonitorResult inParts(Frame reference, Frame data, Monitor.Spec spec, int... cuts) {
        Monitor.Plan plan = Monitor.plan(reference, spec);
        TreeMap<Instant, WindowState> merged = new TreeMap<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data.rowCount();
            Frame part = data.select(IntStream.range(from, to).toArray());
            for (WindowState w : Monitor.partStates(plan.profile(), spec.timeColumn(), spec.period(), part)) {
                WindowState back = WindowState.fromBytes(w.toBytes());
                merged.merge(back.start(), back, (a, b) -> a.merge(b, a.label(), a.start(), a.end()));
            }
            from = to;
        }
        return Monitor.fromStates(plan, new ArrayList<>(merged.values()), data.source());
    }

    @Test
    void compasMonthByMonthInPartsEqualsTheWhole() {
        Frame compas = Datasets.load("compas");
        Frame reference = compas.head(1500);
        MonitorResult whole = Monitor.run(reference, compas, SPEC);
        MonitorResult parts = inParts(reference, compas, SPEC, 0, 100, 3000, 3000, 6999);
        assertThat(whole.windows()).hasSizeGreaterThan(12);
        assertThat(whole.alerts()).isNotEmpty();
        assertThat(parts).usingRecursiveComparison().withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                .isEqualTo(whole);
    }

    @Test
    void whatNeedsAllRowsIsRefused() {
        Frame compas = Datasets.load("compas").head(100);
        assertThatThrownBy(() -> Monitor.plan(null, SPEC)).isInstanceOf(InputException.class).hasMessageContaining("reference");
        assertThatThrownBy(() -> Monitor.plan(compas, Monitor.Spec.of(null, Period.parse("1000-rows"), SPEC.columns(), null)))
                .isInstanceOf(InputException.class).hasMessageContaining("time windows");
        assertThatThrownBy(() -> Monitor.plan(compas, Monitor.Spec.of("compas_screening_date", Period.parse("1M"), null, null)))
                .isInstanceOf(InputException.class).hasMessageContaining("{{columns}}".replace("{{columns}}", "'columns'"));
    }

    @Test
    void planAndStatesTravel() throws Exception {
        Frame compas = Datasets.load("compas");
        Monitor.Plan plan = Monitor.plan(compas.head(500), SPEC);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(plan.profile());
            out.writeObject(SPEC.period());
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            Profile p = (Profile) in.readObject();
            assertThat(p).usingRecursiveComparison().isEqualTo(plan.profile());
            assertThat(in.readObject()).isEqualTo(SPEC.period());
        }
    }
}
