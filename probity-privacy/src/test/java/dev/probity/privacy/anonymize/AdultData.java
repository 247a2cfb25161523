package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ARX's Adult benchmark (adult.csv and its hierarchies) from the workspace's {@code shared/data/adult-anonymization}
 * folder; not bundled in the repository while the licence of ARX's hierarchy files is unsettled (see
 * data/README.md). Tests that need it are skipped when it is absent.
 */
final class AdultData {
    static final List<String> QI = List.of("sex", "age", "race", "marital-status", "education", "native-country",
            "workclass", "occupation");

    private AdultData() {
    }

    static Path folder() {
        String env = System.getenv("PROBITY_ADULT_ANONYMIZATION");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/adult-anonymization");
            if (Files.isRegularFile(candidate.resolve("adult.csv"))) {
                return candidate;
            }
            Path sibling = p.resolveSibling("shared/data/adult-anonymization");
            if (Files.isRegularFile(sibling.resolve("adult.csv"))) {
                return sibling;
            }
        }
        return null;
    }

    static Frame data(Path folder) {
        return DataReader.read(folder.resolve("adult.csv"), ReadOptions.defaults().delimiter(';'));
    }

    static Map<String, Hierarchy> hierarchies(Path folder, List<String> columns) {
        Map<String, Hierarchy> m = new LinkedHashMap<>();
        for (String c : columns) {
            m.put(c, Hierarchy.read(c, folder.resolve("adult_hierarchy_" + c + ".csv")));
        }
        return m;
    }
}
