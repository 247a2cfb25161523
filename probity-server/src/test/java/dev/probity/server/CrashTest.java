package dev.probity.server;

import dev.probity.server.ingest.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged means durable: the service is killed with SIGKILL while batches arrive, restarted, and the batch that was
 * in flight is retried under its idempotency key. Every acknowledged batch must be there, and none counted twice.
 * PROBITY_CRASH_ROUNDS sets the number of kills (default 4 in CI; more for a longer run).
 */
class CrashTest {
    @TempDir
    Path dir;

    record Child(Process process, int port, String token) {
    }

    static Child start(Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), data.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        String token = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("PORT ")) {
                port = Integer.parseInt(line.substring(5));
            } else if (line.startsWith("TOKEN ")) {
                token = line.substring(6);
            } else if (line.equals("READY")) {
                break;
            }
        }
        assertThat(port).as("the child service started").isPositive();
        return new Child(p, port, token);
    }

    @Test
    void everyAcknowledgedBatchSurvivesKillNineAndNoneCountsTwice() throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("PROBITY_CRASH_ROUNDS", "4"));
        Child c = start(dir);
        String token = c.token();
        assertThat(new Http(c.port()).post("/api/v1/models", token, ServiceTest.DEFINITION).status()).isEqualTo(201);
        Random rnd = new Random(11);
        List<String> acknowledged = new ArrayList<>();
        int batchNo = 0;
        int replayed = 0;
        for (int round = 0; round < rounds; round++) {
            Http http = new Http(c.port());
            AtomicReference<String> inFlight = new AtomicReference<>();
            List<String> ackedThisRound = java.util.Collections.synchronizedList(new ArrayList<>());
            int first = batchNo;
            Thread sender = new Thread(() -> {
                for (int b = first; ; b++) {
                    String key = "batch-" + b;
                    inFlight.set(key);
                    Http.Reply r;
                    try {
                        r = http.send("POST", "/api/v1/models/loans/predictions", token, body(b), Map.of("Idempotency-Key", key));
                    } catch (AssertionError e) {
                        return; // the service died under this request: its outcome is unknown
                    }
                    if (r.status() != 200) {
                        return;
                    }
                    ackedThisRound.add(key);
                }
            });
            sender.start();
            Thread.sleep(300 + rnd.nextInt(900));
            c.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
            sender.join();
            acknowledged.addAll(ackedThisRound);
            batchNo = Integer.parseInt(inFlight.get().substring(6)) + 1;
            c = start(dir);
            assertThat(c.token()).as("a restart makes no new admin token").isNull();
            // the client retries what it was not told about
            Http.Reply retry = new Http(c.port()).send("POST", "/api/v1/models/loans/predictions", token, body(batchNo - 1),
                    Map.of("Idempotency-Key", inFlight.get()));
            assertThat(retry.status()).as(retry.body()).isEqualTo(200);
            if (retry.headers().firstValue("Idempotent-Replayed").isPresent()) {
                replayed++;
                assertThat(acknowledged).doesNotContain(inFlight.get());
            }
            if (!acknowledged.contains(inFlight.get())) {
                acknowledged.add(inFlight.get());
            }
        }
        try {
            Http http = new Http(c.port());
            Http.Reply m = http.get("/api/v1/models/loans", token);
            assertThat(m.json().get("predictions").asLong()).as("acknowledged batches " + acknowledged.size() + " of 50")
                    .isEqualTo(acknowledged.size() * 50L);
            Http.Reply f = http.get("/api/v1/models/loans/fairness", token);
            assertThat(f.json().get("labelled").asLong()).isEqualTo(acknowledged.size() * 50L);
            assertThat(acknowledged.size()).isGreaterThan(rounds);
            System.out.println("crash test: " + rounds + " kills, " + acknowledged.size() + " batches stored, " + replayed
                    + " in-flight batches had been committed before the kill");
        } finally {
            c.process().destroyForcibly().waitFor();
        }
    }

    static String body(int b) {
        List<Records.Record> rs = ServiceTest.traffic("b" + b + "-", 50, b);
        return ServiceTest.batch(rs, true);
    }
}
