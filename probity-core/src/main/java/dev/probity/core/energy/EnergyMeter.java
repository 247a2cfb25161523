package dev.probity.core.energy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures or estimates the energy of a piece of work, and its CO₂.
 *
 * <p><b>Measured</b> where the machine allows: Linux's RAPL counters ({@code /sys/class/powercap/intel-rapl:N/energy_uj},
 * read before and after, a wrap corrected with {@code max_energy_range_uj}). Only top-level {@code package-N} zones are
 * summed (core and uncore lie inside them) and {@code dram} is added where present; the figure is the whole machine's
 * CPU packages over the work, not this process alone. Since Linux 5.10 (and stable kernels patched for CVE-2020-8694)
 * the counters are readable by root only, and virtual machines rarely have them.
 *
 * <p><b>Estimated</b> otherwise, by the Green Algorithms method (Lannelongue, Grealey &amp; Inouye 2021, Advanced
 * Science 8:2100707): energy = (CPU time × power per core + elapsed time × memory × power per GB) × PUE, with 12 W per
 * core (their figure for an unknown CPU) and 0.3725 W per GB (the paper's; their newer data say 0.08). CPU time stands
 * for cores × usage × time. Memory is what the run had available (the JVM's maximum heap), as the method counts memory
 * requested, not used.
 *
 * <p>Every figure is multiplied by the PUE (1 by default: a computer outside a data centre; Green Algorithms' data-centre
 * default is 1.67) and by the grid's carbon intensity ({@link CarbonIntensity}).
 */
public final class EnergyMeter {
    /** Green Algorithms' power of one core of an unknown CPU, W. */
    public static final double CORE_W = 12.0;
    /** Green Algorithms' (2021) power of memory, W per GB. */
    public static final double MEMORY_W_PER_GB = 0.3725;

    /** The largest PUE taken as real (the Uptime Institute's surveys find averages near 1.6; a PUE above 3 is a typo). */
    public static final double MAX_PUE = 3;

    private static final Path POWERCAP = Path.of("/sys/class/powercap");

    private final Path powercap;
    private final long wall0;
    private final long cpu0;
    private final Map<Path, Long> rapl0;

    private EnergyMeter(Path powercap, long wall0, long cpu0, Map<Path, Long> rapl0) {
        this.powercap = powercap;
        this.wall0 = wall0;
        this.cpu0 = cpu0;
        this.rapl0 = rapl0;
    }

    /** Starts measuring now. */
    public static EnergyMeter start() {
        return start(POWERCAP);
    }

    /** Starts measuring now, with the powercap tree at {@code powercap} (tests give a made-up one). */
    static EnergyMeter start(Path powercap) {
        return new EnergyMeter(powercap, System.nanoTime(), cpuNanos(), readRapl(powercap));
    }

    /** Stops, and reports the energy since {@link #start()} for a grid {@code region} and a {@code pue}. */
    public EnergyUse stop(CarbonIntensity.Region region, double pue) {
        if (!(pue >= 1 && pue <= MAX_PUE)) {
            throw new dev.probity.core.InputException("a PUE is between 1 and " + MAX_PUE + " (1: no building overhead; data centres 1.1 to 2); got " + pue);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = Math.max(0, (cpuNanos() - cpu0) / 1e9);
        int cores = Runtime.getRuntime().availableProcessors();
        double memGb = Runtime.getRuntime().maxMemory() / 1e9;
        Map<Path, Long> rapl1 = rapl0.isEmpty() ? Map.of() : readRapl(powercap);
        double joules = -1;
        if (!rapl0.isEmpty() && rapl1.keySet().equals(rapl0.keySet())) {
            double uj = 0;
            for (var e : rapl0.entrySet()) {
                long before = e.getValue();
                long after = rapl1.get(e.getKey());
                uj += after >= before ? after - before : maxRange(e.getKey()) - before + after;
            }
            joules = uj / 1e6;
        }
        String method;
        double kwh;
        String note;
        if (joules >= 0) {
            method = "rapl";
            kwh = joules / 3.6e6 * pue;
            note = "the whole machine's CPU packages" + (hasDram() ? " and memory" : "") + " while the work ran, measured by RAPL; other "
                    + "processes' work is included, and devices other than CPU and memory are not";
        } else {
            method = "green-algorithms";
            kwh = (cpu * CORE_W + wall * memGb * MEMORY_W_PER_GB) / 3.6e6 * pue;
            note = "estimated from this process's CPU time at " + CORE_W + " W per core and " + MEMORY_W_PER_GB
                    + " W per GB of memory (Green Algorithms, Lannelongue et al. 2021); RAPL counters "
                    + (Files.isDirectory(powercap) ? "are not readable here (root only since Linux 5.10)" : "are not available on this machine");
        }
        return new EnergyUse(method, wall, cpu, cores, memGb, CORE_W, MEMORY_W_PER_GB, pue, kwh, region.code(), region.gramsPerKwh(),
                kwh * region.gramsPerKwh(), note);
    }

    /** The energy of a fixed amount of CPU and memory time, by the Green Algorithms method (for checks and planning). */
    public static double estimateKwh(double cpuSeconds, double wallSeconds, double memoryGb, double pue) {
        return (cpuSeconds * CORE_W + wallSeconds * memoryGb * MEMORY_W_PER_GB) / 3.6e6 * pue;
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return 0;
    }

    /** Readable top-level package zones and dram zones, by the path of their energy_uj; empty when none can be read. */
    static Map<Path, Long> readRapl(Path powercap) {
        Map<Path, Long> out = new LinkedHashMap<>();
        if (!Files.isDirectory(powercap)) {
            return out;
        }
        List<Path> zones = new ArrayList<>();
        try (Stream<Path> s = Files.list(powercap)) {
            s.filter(p -> p.getFileName().toString().startsWith("intel-rapl:")).sorted().forEach(zones::add);
        } catch (IOException e) {
            return out;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Path z : zones) {
            try {
                String name = Files.readString(z.resolve("name")).trim();
                boolean top = z.getFileName().toString().split(":").length == 2;
                if ((top && name.startsWith("package-") || name.equals("dram")) && names.add(z.getFileName() + "/" + name)) {
                    out.put(z.resolve("energy_uj"), Long.parseLong(Files.readString(z.resolve("energy_uj")).trim()));
                }
            } catch (IOException | NumberFormatException | SecurityException e) {
                return new LinkedHashMap<>(); // one unreadable counter makes the sum wrong: estimate instead
            }
        }
        return out;
    }

    private static long maxRange(Path energyUj) {
        try {
            return Long.parseLong(Files.readString(energyUj.resolveSibling("max_energy_range_uj")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private boolean hasDram() {
        return rapl0.keySet().stream().anyMatch(p -> {
            try {
                return Files.readString(p.resolveSibling("name")).trim().equals("dram");
            } catch (IOException e) {
                return false;
            }
        });
    }
}
