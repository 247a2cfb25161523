package dev.probity.cli;

import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the hierarchy file of each column in a folder. */
final class HierarchyFiles {
    private HierarchyFiles() {
    }

    static Map<String, Path> find(Path dir, List<String> columns, String option) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(option + " " + dir + ": no such folder");
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InputException(option + " " + dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        Map<String, Path> found = new LinkedHashMap<>();
        for (String c : columns) {
            List<Path> matches = new ArrayList<>();
            for (Path p : all) {
                String name = p.getFileName().toString();
                if (name.equals(c + ".csv") || name.endsWith("_hierarchy_" + c + ".csv")) {
                    matches.add(p);
                }
            }
            if (matches.isEmpty()) {
                throw new InputException(option + " " + dir + " has no hierarchy for '" + c + "': expected " + c
                        + ".csv or <name>_hierarchy_" + c + ".csv");
            }
            if (matches.size() > 1) {
                throw new InputException(option + " " + dir + " has " + matches.size() + " hierarchies for '" + c
                        + "': " + String.join(", ", matches.stream().map(p -> p.getFileName().toString()).toList())
                        + "; keep one");
            }
            found.put(c, matches.get(0));
        }
        return found;
    }
}
