package dev.probity.monitor.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Calibration and CBPE's formulas against scikit-learn 1.2.1 and numpy 1.24 (fixtures made by
 * src/test/resources/perf/make_fixtures.py): isotonic regression's fitted points and predictions to 1e-12 (ties, weights,
 * x closer than 10⁻¹⁵, one distinct x, clipping outside the range); Platt scaling's a and b to 1e-6 relative (scikit-learn stops
 * BFGS at a gradient of 10⁻⁵); NannyML's expected calibration error, estimated ROC AUC and confusion-matrix metrics, and
 * sampling error components, written out with numpy, to 1e-12.
 */
class CbpeFixturesTest {
    static final JsonNode FX = load();

    static JsonNode load() {
        try (InputStream in = CbpeFixturesTest.class.getResourceAsStream("/perf/fixtures.json")) {
            return new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    static void close(double actual, double expected, double tol, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(Math.max(tol * Math.abs(expected), tol)));
    }

    @Test
    void isotonicRegressionEqualsScikitLearns() {
        assertThat(FX.get("isotonic").size()).isGreaterThanOrEqualTo(9);
        for (JsonNode c : FX.get("isotonic")) {
            String name = c.get("name").asText();
            Isotonic f = Isotonic.fit(doubles(c.get("x")), doubles(c.get("y")), c.has("w") ? doubles(c.get("w")) : null);
            double[] tx = doubles(c.get("x_thresholds"));
            double[] ty = doubles(c.get("y_thresholds"));
            assertThat(f.thresholdsX()).as(name + ": fitted x").containsExactly(tx);
            assertThat(f.thresholdsY().length).as(name + ": fitted points").isEqualTo(ty.length);
            for (int i = 0; i < ty.length; i++) {
                close(f.thresholdsY()[i], ty[i], 1e-12, name + ": fitted y " + i);
            }
            double[] q = doubles(c.get("query"));
            double[] p = doubles(c.get("predict"));
            for (int i = 0; i < q.length; i++) {
                close(f.predict(q[i]), p[i], 1e-12, name + ": prediction at " + q[i]);
            }
        }
    }

    @Test
    void plattScalingEqualsScikitLearnsToItsTolerance() {
        for (JsonNode c : FX.get("platt")) {
            Platt f = Platt.fit(doubles(c.get("scores")), ints(c.get("labels")));
            close(f.a(), c.get("a").asDouble(), 1e-6, c.get("name").asText() + ": a");
            close(f.b(), c.get("b").asDouble(), 1e-6, c.get("name").asText() + ": b");
        }
    }

    @Test
    void expectedCalibrationErrorEqualsNannyMlsFormula() {
        for (JsonNode c : FX.get("ece")) {
            double[] p = doubles(c.get("p"));
            close(Calibration.expectedCalibrationError(p, ints(c.get("y")), c.get("bins").asInt()), c.get("ece").asDouble(), 1e-12,
                    p.length + " rows, " + c.get("bins").asInt() + " bins");
        }
    }

    @Test
    void estimatesAndSamplingErrorComponentsEqualNannyMlsFormulas() {
        Map<String, Cbpe.Metric> byId = new java.util.HashMap<>();
        for (Cbpe.Metric m : Cbpe.Metric.values()) {
            byId.put(m.id(), m);
        }
        for (JsonNode c : FX.get("cbpe")) {
            String name = c.get("name").asText();
            double[] s = doubles(c.get("chunk_scores"));
            double[] p = doubles(c.get("chunk_probabilities"));
            int[] yhat = new int[s.length];
            int[] rows = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                yhat[i] = s[i] >= 0.5 ? 1 : 0;
                rows[i] = i;
            }
            c.get("estimated").fields().forEachRemaining(e -> close(Cbpe.estimated(byId.get(e.getKey()), s, p, yhat, rows),
                    e.getValue().asDouble(), 1e-12, name + ": estimated " + e.getKey()));
            double[] rs = doubles(c.get("reference_scores"));
            int[] ry = ints(c.get("reference_labels"));
            int[] rp = new int[rs.length];
            for (int i = 0; i < rs.length; i++) {
                rp[i] = rs[i] >= 0.5 ? 1 : 0;
            }
            Map<Cbpe.Metric, Cbpe.Spread> spreads = Cbpe.spreads(rs, rp, ry);
            c.get("components").fields().forEachRemaining(e -> {
                Cbpe.Spread sp = spreads.get(byId.get(e.getKey()));
                close(sp.sd(), e.getValue().get(0).asDouble(), 1e-12, name + ": " + e.getKey() + " per-row sd");
                close(sp.share(), e.getValue().get(1).asDouble(), 1e-12, name + ": " + e.getKey() + " share");
            });
        }
    }
}
