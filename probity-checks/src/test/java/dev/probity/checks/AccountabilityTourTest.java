package dev.probity.checks;

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
 * docs/examples/AccountabilityTour.java does in plain Java what the registry, card and comply commands do.
 * This test compiles it against the modules and runs it, so the example in the documentation cannot go stale.
 */
class AccountabilityTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path source = DependenciesDocumentedTest.REPO.resolve("docs/examples/AccountabilityTour.java");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path,-processing", "-Werror", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), source.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("AccountabilityTour").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {dir.resolve("tour").toString()});
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(text).contains("training energy: ", "approval by the trainer: refused: alice@bank.example trained this model",
                "approval: responsible [carol@bank.example], proofs check: true", "overridden, Female: 1 of 10", "model card: 13 sections",
                "EU AI Act pack: ", "tour complete");
        assertThat(dir.resolve("tour/evidence/entries")).exists();
    }
}
