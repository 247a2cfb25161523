package dev.probity.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/SparkTour.java compiles against this module (warnings are errors) and runs: the Spark audit equals the
 * laptop's, and private statistics are paid from a budget. (The other examples are compiled by probity-checks, whose class
 * path holds XGBoost4J's Scala 2.12, which cannot live beside Spark's 2.13.)
 */
class SparkTourTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theSparkExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path source = REPO.resolve("docs/examples/SparkTour.java");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path,-processing,-classfile", "-Werror", "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("SparkTour").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {REPO.toString(), dir.resolve("scratch").toString()});
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(text).contains("audited on Spark: 6172 of 7214 rows", "the same as on a laptop: true", "budget spent: ε 1 of 3",
                "tour complete");
        assertThat(text).containsPattern("false positive rate, African-American: 0\\.4\\d{3}; Caucasian: 0\\.2\\d{3}");
        assertThat(text).containsPattern("private mean priors, African-American: \\d+\\.\\d\\d");
    }
}
