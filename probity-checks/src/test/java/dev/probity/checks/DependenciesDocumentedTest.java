package dev.probity.checks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/dependencies.md and the build cannot drift apart: every artifact any module resolves (dependencies of
 * every scope, transitive ones included, and the build's plugins), and the Maven that the wrapper downloads,
 * must be named in the page as {@code `group:artifact:version`}; and every coordinate the page names must still
 * be in the build. Each module writes what it resolved to {@code target/probity-dependencies.txt} and
 * {@code target/probity-plugins.txt} (the parent POM's maven-dependency-plugin executions).
 */
class DependenciesDocumentedTest {
    static final Path REPO = Path.of(System.getProperty("probity.repo", "..")).toAbsolutePath().normalize();
    static final Pattern DOCUMENTED = Pattern.compile("`([\\w.\\-]+):([\\w.\\-]+):([\\w.\\-]+)`");

    /** Every module of the root POM, and the root itself. */
    static List<Path> modules() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(REPO);
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(REPO.resolve("pom.xml")));
        while (m.find()) {
            out.add(REPO.resolve(m.group(1).trim()));
        }
        return out;
    }

    /** group:artifact:version → the modules that resolve it (and how). */
    static Map<String, Set<String>> built() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path module : modules()) {
            for (String file : List.of("probity-dependencies.txt", "probity-plugins.txt")) {
                Path f = module.resolve("target").resolve(file);
                assertThat(f).as("%s: written by the parent POM's maven-dependency-plugin executions; build the whole project "
                        + "(./mvnw verify) before this check", f).exists();
                boolean plugins = file.contains("plugins");
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    // dependencies: group:artifact:type[:classifier]:version:scope; plugins: group:artifact:type:version
                    String[] token = line.strip().split("\\s+", 2)[0].split(":");
                    if (!line.startsWith("   ") || token.length < 4 || token[0].equals("dev.probity")) {
                        continue;
                    }
                    String version = plugins ? token[token.length - 1] : token[token.length - 2];
                    String how = plugins ? "plugin" : token[token.length - 1];
                    out.computeIfAbsent(token[0] + ":" + token[1] + ":" + version, k -> new TreeSet<>())
                            .add((module.equals(REPO) ? "parent" : REPO.relativize(module).toString()) + " (" + how + ")");
                }
            }
        }
        String wrapper = Files.readString(REPO.resolve(".mvn/wrapper/maven-wrapper.properties"));
        Matcher w = Pattern.compile("wrapperVersion=(\\S+)").matcher(wrapper);
        Matcher d = Pattern.compile("apache-maven/([^/]+)/").matcher(wrapper);
        assertThat(w.find() && d.find()).as(".mvn/wrapper/maven-wrapper.properties names the wrapper and Maven versions").isTrue();
        out.put("org.apache.maven.wrapper:maven-wrapper:" + w.group(1), Set.of("./mvnw"));
        out.put("org.apache.maven:apache-maven:" + d.group(1), Set.of("./mvnw"));
        return out;
    }

    static Set<String> documented() throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(REPO.resolve("docs/dependencies.md")));
        while (m.find()) {
            out.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return out;
    }

    @Test
    void everyArtifactInTheBuildIsDocumented() throws IOException {
        Set<String> doc = documented();
        List<String> missing = new ArrayList<>();
        built().forEach((coordinate, where) -> {
            if (!doc.contains(coordinate)) {
                missing.add(coordinate + " — resolved by " + where);
            }
        });
        assertThat(missing).as("artifacts in the build that docs/dependencies.md does not name as `group:artifact:version` "
                + "(add each with its reason, license and stated terms)").isEmpty();
    }

    @Test
    void everyDocumentedArtifactIsInTheBuild() throws IOException {
        Set<String> stale = new TreeSet<>(documented());
        stale.removeAll(built().keySet());
        assertThat(stale).as("coordinates in docs/dependencies.md that no module resolves any more (remove or update them)").isEmpty();
    }

    @Test
    void theCheckReadsRealRecords() throws IOException {
        // Guards the parser: if the plugin's output format changed, the sets above would be empty and the checks vacuous.
        Map<String, Set<String>> b = built();
        assertThat(b).containsKey("org.junit.jupiter:junit-jupiter-api:6.1.3");
        assertThat(b.keySet()).anyMatch(k -> k.startsWith("org.apache.maven.plugins:maven-compiler-plugin:"));
        assertThat(b.keySet()).anyMatch(k -> k.startsWith("com.fasterxml.jackson.core:jackson-core:"));
        assertThat(documented()).hasSizeGreaterThan(20);
    }
}
