package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/TextTour.java compiles against the modules and runs, so the example cannot go stale. */
class TextTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("TextTour", dir, DependenciesDocumentedTest.REPO.toString(), dir.toString());
        assertThat(text).contains("encoder: sentence-transformers/all-MiniLM-L6-v2, 384 dimensions",
                "saved and loaded: encoder recorded sentence-transformers/all-MiniLM-L6-v2", "counterfactual name: ",
                "<< FLAGGED", "why: [-Megan]", "behaviour: negation", "SEAT names x pleasantness: effect size",
                "tour complete");
    }
}
