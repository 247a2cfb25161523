package dev.probity.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs indexed tasks on a fixed number of our own platform threads. Probity never depends on the common
 * fork-join pool, whose size is a property of the machine and of whoever else uses it.
 */
public final class Parallel {
    private Parallel() {
    }

    /** The default degree of parallelism: the available processors, or {@code probity.threads} when set. */
    public static int defaultThreads() {
        String p = System.getProperty("probity.threads");
        if (p != null && !p.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                // fall through to the machine's count
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code task.accept(i)} for {@code i} in {@code [0, tasks)} on at most {@code threads} threads,
     * the caller's thread included, and returns when all are done. The first exception thrown by any task
     * is rethrown (others are added as suppressed).
     */
    public static void forEach(int tasks, int threads, IntConsumer task) {
        int workers = Math.max(1, Math.min(threads, tasks));
        if (workers == 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        Runnable loop = () -> {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                    next.set(tasks);
                }
            }
        };
        List<Thread> started = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            Thread t = new Thread(loop, "probity-worker-" + w);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        loop.run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProbityException("interrupted", e);
            }
        }
        if (!errors.isEmpty()) {
            Throwable first = errors.get(0);
            for (int k = 1; k < errors.size(); k++) {
                first.addSuppressed(errors.get(k));
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            throw new ProbityException(first.getMessage(), first);
        }
    }
}
