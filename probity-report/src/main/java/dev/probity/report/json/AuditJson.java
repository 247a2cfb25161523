package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.Comparison;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.audit.Summary;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.ScoreMetrics;
import dev.probity.fairness.metrics.Value;
import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;
import dev.probity.fairness.stats.Confusion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link AuditResult} as JSON in the versioned schema {@value AuditResult#SCHEMA} (documented in
 * docs/json-schema.md, machine-readable in docs/schema/audit-v1.schema.json). Keys are stable and in a
 * fixed order; an undefined value is {@code null} with its reason under {@code undefined}; there are no
 * timestamps, so the same input and seed give the same bytes.
 */
public final class AuditJson {
    /** Version of the tool written into every document. */
    public static final String VERSION = "0.1.0";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private AuditJson() {
    }

    public static String toString(AuditResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a document this class wrote back into the result: {@code read(toString(r))} equals {@code r}, and
     * writing it again gives the same bytes. {@code source} names the document in errors.
     */
    public static AuditResult read(byte[] json, String source) {
        return AuditReader.read(json, source);
    }

    public static AuditResult read(String json) {
        return AuditReader.read(json.getBytes(StandardCharsets.UTF_8), "audit JSON");
    }

    public static void write(AuditResult r, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pp);
            new AuditJson.Writer(g, r.settings().confidence()).result(r);
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Writer(JsonGenerator g, double confidence) {

        void result(AuditResult r) throws IOException {
            g.writeStartObject();
            g.writeStringField("schema", AuditResult.SCHEMA);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "probity");
            g.writeStringField("version", VERSION);
            g.writeEndObject();
            g.writeNumberField("rows", r.input().rows());
            g.writeStringField("task", r.task().name().toLowerCase(Locale.ROOT));
            input(r.input());
            roles(r.roles());
            settings(r.settings());
            g.writeFieldName("overall");
            group(r.overall());
            g.writeArrayFieldStart("attributes");
            for (MetricTable a : r.attributes()) {
                attribute(a);
            }
            g.writeEndArray();
            estimates("dataset", r.dataset());
            g.writeArrayFieldStart("findings");
            for (AuditResult.Finding f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("severity", f.severity());
                nullable("attribute", f.attribute());
                nullable("group", f.group());
                nullable("metric", f.metric());
                g.writeStringField("text", f.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rules");
            for (AuditResult.RuleOutcome o : r.rules()) {
                g.writeStartObject();
                g.writeStringField("rule", o.rule());
                g.writeBooleanField("passed", o.passed());
                g.writeStringField("detail", o.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : r.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        void input(AuditResult.Input in) throws IOException {
            g.writeObjectFieldStart("input");
            g.writeStringField("source", in.source());
            g.writeStringField("engine", in.engine());
            g.writeNumberField("rows_read", in.rowsRead());
            g.writeNumberField("rows_after_filter", in.rowsAfterFilter());
            g.writeNumberField("rows_dropped", in.rowsDropped());
            g.writeNumberField("weighted_size", in.size());
            nullable("where", in.where());
            g.writeObjectFieldStart("derived");
            for (Map.Entry<String, String> e : in.derived().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        void roles(AuditResult.RolesInfo r) throws IOException {
            g.writeObjectFieldStart("roles");
            g.writeStringField("label", r.label());
            nullable("positive_label", r.positiveLabel());
            nullable("prediction", r.prediction());
            nullable("positive_prediction", r.positivePrediction());
            nullable("score", r.score());
            if (r.threshold() == null) {
                g.writeNullField("threshold");
            } else {
                g.writeNumberField("threshold", r.threshold());
            }
            nullable("weight", r.weight());
            strings("protected", r.protectedAttributes());
            nullable("strata", r.strata());
            if (r.classes() == null) {
                g.writeNullField("classes");
            } else {
                strings("classes", r.classes());
            }
            strings("features", r.features());
            g.writeEndObject();
        }

        void settings(AuditResult.Settings s) throws IOException {
            g.writeObjectFieldStart("settings");
            g.writeNumberField("confidence", s.confidence());
            g.writeNumberField("tolerance", s.tolerance());
            g.writeNumberField("min_group_size", s.minGroupSize());
            g.writeNumberField("bootstrap", s.bootstrap());
            g.writeNumberField("seed", s.seed());
            g.writeStringField("interval_method", s.intervalMethod());
            g.writeStringField("p_value_adjustment", s.adjustment());
            // intervals are at their stated level one by one; only p-values are adjusted for multiple comparisons
            g.writeStringField("interval_adjustment", "none");
            g.writeNumberField("ll144_min_share", s.ll144MinShare());
            g.writeNumberField("four_fifths_threshold", s.fourFifths());
            g.writeArrayFieldStart("entropy_alphas");
            for (double a : s.entropyAlphas()) {
                g.writeNumber(a);
            }
            g.writeEndArray();
            g.writeNumberField("concentration", s.concentration());
            g.writeNumberField("neighbours", s.neighbours());
            g.writeEndObject();
        }

        void attribute(MetricTable a) throws IOException {
            g.writeStartObject();
            g.writeStringField("name", a.name());
            strings("columns", a.columns());
            g.writeBooleanField("intersection", a.intersection());
            g.writeStringField("reference", a.reference());
            g.writeStringField("reference_rule", a.referenceRule());
            g.writeArrayFieldStart("groups");
            for (GroupResult gr : a.groups()) {
                group(gr);
            }
            g.writeEndArray();
            estimates("summary", a.summary());
            g.writeObjectFieldStart("aggregates");
            for (Map.Entry<String, Summary> e : a.aggregates().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                nullable("min_group", e.getValue().minGroup());
                nullable("max_group", e.getValue().maxGroup());
                g.writeNumberField("undefined_groups", e.getValue().undefinedGroups());
                for (Map.Entry<String, Estimate> v : e.getValue().values().entrySet()) {
                    number(v.getKey(), v.getValue().value());
                }
                undefined("undefined", e.getValue().values());
                intervals("intervals", e.getValue().values());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("disparities");
            for (GroupDisparity d : a.disparities()) {
                disparity(d, a.reference());
            }
            g.writeEndArray();
            estimates("entropy", a.entropy());
            estimates("differential_fairness", a.differentialFairness());
            if (a.fourFifths() == null) {
                g.writeNullField("four_fifths");
            } else {
                fourFifths(a.fourFifths());
            }
            g.writeArrayFieldStart("ll144");
            for (LocalLaw144 t : a.ll144()) {
                ll144(t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        void group(GroupResult gr) throws IOException {
            g.writeStartObject();
            g.writeStringField("name", gr.name());
            strings("key", gr.key());
            g.writeNumberField("n", gr.rows());
            g.writeNumberField("size", gr.size());
            g.writeNumberField("share", gr.share());
            Confusion c = gr.counts();
            if (c != null) {
                g.writeNumberField("tp", (long) c.tp());
                g.writeNumberField("fp", (long) c.fp());
                g.writeNumberField("tn", (long) c.tn());
                g.writeNumberField("fn", (long) c.fn());
            }
            if (gr.weighted() != null) {
                g.writeObjectFieldStart("weighted");
                g.writeNumberField("tp", gr.weighted().tp());
                g.writeNumberField("fp", gr.weighted().fp());
                g.writeNumberField("tn", gr.weighted().tn());
                g.writeNumberField("fn", gr.weighted().fn());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Estimate> e : gr.metrics().entrySet()) {
                number(e.getKey(), e.getValue().value());
            }
            g.writeEndObject();
            undefined("undefined", gr.metrics());
            intervals("intervals", gr.metrics());
            strings("flags", gr.flags());
            if (gr.perClass() != null) {
                g.writeObjectFieldStart("one_vs_rest");
                for (Map.Entry<String, Map<String, Estimate>> e : gr.perClass().entrySet()) {
                    g.writeObjectFieldStart(e.getKey());
                    for (Map.Entry<String, Estimate> m : e.getValue().entrySet()) {
                        number(m.getKey(), m.getValue().value());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeObjectFieldStart("one_vs_rest_undefined");
                for (Map.Entry<String, Map<String, Estimate>> e : gr.perClass().entrySet()) {
                    undefined(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("one_vs_rest_intervals");
                for (Map.Entry<String, Map<String, Estimate>> e : gr.perClass().entrySet()) {
                    intervals(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (gr.confusionMatrix() != null) {
                g.writeArrayFieldStart("confusion_matrix");
                for (long[] row : gr.confusionMatrix()) {
                    g.writeArray(row, 0, row.length);
                }
                g.writeEndArray();
            }
            if (gr.scoreQuantiles() != null) {
                g.writeObjectFieldStart("quantiles");
                String[] names = {"min", "q25", "median", "q75", "max"};
                for (int i = 0; i < names.length; i++) {
                    g.writeNumberField(names[i], gr.scoreQuantiles()[i]);
                }
                g.writeEndObject();
            }
            if (gr.calibration() != null) {
                g.writeArrayFieldStart("calibration");
                for (ScoreMetrics.Bin b : gr.calibration()) {
                    g.writeStartObject();
                    g.writeNumberField("low", b.low());
                    g.writeNumberField("high", b.high());
                    g.writeNumberField("n", b.rows());
                    g.writeNumberField("size", b.weight());
                    number("mean_score", b.meanScore());
                    number("positive_rate", b.positiveRate());
                    reason("mean_score_undefined", b.meanScore());
                    reason("positive_rate_undefined", b.positiveRate());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }

        void disparity(GroupDisparity d, String reference) throws IOException {
            g.writeStartObject();
            g.writeStringField("group", d.group());
            g.writeStringField("reference", reference);
            g.writeObjectFieldStart("metrics");
            for (Comparison c : d.comparisons()) {
                g.writeObjectFieldStart(c.metric());
                g.writeStringField("reference", c.reference());
                number("difference", c.difference().value());
                number("ratio", c.ratio().value());
                if (c.parity() == null) {
                    g.writeNullField("parity");
                } else {
                    g.writeBooleanField("parity", c.parity());
                }
                number("p_value", Double.isNaN(c.pValue()) ? Value.undefined("no test") : Value.of(c.pValue()));
                number("p_adjusted", Double.isNaN(c.pAdjusted()) ? Value.undefined("no test") : Value.of(c.pAdjusted()));
                nullable("test", c.test());
                if (!c.ratio().isDefined()) {
                    g.writeStringField("undefined", c.ratio().value().undefinedReason());
                }
                reason("difference_undefined", c.difference().value());
                interval("difference_interval", c.difference());
                interval("ratio_interval", c.ratio());
                g.writeEndObject();
            }
            g.writeEndObject();
            estimates("aif360", d.aif360());
            estimates("clarify", d.clarify());
            g.writeObjectFieldStart("aequitas");
            for (Map.Entry<String, Boolean> e : d.verdicts().entrySet()) {
                if (e.getValue() == null) {
                    g.writeNullField(e.getKey());
                } else {
                    g.writeBooleanField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        void fourFifths(FourFifths f) throws IOException {
            g.writeObjectFieldStart("four_fifths");
            g.writeNumberField("threshold", f.threshold());
            nullable("highest_group", f.highestGroup());
            number("highest_rate", f.highestRate());
            reason("highest_rate_undefined", f.highestRate());
            g.writeBooleanField("adverse_impact", f.adverseImpact());
            g.writeArrayFieldStart("rows");
            for (FourFifths.Row r : f.rows()) {
                g.writeStartObject();
                g.writeStringField("group", r.group());
                g.writeNumberField("n", r.rows());
                g.writeNumberField("selected", r.selected());
                number("selection_rate", r.selectionRate().value());
                number("impact_ratio", r.impactRatio().value());
                if (r.adverse() == null) {
                    g.writeNullField("adverse_impact");
                } else {
                    g.writeBooleanField("adverse_impact", r.adverse());
                }
                g.writeBooleanField("small", r.small());
                interval("impact_ratio_interval", r.impactRatio());
                interval("selection_rate_interval", r.selectionRate());
                reason("selection_rate_undefined", r.selectionRate().value());
                reason("impact_ratio_undefined", r.impactRatio().value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        void ll144(LocalLaw144 t) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", t.kind());
            g.writeNumberField("min_share", t.minShare());
            g.writeNumberField("unknown", t.unknownRows());
            nullable("highest_category", t.highestCategory());
            if (t.sampleMedian() == null) {
                g.writeNullField("sample_median");
            } else {
                g.writeNumberField("sample_median", t.sampleMedian());
            }
            g.writeArrayFieldStart("rows");
            for (LocalLaw144.Row r : t.rows()) {
                g.writeStartObject();
                g.writeStringField("category", r.category());
                g.writeNumberField("n", r.rows());
                g.writeNumberField("share", r.share());
                g.writeNumberField("positive", r.positive());
                number("rate", r.rate().value());
                number("impact_ratio", r.impactRatio().value());
                g.writeBooleanField("excluded", r.excluded());
                interval("impact_ratio_interval", r.impactRatio());
                interval("rate_interval", r.rate());
                reason("rate_undefined", r.rate().value());
                reason("impact_ratio_undefined", r.impactRatio().value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        /** A map of estimates: values (null when undefined), then its undefined reasons and intervals. */
        void estimates(String name, Map<String, Estimate> m) throws IOException {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, Estimate> e : m.entrySet()) {
                number(e.getKey(), e.getValue().value());
            }
            g.writeEndObject();
            undefined(name + "_undefined", m);
            intervals(name + "_intervals", m);
        }

        void undefined(String name, Map<String, Estimate> m) throws IOException {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, Estimate> e : m.entrySet()) {
                if (!e.getValue().isDefined()) {
                    g.writeStringField(e.getKey(), e.getValue().value().undefinedReason());
                }
            }
            g.writeEndObject();
        }

        void intervals(String name, Map<String, Estimate> m) throws IOException {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, Estimate> e : m.entrySet()) {
                interval(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }

        /**
         * The interval shown (the bootstrap's when there is one, else the analytic one); with a bootstrap, the
         * analytic interval under {@code analytic}; the replicates in which the value was undefined whenever a
         * bootstrap ran. Nothing is written for an estimate with neither interval nor bootstrap.
         */
        void interval(String field, Estimate e) throws IOException {
            Interval i = e.interval();
            boolean ranBootstrap = e.bootstrap() != null || e.undefinedReplicates() > 0 || e.bootstrapWithheld() != null;
            if (i == null && !ranBootstrap) {
                return;
            }
            g.writeObjectFieldStart(field);
            if (i != null) {
                g.writeNumberField("low", i.low());
                g.writeNumberField("high", i.high());
                g.writeNumberField("level", i.level());
                g.writeStringField("method", i.method());
                g.writeBooleanField("bootstrap", e.bootstrap() != null);
            } else if (e.bootstrapWithheld() != null) {
                // the bootstrap ran, its interval is withheld, and no formula gives one
                g.writeNullField("low");
                g.writeNullField("high");
                g.writeNumberField("level", confidence);
                g.writeStringField("method", "none");
                g.writeBooleanField("bootstrap", false);
            } else {
                // the bootstrap ran on a value that is undefined
                g.writeNullField("low");
                g.writeNullField("high");
                g.writeNumberField("level", confidence);
                g.writeStringField("method", "percentile bootstrap");
                g.writeBooleanField("bootstrap", true);
            }
            if (ranBootstrap) {
                g.writeNumberField("undefined_replicates", e.undefinedReplicates());
            }
            if (e.bootstrapWithheld() != null) {
                g.writeStringField("bootstrap_withheld", e.bootstrapWithheld());
            }
            Interval a = e.analytic();
            if (e.bootstrap() != null && a != null) {
                g.writeObjectFieldStart("analytic");
                g.writeNumberField("low", a.low());
                g.writeNumberField("high", a.high());
                g.writeNumberField("level", a.level());
                g.writeStringField("method", a.method());
                g.writeEndObject();
            }
            g.writeEndObject();
        }

        /** The undefined reason of a value under {@code field}, when it has one. */
        void reason(String field, Value v) throws IOException {
            if (!v.isDefined()) {
                g.writeStringField(field, v.undefinedReason());
            }
        }

        void number(String field, Value v) throws IOException {
            if (v.isDefined() && !Double.isInfinite(v.value())) {
                g.writeNumberField(field, v.value());
            } else {
                g.writeNullField(field);
            }
        }

        void nullable(String field, String s) throws IOException {
            if (s == null) {
                g.writeNullField(field);
            } else {
                g.writeStringField(field, s);
            }
        }

        void strings(String field, List<String> list) throws IOException {
            g.writeArrayFieldStart(field);
            for (String s : list) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
    }
}
