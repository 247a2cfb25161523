package dev.probity.cli;

import dev.probity.core.energy.CarbonIntensity;
import dev.probity.core.energy.EnergyMeter;
import dev.probity.core.energy.EnergyUse;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --region} and {@code --pue}: where the work runs, for its energy and CO₂. */
final class EnergyOptions {
    @Option(names = "--region", paramLabel = "CODE|G", defaultValue = "world",
            description = "Electricity grid for CO2: world (default), eu, us, gb, de, fr, … or its intensity in gCO2e/kWh.")
    String region = "world";

    @Option(names = "--pue", paramLabel = "X", defaultValue = "1",
            description = "Power usage effectiveness of the building: 1 (default, a computer outside a data centre); a data centre 1.1 to 2.")
    double pue = 1;

    EnergyMeter start() {
        CarbonIntensity.of(region); // a wrong region or PUE fails before the work, not after
        if (!(pue >= 1 && pue <= EnergyMeter.MAX_PUE)) {
            throw new dev.probity.core.InputException("--pue is between 1 and " + EnergyMeter.MAX_PUE + " (1: no building overhead; data centres 1.1 to 2); got " + pue);
        }
        return EnergyMeter.start();
    }

    EnergyUse stop(EnergyMeter m) {
        return m.stop(CarbonIntensity.of(region), pue);
    }

    /** The record for the evidence log: what was measured, and for inference the energy per 1,000 predictions. */
    static Map<String, Object> evidence(String phase, EnergyUse use, long predictions) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("phase", phase);
        m.putAll(use.toMap());
        if (predictions > 0) {
            m.put("predictions", predictions);
            m.put("kwh_per_1000_predictions", use.perThousand(predictions));
        }
        return m;
    }
}
