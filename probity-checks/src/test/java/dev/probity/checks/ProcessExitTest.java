package dev.probity.checks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a process: its exit status and its standard output when that is a pipe. A successful command
 * ends by returning from {@code main} (System.exit would first search every jar for a logging backend); the statuses
 * scripts rely on must not change with it.
 */
class ProcessExitTest {
    private record Result(int status, String out, String err) {}

    private static Result probity(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.probity.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
        Process p = pb.start();
        // standard output is a pipe to this test
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void successExitsZeroAndAReportReachesAPipeThroughDevStdout() throws Exception {
        Result r = probity("audit", "--data", "compas", "--json", "/dev/stdout", "-q");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{").contains("\"schema\" : \"probity.audit/v1\"");
        assertThat(r.out().strip()).endsWith("}");
    }

    @Test
    void aBrokenRuleExitsOneAndBadInputTwo() throws Exception {
        Result broken = probity("audit", "--data", "compas", "--fail-on", "four-fifths", "-q");
        assertThat(broken.status()).as(broken.err()).isEqualTo(1);
        assertThat(broken.err()).contains("rule broken: four-fifths");
        Result bad = probity("audit", "--data", "no-such-file.csv", "--label", "y");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("file not found: no-such-file.csv");
        Result version = probity("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("probity ");
    }
}
