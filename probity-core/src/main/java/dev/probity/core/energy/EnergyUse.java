package dev.probity.core.energy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a piece of work cost in energy and CO₂, and how that was found out.
 *
 * @param method          {@code rapl} (measured by the CPU's energy counters) or {@code green-algorithms} (estimated from
 *                        CPU time and memory, Lannelongue et al. 2021)
 * @param wallSeconds     elapsed time
 * @param cpuSeconds      the process's CPU time over the work
 * @param cores           processors the JVM could use
 * @param memoryGb        memory the run had (the JVM's maximum heap), in GB
 * @param corePowerW      power of one fully used core (estimate only)
 * @param memoryPowerWPerGb power per GB of memory
 * @param pue             power usage effectiveness of the building (1 outside a data centre)
 * @param energyKwh       energy, PUE included
 * @param region          the grid's region
 * @param gramsPerKwh     its carbon intensity
 * @param co2eGrams       emissions, grams of CO₂ equivalent
 * @param note            what the figure covers and does not
 */
public record EnergyUse(String method, double wallSeconds, double cpuSeconds, int cores, double memoryGb, double corePowerW,
                        double memoryPowerWPerGb, double pue, double energyKwh, String region, double gramsPerKwh, double co2eGrams,
                        String note) {

    /** Energy per 1,000 of {@code items} (predictions), in kWh; NaN for none. */
    public double perThousand(long items) {
        return items <= 0 ? Double.NaN : energyKwh / items * 1000;
    }

    /** A line for people: "0.21 Wh, 0.10 g CO₂e (estimated: Green Algorithms; …)". */
    public String summary() {
        return String.format(Locale.ROOT, "about %s, %s CO2e (%s, region %s at %s g/kWh, PUE %s; runs of the same work vary by tens of percent)",
                wh(energyKwh), grams(co2eGrams), method.equals("rapl") ? "measured by RAPL" : "estimated by the Green Algorithms method", region,
                num(gramsPerKwh), num(pue));
    }

    private static String num(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The record as plain values, for evidence. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("wall_seconds", round(wallSeconds));
        m.put("cpu_seconds", round(cpuSeconds));
        m.put("cores", cores);
        m.put("memory_gb", round(memoryGb));
        if (method.equals("green-algorithms")) {
            m.put("core_power_w", corePowerW);
        }
        m.put("memory_power_w_per_gb", memoryPowerWPerGb);
        m.put("pue", pue);
        m.put("energy_kwh", energyKwh);
        m.put("region", region);
        m.put("g_co2e_per_kwh", gramsPerKwh);
        m.put("carbon_intensity_source", CarbonIntensity.SOURCE);
        m.put("co2e_grams", co2eGrams);
        m.put("note", note);
        return m;
    }

    public static String wh(double kwh) {
        double wh = kwh * 1000;
        return wh >= 1000 ? String.format(Locale.ROOT, "%.2g kWh", kwh) : wh >= 1 ? String.format(Locale.ROOT, "%.2g Wh", wh)
                : wh >= 0.001 ? String.format(Locale.ROOT, "%.2g mWh", wh * 1000) : String.format(Locale.ROOT, "%.2g µWh", wh * 1e6);
    }

    public static String grams(double g) {
        return g >= 1000 ? String.format(Locale.ROOT, "%.2g kg", g / 1000) : g >= 1 ? String.format(Locale.ROOT, "%.2g g", g)
                : g >= 0.001 || g == 0 ? String.format(Locale.ROOT, "%.2g mg", g * 1000) : String.format(Locale.ROOT, "%.2g µg", g * 1e6);
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
