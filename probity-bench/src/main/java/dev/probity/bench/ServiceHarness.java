package dev.probity.bench;

import dev.probity.server.ProbityServer;
import dev.probity.server.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service under load on loopback, in one JVM with the service (the 2 cores are shared, as they would be on a
 * 2-core host): clients send prediction batches of BATCH records for SECONDS seconds while another asks for the
 * fairness audit of everything stored every 100 ms. Prints predictions ingested per second, errors, and the query's
 * latency percentiles. Args: SECONDS (20) BATCH (2000) CLIENTS (2) DATABASE (h2, or a PostgreSQL JDBC URL).
 */
public final class ServiceHarness {
    private ServiceHarness() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String db = args.length > 3 ? args[3] : "h2";
        // predictions stored before the measured phase (as fast as the service takes them; no queries), and the pace of
        // ingestion during it (predictions per second; 0: as fast as the service takes them)
        long preload = args.length > 4 ? Long.parseLong(args[4]) : 0;
        double pace = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        Path dir = Files.createTempDirectory("probity-load");
        ServerConfig config = db.equals("h2") ? ServerConfig.defaults(dir) : ServerConfig.external(db, null, null);
        config = config.withPort(0).withRateLimit(0, 1).withMaxBodyBytes(64L << 20);
        try (ProbityServer server = ProbityServer.start(config, false)) {
            String token = server.firstAdminToken().orElseThrow();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            send(http, base + "/api/v1/models", token, "{\"name\": \"load\", \"protectedAttributes\": [\"sex\", \"race\"], "
                    + "\"features\": [\"age\", \"income\", \"region\"], \"positivePrediction\": \"1\", \"period\": \"1h\"}");
            // bodies made before the clock starts: the harness measures the service, not JSON generation
            List<byte[]> bodies = new ArrayList<>();
            Random rnd = new Random(1);
            long t0 = java.time.Instant.parse("2026-11-01T00:00:00Z").getEpochSecond();
            int made = Math.max(64, clients * 8);
            for (int b = 0; b < made; b++) {
                StringBuilder sb = new StringBuilder(batch * 160).append("{\"records\": [");
                for (int i = 0; i < batch; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    String sex = rnd.nextBoolean() ? "F" : "M";
                    String race = switch (rnd.nextInt(4)) { case 0 -> "A"; case 1 -> "B"; case 2 -> "C"; default -> "D"; };
                    sb.append("{\"id\": \"@").append(i).append("\", \"timestamp\": \"")
                            .append(java.time.Instant.ofEpochSecond(t0 + (long) b * 600 + i % 600)).append("\", \"inputs\": {\"sex\": \"")
                            .append(sex).append("\", \"race\": \"").append(race).append("\", \"age\": ").append(18 + rnd.nextInt(60))
                            .append(", \"income\": ").append(20000 + rnd.nextInt(80000)).append(", \"region\": \"r").append(rnd.nextInt(12))
                            .append("\"}, \"prediction\": \"").append(rnd.nextInt(2)).append("\", \"score\": ")
                            .append(String.format(Locale.ROOT, "%.4f", rnd.nextDouble())).append(", \"label\": \"").append(rnd.nextInt(2)).append("\"}");
                }
                bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            }
            AtomicLong ingested = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong sent = new AtomicLong();
            if (preload > 0) {
                long p0 = System.nanoTime();
                AtomicBoolean loaded = new AtomicBoolean();
                List<Thread> loaders = clients(clients, http, base, token, bodies, batch, sent, ingested, errors, loaded, 0, 0);
                while (ingested.get() < preload && errors.get() == 0) {
                    Thread.sleep(50);
                }
                loaded.set(true);
                for (Thread t : loaders) {
                    t.join();
                }
                System.out.printf(Locale.ROOT, "preloaded %,d predictions in %.1f s%n", ingested.get(), (System.nanoTime() - p0) / 1e9);
            }
            long stored = ingested.get();
            ingested.set(0);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = clients(clients, http, base, token, bodies, batch, sent, ingested, errors, stop, pace, System.nanoTime());
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            Thread query = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/load/fairness"))
                                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            latencies.add(System.nanoTime() - s);
                        } else {
                            errors.incrementAndGet();
                        }
                        Thread.sleep(100);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            query.join();
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Long> l = new ArrayList<>(latencies);
            Collections.sort(l);
            System.out.printf(Locale.ROOT, "database %s, %d clients, batches of %d, %.1f s, %s%n", server.databaseKind(), clients, batch, elapsed,
                    pace > 0 ? String.format(Locale.ROOT, "paced at %,.0f predictions/s", pace) : "as fast as the service takes them");
            System.out.printf(Locale.ROOT, "ingested %,d predictions: %,.0f per second; errors %d; %,d stored at the end%n", ingested.get(),
                    ingested.get() / elapsed, errors.get(), stored + ingested.get());
            if (!l.isEmpty()) {
                System.out.printf(Locale.ROOT, "fairness audit of all stored predictions while ingesting: %d queries, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        l.size(), l.get(l.size() / 2) / 1e6, l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * 0.99) - 1)) / 1e6,
                        l.get(l.size() - 1) / 1e6);
            }
        }
    }

    /**
     * Clients that send batches until {@code stop}; with a pace, batch n waits until {@code start + n · batch / pace}
     * (n counted over all clients), so the service gets that many predictions per second and no more.
     */
    private static List<Thread> clients(int clients, HttpClient http, String base, String token, List<byte[]> bodies, int batch, AtomicLong sent,
                                        AtomicLong ingested, AtomicLong errors, AtomicBoolean stop, double pace, long start) {
        long first = sent.get();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long n = sent.getAndIncrement();
                    if (pace > 0) {
                        long due = start + (long) ((n - first) * batch / pace * 1e9);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        if (stop.get()) {
                            break;
                        }
                    }
                    byte[] body = bodies.get((int) (n % bodies.size()));
                    // unique ids per batch: the template's '@' becomes the batch number
                    byte[] unique = new String(body, StandardCharsets.UTF_8).replace("\"@", "\"" + n + "-").getBytes(StandardCharsets.UTF_8);
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/load/predictions"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .header("Idempotency-Key", "b" + n).POST(HttpRequest.BodyPublishers.ofByteArray(unique)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ingested.addAndGet(batch);
                        } else {
                            errors.incrementAndGet();
                            System.err.println(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        return threads;
    }

    private static void send(HttpClient http, String url, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
    }
}
