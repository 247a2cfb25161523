package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.monitor.drift.Drift;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The drift report as JSON ({@code probity.drift/v1}); an undefined score is null, an infinite one the string "inf". */
public final class DriftJson {
    public static final String SCHEMA = "probity.drift/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private DriftJson() {
    }

    public static String toString(Drift.Report r) {
        return toString(r, null);
    }

    /** The drift report with the data-quality comparison under {@code quality}. */
    public static String toString(Drift.Report r, dev.probity.monitor.quality.DataQuality.Report quality) {
        return toString(r, quality, null);
    }

    /** With the multivariate tests (maximum mean discrepancy, the domain classifier) under {@code multivariate}. */
    public static String toString(Drift.Report r, dev.probity.monitor.quality.DataQuality.Report quality,
                                  dev.probity.monitor.drift.Multivariate.Report multivariate) {
        ObjectNode d = JSON.createObjectNode();
        d.put("schema", SCHEMA);
        ObjectNode tool = d.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        d.setAll((ObjectNode) JSON.valueToTree(r));
        for (var c : d.withArray("columns")) {
            ObjectNode o = (ObjectNode) c;
            double s = o.get("score").asDouble();
            if (Double.isInfinite(s)) {
                o.put("score", "inf");
            }
        }
        if (quality != null) {
            d.set("quality", JSON.valueToTree(quality));
        }
        if (multivariate != null) {
            d.set("multivariate", JSON.valueToTree(multivariate));
        }
        try {
            return FiniteJson.write(JSON, d) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
