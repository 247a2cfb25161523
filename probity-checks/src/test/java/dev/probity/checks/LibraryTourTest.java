package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/LibraryTour.java does without the command line what audit, train, evaluate, mitigate and explain do.
 * This test compiles it against the modules and runs it, so the example in the documentation cannot go stale.
 */
class LibraryTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("LibraryTour", dir, dir.resolve("tour").toString());
        assertThat(text).contains("COMPAS false positive rate, African-American defendants: 0.4485", "strongest proxy of sex in Adult: relationship", "hiring rankings: women get 0.80", "threshold-optimizer:",
                "exponentiated-gradient:", "tour complete");
        assertThat(dir.resolve("tour/threshold-optimizer.json")).exists();
        assertThat(dir.resolve("tour/xgboost.json")).exists();
    }
}
