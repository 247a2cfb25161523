package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/PerformanceTour.java compiles against the modules and runs, so the example cannot go stale. */
class PerformanceTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("PerformanceTour", dir);
        assertThat(text).contains("calibration: ", "accuracy thresholds from the reference: [", "age 17-29", "age 60+", "tour complete");
    }
}
