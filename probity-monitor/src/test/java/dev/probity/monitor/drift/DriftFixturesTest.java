package dev.probity.monitor.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every statistic against scipy 1.10.1 and numpy (fixtures made by src/test/resources/drift/make_fixtures.py), to 1e-9
 * relative (or absolute near zero): the two-sample Kolmogorov–Smirnov test on both of scipy's paths, the Wasserstein
 * and energy distances, and Evidently's normalized Wasserstein, Jensen–Shannon, PSI, KL, chi-square and z-test.
 */
class DriftFixturesTest {
    static final JsonNode FX = load();

    static JsonNode load() {
        try (InputStream in = DriftFixturesTest.class.getResourceAsStream("/drift/fixtures.json")) {
            return new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double[] values(JsonNode c, String which) {
        if (c.has("linspace")) {
            JsonNode g = c.get("linspace").get(which.equals("reference") ? 0 : 1);
            return linspace(g.get(0).asDouble(), g.get(1).asDouble(), g.get(2).asInt());
        }
        List<Double> out = new ArrayList<>();
        c.get(which).forEach(v -> out.add(v.asDouble()));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** numpy.linspace: start + i·step, the last value exactly stop. */
    static double[] linspace(double start, double stop, int n) {
        double[] v = new double[n];
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            v[i] = i * step + start;
        }
        v[n - 1] = stop;
        return v;
    }

    static void close(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(Math.max(1e-9 * Math.abs(expected), 1e-12)));
    }

    @Test
    void numericalStatisticsEqualScipys() {
        for (JsonNode c : FX.get("numeric")) {
            String name = c.get("name").asText();
            double[] r = values(c, "reference");
            double[] s = values(c, "current");
            KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(r, s);
            close(ks.statistic(), c.get("ks_d").asDouble(), name + ": KS statistic");
            if (c.get("ks_method").asText().equals("asymptotic")) {
                // where n > 140 and n·D^1.5 > 1.4 scipy approximates the one-sample distribution by Pelz & Good's
                // series; ours is the exact Durbin-matrix value, and the two agree to a few parts in 10⁹
                assertThat(ks.pValue()).as(name + ": KS p-value (" + ks.method() + ")")
                        .isCloseTo(c.get("ks_p").asDouble(), within(5e-9 * Math.abs(c.get("ks_p").asDouble())));
            } else {
                close(ks.pValue(), c.get("ks_p").asDouble(), name + ": KS p-value (" + ks.method() + ")");
            }
            assertThat(ks.method()).as(name).startsWith(c.get("ks_method").asText());
            close(Distances.wasserstein(r, s), c.get("wasserstein").asDouble(), name + ": Wasserstein");
            close(Distances.energy(r, s), c.get("energy").asDouble(), name + ": energy");
            Sample rs = Sample.numerical(r);
            Sample ss = Sample.numerical(s);
            close(DriftTest.WASSERSTEIN.score(rs, ss), c.get("wasserstein_normed").asDouble(), name + ": normed Wasserstein");
            close(DriftTest.JENSEN_SHANNON.score(rs, ss), c.get("jensenshannon").asDouble(), name + ": Jensen-Shannon");
            close(DriftTest.PSI.score(rs, ss), c.get("psi").asDouble(), name + ": PSI");
            close(DriftTest.KL.score(rs, ss), c.get("kl").asDouble(), name + ": KL");
        }
    }

    @Test
    void categoricalStatisticsEqualScipys() {
        for (JsonNode c : FX.get("categorical")) {
            String name = c.get("name").asText();
            List<String> r = new ArrayList<>();
            List<String> s = new ArrayList<>();
            c.get("reference").forEach(v -> r.add(v.asText()));
            c.get("current").forEach(v -> s.add(v.asText()));
            Sample rs = Sample.categorical(r);
            Sample ss = Sample.categorical(s);
            double chi = c.get("chisquare").asDouble();
            if (c.get("chisquare").isNull() || Double.isNaN(chi)) {
                // scipy has no test with one category (0 degrees of freedom); we say there is no evidence of drift
                assertThat(DriftTest.CHI_SQUARE.score(rs, ss)).as(name).isEqualTo(1.0);
            } else {
                close(DriftTest.CHI_SQUARE.score(rs, ss), chi, name + ": chi-square");
            }
            close(DriftTest.Z.score(rs, ss), c.get("z").asDouble(), name + ": z-test");
            if (c.get("fisher").isNull()) {
                assertThatThrownBy(() -> DriftTest.FISHER.score(rs, ss)).as(name).hasMessageContaining("compares two values");
            } else {
                close(DriftTest.FISHER.score(rs, ss), c.get("fisher").asDouble(), name + ": Fisher's exact test");
            }
            close(DriftTest.JENSEN_SHANNON.score(rs, ss), c.get("jensenshannon").asDouble(), name + ": Jensen-Shannon");
            close(DriftTest.PSI.score(rs, ss), c.get("psi").asDouble(), name + ": PSI");
        }
    }

    @Test
    void andersonDarlingEqualsScipys() {
        for (JsonNode c : FX.get("anderson")) {
            List<double[]> samples = new ArrayList<>();
            for (JsonNode smp : c.get("samples")) {
                List<Double> v = new ArrayList<>();
                smp.forEach(x -> v.add(x.asDouble()));
                samples.add(v.stream().mapToDouble(Double::doubleValue).toArray());
            }
            AndersonDarling.Result r = AndersonDarling.test(samples.toArray(double[][]::new));
            close(r.statistic(), c.get("statistic").asDouble(), c.get("name").asText() + ": A2");
            close(r.pValue(), c.get("p").asDouble(), c.get("name").asText() + ": p");
        }
    }

    @Test
    void cramerVonMisesEqualsScipys() {
        for (JsonNode c : FX.get("cramervonmises")) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            c.get("x").forEach(v -> x.add(v.asDouble()));
            c.get("y").forEach(v -> y.add(v.asDouble()));
            CramerVonMises.Result r = CramerVonMises.test(x.stream().mapToDouble(Double::doubleValue).toArray(),
                    y.stream().mapToDouble(Double::doubleValue).toArray());
            String name = c.get("name").asText();
            close(r.statistic(), c.get("statistic").asDouble(), name + ": T");
            close(r.pValue(), c.get("p").asDouble(), name + ": p (" + r.method() + ")");
            assertThat(r.method()).isEqualTo(c.get("method").asText());
        }
        // Anderson's (1962) table of the exact distribution, as scipy's tests assert it
        assertThat(CramerVonMises.exactTail(710, 5, 6)).isCloseTo(48.0 / 462, within(1e-15));
        assertThat(CramerVonMises.exactTail(1897, 7, 7)).isCloseTo(117.0 / 1716, within(1e-15));
        assertThat(CramerVonMises.exactTail(576, 4, 6)).isCloseTo(2.0 / 210, within(1e-15));
        assertThat(CramerVonMises.exactTail(1764, 6, 7)).isCloseTo(2.0 / 1716, within(1e-15));
    }
}
