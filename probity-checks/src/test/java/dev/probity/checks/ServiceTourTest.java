package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/ServiceTour.java compiles against the modules and runs, so the example cannot go stale. */
class ServiceTourTest {
    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String text = Examples.compileAndRun("ServiceTour", dir, dir.toString());
        assertThat(text).contains("ingest token made: prb_", "logged: {\"model\":\"loans\",\"accepted\":400", "(replayed)",
                "labels: {\"model\":\"loans\",\"applied\":400", "fairness basis: the labelled predictions only: 400 of 400",
                "performance: calibrated on 400 labelled predictions; \"estimated\":{\"rows\":400", "ledger entry 0 recorded; proof verified by the service: true",
                "tour complete");
        assertThat(text).doesNotContain("findings: none");
    }
}
