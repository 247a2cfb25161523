package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.monitor.window.MonitorResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The monitor's report as JSON ({@code probity.monitor/v1}): settings, the reference window, every window (drift per
 * column, outcome, groups) and the alerts. A rate is {@code {"value", "low", "high", "method"}} (the interval's ends and
 * method), or {@code {"value": null, "undefined": reason}}; times are ISO-8601 in UTC; numbers that do not exist are null.
 */
public final class MonitorJson {
    public static final String SCHEMA = "probity.monitor/v1";
    private static final ObjectMapper JSON = RecordJson.mapper().registerModule(new SimpleModule("probity-monitor")
            .addSerializer(Estimate.class, new EstimateJson()).addSerializer(Instant.class, new InstantJson()));

    private MonitorJson() {
    }

    public static String toString(MonitorResult r) {
        ObjectNode d = JSON.createObjectNode();
        d.put("schema", SCHEMA);
        ObjectNode tool = d.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        d.setAll((ObjectNode) JSON.valueToTree(r));
        try {
            return FiniteJson.write(JSON, d) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class EstimateJson extends JsonSerializer<Estimate> {
        @Override
        public void serialize(Estimate e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            if (e.isDefined() && Double.isFinite(e.number())) {
                g.writeNumberField("value", e.number());
            } else {
                g.writeNullField("value");
                g.writeStringField("undefined", e.value().undefinedReason());
            }
            Interval i = e.interval();
            if (i != null) {
                g.writeNumberField("low", i.low());
                g.writeNumberField("high", i.high());
                g.writeStringField("method", i.method());
            }
            g.writeEndObject();
        }
    }

    private static final class InstantJson extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant t, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(t.toString());
        }
    }
}
