package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/AnonymizationTour.java compiles against the modules and runs, so the example cannot go stale. */
class AnonymizationTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("AnonymizationTour", dir);
        assertThat(text).contains("transformation: {age=", "trained on the original: accuracy", "trained on the release : accuracy",
                "tour complete");
    }
}
