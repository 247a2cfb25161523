package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/AccountabilityTour.java does in plain Java what the registry, card and comply commands do.
 * This test compiles it against the modules and runs it, so the example in the documentation cannot go stale.
 */
class AccountabilityTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("AccountabilityTour", dir, dir.resolve("tour").toString());
        assertThat(text).contains("training energy: ", "approval by the trainer: refused: alice@bank.example trained this model",
                "approval: responsible [carol@bank.example], proofs check: true", "overridden, Female: 1 of 10", "model card: 13 sections",
                "EU AI Act pack: ", "tour complete");
        assertThat(dir.resolve("tour/evidence/entries")).exists();
    }
}
