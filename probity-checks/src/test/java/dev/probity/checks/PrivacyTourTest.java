package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/PrivacyTour.java compiles against the modules and runs, so the example cannot go stale. */
class PrivacyTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("PrivacyTour", dir, dir.resolve("tour").toString());
        assertThat(text).contains("RDP account: epsilon 7.3291 at order 3.9", "private audit: African-American FPR", "private: ε = 1.0",
                "budget left: epsilon 1 after 2 releases", "DP-SGD: epsilon", "equal: true",
                "shared audit: African-American FPR 0.4485 over 7214 rows", "tour complete");
    }
}
