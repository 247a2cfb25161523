package dev.probity.models;

import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: XGBoost printed "[0] validation-logloss:…" for every round. The native library writes to the process's
 * standard output, past Java's streams, so the check runs a training in a child JVM and reads what it printed.
 */
class XgboostQuietTest {
    /** Trains with a validation set (the case that prints), quietly or not as the first argument says. */
    public static void main(String[] args) {
        boolean verbose = Boolean.parseBoolean(args[0]);
        new PipelineTrainer(XgbTrainer.defaults().rounds(3).verbose(verbose))
                .fit(AdultFixture.training(), AdultFixture.TEST, AdultFixture.labels(AdultFixture.TEST));
        System.out.println("trained");
    }

    static String run(boolean verbose) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), XgboostQuietTest.class.getName(), Boolean.toString(verbose)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void trainingPrintsNothingUnlessAskedTo() throws Exception {
        String quiet = run(false);
        assertThat(quiet).contains("trained").doesNotContain("logloss");
        assertThat(run(true)).as("the verbose switch works, so the quiet run proves something").contains("validation-logloss");
    }
}
