package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/RobustnessTour.java compiles against the modules and runs, so the example cannot go stale. */
class RobustnessTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("RobustnessTour", dir);
        assertThat(text).contains("noise of 0.1 sd on [education_num, capital_gain, capital_loss, hours_per_week] flips",
                "rows where the attack beat the exact answer: 0", "changing only sex changes", "worst slice: ", "scan: ", "tour complete");
    }
}
