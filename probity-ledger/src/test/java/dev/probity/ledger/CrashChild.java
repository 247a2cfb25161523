package dev.probity.ledger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The child of {@link CrashTest}: appends entries "run-N" from four threads as fast as it can and prints "ack INDEX N"
 * the moment each append is acknowledged, until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Ledger l = Ledger.open(dir);
        out.println("ready " + l.size());
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        Runnable work = () -> {
            while (true) {
                long k = n.getAndIncrement();
                CompletableFuture<Long> f = l.appendAsync((run + "-" + k).getBytes(StandardCharsets.UTF_8));
                long index = f.join();
                synchronized (out) {
                    out.println("ack " + index + " " + run + "-" + k);
                }
            }
        };
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(work);
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
