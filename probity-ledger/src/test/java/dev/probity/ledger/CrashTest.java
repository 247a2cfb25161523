package dev.probity.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM with SIGKILL while it appends, many times, and checks that the log reopens, verifies, and holds every
 * entry the child saw acknowledged, at the index it was given. Rounds: {@code -Dprobity.crash.rounds} (default 6).
 */
class CrashTest {
    @Test
    void everyAcknowledgedEntrySurvivesKillNine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/crash")) {
            l.append("genesis".getBytes(StandardCharsets.UTF_8));
        }
        int rounds = Integer.getInteger("probity.crash.rounds", 6);
        Random r = new Random(11);
        Map<Long, String> acked = new HashMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < rounds; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), log.toString(),
                    "r" + round).redirectErrorStream(false).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            assertThat(first).as("child started").startsWith("ready");
            long deadline = System.nanoTime() + (50 + r.nextInt(400)) * 1_000_000L;
            // read acknowledgements until the deadline, then kill without warning
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] s = line.split(" ");
                        if (s[0].equals("ack")) {
                            synchronized (acked) {
                                acked.put(Long.parseLong(s[1]), s[2]);
                            }
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child died
                }
            });
            reader.start();
            while (System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor();
            reader.join(5_000);
            try (Ledger l = Ledger.open(log)) {
                synchronized (acked) {
                    for (Map.Entry<Long, String> e : acked.entrySet()) {
                        assertThat(e.getKey()).as("round %d: acknowledged index %d is in the log", round, e.getKey()).isLessThan(l.size());
                        assertThat(new String(l.entry(e.getKey()), StandardCharsets.UTF_8)).as("round %d, index %d", round, e.getKey())
                                .isEqualTo(e.getValue());
                    }
                }
                l.checkpoint();
            }
            LedgerVerifier.Report rep = LedgerVerifier.verify(log, List.of());
            assertThat(rep.ok()).as("round %d: %s", round, rep.problems()).isTrue();
        }
        assertThat(acked).as("the children acknowledged appends").isNotEmpty();
    }
}
