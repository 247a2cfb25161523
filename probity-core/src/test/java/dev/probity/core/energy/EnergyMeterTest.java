package dev.probity.core.energy;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnergyMeterTest {
    @Test
    void raplSumsPackagesAndDramOnceAndCorrectsAWrap(@TempDir Path cap) throws Exception {
        zone(cap, "intel-rapl:0", "package-0", 4_000_000, 5_000_000);
        zone(cap, "intel-rapl:0:0", "core", 100, 5_000_000);       // inside package-0: not added
        zone(cap, "intel-rapl:0:1", "dram", 1_000_000, 9_000_000);
        zone(cap, "intel-rapl:1", "package-1", 2_000_000, 9_000_000);
        zone(cap, "intel-rapl:1:0", "uncore", 100, 5_000_000);
        EnergyMeter m = EnergyMeter.start(cap);
        Files.writeString(cap.resolve("intel-rapl:0/energy_uj"), "500000");        // wrapped: 1,000,000 + 500,000 µJ
        Files.writeString(cap.resolve("intel-rapl:0:0/energy_uj"), "4000000");
        Files.writeString(cap.resolve("intel-rapl:0:1/energy_uj"), "1250000");     // 250,000 µJ
        Files.writeString(cap.resolve("intel-rapl:1/energy_uj"), "2600000");       // 600,000 µJ
        Files.writeString(cap.resolve("intel-rapl:1:0/energy_uj"), "4000000");
        EnergyUse u = m.stop(CarbonIntensity.of("de"), 1.5);
        assertThat(u.method()).isEqualTo("rapl");
        double joules = 1.5 + 0.25 + 0.6;
        assertThat(u.energyKwh()).isCloseTo(joules / 3.6e6 * 1.5, within(1e-15));
        assertThat(u.co2eGrams()).isCloseTo(u.energyKwh() * 336.38, within(1e-15));
        assertThat(u.note()).contains("whole machine", "and memory");
    }

    @Test
    void anUnreadableCounterMeansAnEstimateNotAPartialSum(@TempDir Path cap) throws Exception {
        zone(cap, "intel-rapl:0", "package-0", 10, 100);
        Files.delete(cap.resolve("intel-rapl:0/energy_uj"));
        Files.createDirectory(cap.resolve("intel-rapl:0/energy_uj")); // reading it fails, as a root-only file would
        EnergyUse u = EnergyMeter.start(cap).stop(CarbonIntensity.of("world"), 1);
        assertThat(u.method()).isEqualTo("green-algorithms");
        assertThat(u.note()).contains("not readable here");
        EnergyUse none = EnergyMeter.start(cap.resolve("absent")).stop(CarbonIntensity.of("world"), 1);
        assertThat(none.note()).contains("not available on this machine");
    }

    @Test
    void theGreenAlgorithmsEstimateByHand() {
        // one hour on one full core with 10 GB, in a data centre of PUE 1.67: (12 W + 10 × 0.3725 W) × 1 h × 1.67
        assertThat(EnergyMeter.estimateKwh(3600, 3600, 10, 1.67)).isCloseTo((12 + 3.725) * 1.67 / 1000, within(1e-15));
        EnergyUse u = EnergyMeter.start(Path.of("/nonexistent")).stop(CarbonIntensity.of("fr"), 1);
        assertThat(u.energyKwh()).isCloseTo(EnergyMeter.estimateKwh(u.cpuSeconds(), u.wallSeconds(), u.memoryGb(), 1), within(1e-12));
        assertThat(u.gramsPerKwh()).isEqualTo(40.48);
        assertThat(u.perThousand(0)).isNaN();
        assertThat(u.summary()).contains("estimated by the Green Algorithms method", "region fr");
    }

    @Test
    void regionsAndPueAreChecked() {
        assertThat(CarbonIntensity.regions()).containsKeys("world", "eu", "us", "gb", "in", "cn");
        assertThat(CarbonIntensity.of("WORLD").gramsPerKwh()).isEqualTo(471.08);
        assertThat(CarbonIntensity.of("120").gramsPerKwh()).isEqualTo(120);
        assertThatThrownBy(() -> CarbonIntensity.of("mars")).isInstanceOf(InputException.class).hasMessageContaining("unknown region 'mars'");
        assertThatThrownBy(() -> CarbonIntensity.of("-3")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> EnergyMeter.start().stop(CarbonIntensity.of("world"), 0.5)).hasMessageContaining("a PUE is between 1 and 3");
    }

    private static void zone(Path cap, String dir, String name, long energy, long max) throws Exception {
        Path z = Files.createDirectories(cap.resolve(dir));
        Files.writeString(z.resolve("name"), name + "\n");
        Files.writeString(z.resolve("energy_uj"), energy + "\n");
        Files.writeString(z.resolve("max_energy_range_uj"), max + "\n");
    }
}
