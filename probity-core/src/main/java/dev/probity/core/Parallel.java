package dev.probity.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs indexed tasks on the caller's thread and a fixed set of our own kept platform threads. Probity never
 * depends on the common fork-join pool, whose size is a property of the machine and of whoever else uses it.
 */
@Internal("use the workflows take a thread count in their settings")
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

    /** Helper threads, started once and kept: a parallel section costs a hand-off, not thread creation. */
    private static final class Pool {
        static final ExecutorService HELPERS = Executors.newFixedThreadPool(Math.max(1, defaultThreads() - 1), new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "probity-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
    }

    /**
     * Runs {@code task.accept(i)} for {@code i} in {@code [0, tasks)} on at most {@code threads} threads,
     * the caller's thread included, and returns when all are done. The caller works through the tasks
     * itself and kept helper threads join in when they are free, so nested calls cannot deadlock (a busy
     * pool only means the caller does more of the work). The first exception thrown by any task is
     * rethrown (others are added as suppressed); after it, remaining tasks are skipped.
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
        CountDownLatch done = new CountDownLatch(tasks);
        List<Throwable> errors = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable loop = () -> {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (!failed.get()) {
                        task.accept(i);
                    }
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                    failed.set(true);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int w = 1; w < workers; w++) {
            Pool.HELPERS.execute(loop);
        }
        loop.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbityException("interrupted", e);
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
