package dev.probity.bench;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.AnonymizationSpec;
import dev.probity.privacy.anonymize.Anonymizer;
import dev.probity.privacy.anonymize.Hierarchy;
import dev.probity.privacy.anonymize.PrivacyModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code probity-bench/run anonymize [RUNS]}: ARX's Adult benchmark (eight quasi-identifiers, 6,480 full-domain
 * generalizations, the loss metric) in five settings: k = 5 with at most 5% suppression (ARX 3.9.2: loss 0.252,
 * 1,458 suppressed, 911 ms), k = 2 without suppression, k = 10, k = 5 with distinct 2-diversity of salary-class
 * (3-diversity is impossible on a two-valued attribute; 3-diversity is run on occupation with the other seven
 * quasi-identifiers), and k = 5 with 0.2-closeness (equal distance) of salary-class.
 *
 * <p>Each setting runs RUNS times, each in a fresh JVM (cold: the time includes class loading and the JIT), and the
 * time is that of {@link Anonymizer#anonymize}: encoding the table, the search and the release, not reading the CSV
 * (ARX's figure likewise excludes loading). The median and the range are printed with the process's CPU time over
 * the same call (all threads, the JIT's included: on a shared machine the wall time also counts waiting for a core),
 * then the median of warm runs in one JVM. {@code probity-bench/run anonymize RUNS N} runs only setting N (0 = k=5).
 */
public final class AnonymizeHarness {
    static final List<String> QI = List.of("sex", "age", "race", "marital-status", "education", "native-country",
            "workclass", "occupation");

    private AnonymizeHarness() {
    }

    record Setting(String name, List<String> qi, List<PrivacyModel> models, double suppression) {
    }

    static List<Setting> settings() {
        return List.of(
                new Setting("k=5, 5% suppression", QI, List.of(new PrivacyModel.KAnonymity(5)), 0.05),
                new Setting("k=2, no suppression", QI, List.of(new PrivacyModel.KAnonymity(2)), 0),
                new Setting("k=10, 5% suppression", QI, List.of(new PrivacyModel.KAnonymity(10)), 0.05),
                new Setting("k=5 + distinct 2-diversity(salary-class), 5%", QI,
                        List.of(new PrivacyModel.KAnonymity(5), PrivacyModel.LDiversity.distinct("salary-class", 2)), 0.05),
                new Setting("distinct 3-diversity(occupation), 7 QIs, 5%", QI.subList(0, 7),
                        List.of(PrivacyModel.LDiversity.distinct("occupation", 3)), 0.05),
                new Setting("k=5 + 0.2-closeness(salary-class), 5%", QI,
                        List.of(new PrivacyModel.KAnonymity(5), PrivacyModel.TCloseness.equal("salary-class", 0.2)), 0.05));
    }

    static Path folder(Path repo) {
        String env = System.getenv("PROBITY_ADULT_ANONYMIZATION");
        if (env != null) {
            return Path.of(env);
        }
        return repo.toAbsolutePath().normalize().resolveSibling("shared/data/adult-anonymization");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".");
        Path folder = folder(repo);
        if (!Files.isRegularFile(folder.resolve("adult.csv"))) {
            System.err.println("no " + folder.resolve("adult.csv") + "; set PROBITY_ADULT_ANONYMIZATION to the folder of "
                    + "ARX's adult.csv and adult_hierarchy_*.csv");
            System.exit(2);
        }
        if (args.length > 2 && args[1].equals("--once")) {
            // child: one setting, one run, cold
            Setting s = settings().get(Integer.parseInt(args[2]));
            Frame data = DataReader.read(folder.resolve("adult.csv"), ReadOptions.defaults().delimiter(';'));
            Map<String, Hierarchy> h = hierarchies(folder);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Anonymization a = Anonymizer.anonymize(data, new AnonymizationSpec(s.qi(), h, s.models(), s.suppression()));
            double ms = (System.nanoTime() - t0) / 1e6;
            double cpu = (os.getProcessCpuTime() - c0) / 1e6;
            System.out.printf(Locale.ROOT, "%.3f %.6f %d %s %d %.3f%n", ms, a.after().loss(), a.suppressed(),
                    a.levels().toString().replace(" ", ""), a.search().checked(), cpu);
            return;
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        System.out.println("ARX Adult benchmark, 30,162 records, 6,480 transformations; " + runs
                + " cold runs per setting (fresh JVM each), then the median of " + runs + " warm runs");
        String only = args.length > 2 ? args[2] : "all";
        for (int i = 0; i < settings().size(); i++) {
            if (!only.equals("all") && Integer.parseInt(only) != i) {
                continue;
            }
            Setting s = settings().get(i);
            List<Double> cold = new ArrayList<>();
            List<Double> coldCpu = new ArrayList<>();
            String result = "";
            for (int r = 0; r < runs; r++) {
                Process p = new ProcessBuilder(java, "-XX:+UseParallelGC", "-Xmx2g", "-cp", cp,
                        AnonymizeHarness.class.getName(), repo.toString(), "--once", String.valueOf(i))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String line = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("the run of " + s.name() + " failed");
                }
                String[] f = line.split(" ");
                cold.add(Double.parseDouble(f[0]));
                coldCpu.add(Double.parseDouble(f[5]));
                result = String.format(Locale.ROOT, "loss %.4f, %s suppressed, levels %s, %s nodes computed",
                        Double.parseDouble(f[1]), f[2], f[3], f[4]);
            }
            Frame data = DataReader.read(folder.resolve("adult.csv"), ReadOptions.defaults().delimiter(';'));
            Map<String, Hierarchy> h = hierarchies(folder);
            List<Double> warm = new ArrayList<>();
            for (int r = 0; r < runs + 2; r++) {
                long t0 = System.nanoTime();
                Anonymizer.anonymize(data, new AnonymizationSpec(s.qi(), h, s.models(), s.suppression()));
                if (r >= 2) {
                    warm.add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%-48s cold median %7.1f ms [%.1f–%.1f] (process CPU %.1f ms), warm median %7.1f ms; %s%n",
                    s.name(), median(cold), Collections.min(cold), Collections.max(cold), median(coldCpu), median(warm), result);
        }
    }

    static Map<String, Hierarchy> hierarchies(Path folder) {
        Map<String, Hierarchy> m = new LinkedHashMap<>();
        for (String c : QI) {
            m.put(c, Hierarchy.read(c, folder.resolve("adult_hierarchy_" + c + ".csv")));
        }
        return m;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
