package dev.probity.core.energy;

import dev.probity.core.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Grid carbon intensity by region: the lifecycle emissions of generating one kWh of electricity in 2024, from Ember's
 * yearly electricity data as processed by Our World in Data (CC BY 4.0; the table's header gives the source, the
 * commit and the changes). Lifecycle figures count the emissions of building and fuelling every kind of plant, so a
 * grid of hydro and nuclear is not zero.
 */
public final class CarbonIntensity {
    /** What the table is, for every record that uses it. */
    public static final String SOURCE = "Ember (2026), with major processing by Our World in Data; lifecycle gCO2e/kWh, 2024; CC BY 4.0";

    private static final Map<String, Region> TABLE = load();

    /** The largest intensity taken as real, gCO2e/kWh (coal plants emit about 1,000; no grid reaches 2,000). */
    public static final double MAX = 2000;

    /** One region: its code, name and intensity. */
    public record Region(String code, String name, double gramsPerKwh) {
    }

    private CarbonIntensity() {
    }

    /** Every region, by code. */
    public static Map<String, Region> regions() {
        return TABLE;
    }

    /** A region by code ({@code world}, {@code eu}, {@code us}, {@code de} …), or a number of gCO2e/kWh. */
    public static Region of(String codeOrNumber) {
        String c = codeOrNumber.trim().toLowerCase(Locale.ROOT);
        Region r = TABLE.get(c);
        if (r != null) {
            return r;
        }
        try {
            double g = Double.parseDouble(c);
            if (g >= 0 && g <= MAX) {
                return new Region("custom", "given", g);
            }
        } catch (NumberFormatException ignored) {
            // not a number: an unknown region
        }
        throw new InputException("unknown region '" + InputException.shown(codeOrNumber) + "'; give one of "
                + String.join(", ", TABLE.keySet()) + ", or the grid's intensity in gCO2e/kWh (0 to " + (int) MAX + ")");
    }

    private static Map<String, Region> load() {
        Map<String, Region> m = new LinkedHashMap<>();
        try (InputStream in = CarbonIntensity.class.getResourceAsStream("carbon-intensity.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",");
                m.put(f[0], new Region(f[0], f[1], Double.parseDouble(f[2])));
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the carbon-intensity table is missing from the jar", e);
        }
        return Collections.unmodifiableMap(m);
    }
}
