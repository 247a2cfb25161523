package dev.probity.server.jobs;

import dev.probity.core.InputException;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long requests run as jobs on a bounded executor: {@code workers} at a time, at most {@code queue} waiting; a job
 * submitted beyond that is refused ({@link FullException}) rather than queued without end. Jobs live in this process's
 * memory only: a restart forgets them, queued, running and finished alike (their results included). The most recent
 * {@value #KEPT} jobs are kept; older finished ones are forgotten first.
 */
public final class Jobs implements AutoCloseable {
    /** How many jobs are remembered (finished ones are forgotten oldest first beyond this). */
    public static final int KEPT = 500;
    private static final SecureRandom IDS = new SecureRandom();

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** Where a running job is; the job's work reports to it and learns from it whether to stop. */
    public interface Progress {
        /** Records the step starting now and the fraction done; throws {@link CancellationException} when the job was cancelled. */
        void step(String step, double fraction);

        /** Records a warning about the job's input. */
        void warning(String warning);
    }

    /** What a job does: returns its result as JSON text, or throws (an {@link InputException} names the field). */
    @FunctionalInterface
    public interface Work {
        String run(Progress progress) throws Exception;
    }

    /** One job; its fields change as it runs, and are read without locks (each is one volatile value). */
    public static final class Job {
        private final String id;
        private final String kind;
        private final String ownerToken;
        private final String ownerName;
        private final String summary;
        private final Instant created = Instant.now();
        private volatile Instant started;
        private volatile Instant finished;
        private volatile Status status = Status.QUEUED;
        private volatile String step = "queued";
        private volatile double fraction;
        private volatile String result;
        private volatile InputException inputError;
        private volatile String error;
        private volatile boolean cancelRequested;
        private volatile Future<?> future;
        private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

        Job(String id, String kind, String ownerToken, String ownerName, String summary) {
            this.id = id;
            this.kind = kind;
            this.ownerToken = ownerToken;
            this.ownerName = ownerName;
            this.summary = summary;
        }

        public String id() {
            return id;
        }

        public String kind() {
            return kind;
        }

        /** The token that created the job. */
        public String ownerToken() {
            return ownerToken;
        }

        public String ownerName() {
            return ownerName;
        }

        public String summary() {
            return summary;
        }

        public Instant created() {
            return created;
        }

        public Instant started() {
            return started;
        }

        public Instant finished() {
            return finished;
        }

        public Status status() {
            return status;
        }

        public String step() {
            return step;
        }

        public double fraction() {
            return fraction;
        }

        /** The result as JSON text, when done. */
        public String result() {
            return result;
        }

        /** Why the job failed on its input (with the field and value), or null. */
        public InputException inputError() {
            return inputError;
        }

        /** Why it failed, in words, or null. */
        public String error() {
            return error;
        }

        /** Warnings about the job's input, as they were raised. */
        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        public boolean cancelRequested() {
            return cancelRequested;
        }
    }

    /** The queue is full: retry later. */
    public static final class FullException extends RuntimeException {
        public FullException(String message) {
            super(message);
        }
    }

    private final ThreadPoolExecutor executor;
    private final int workers;
    private final int queue;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Jobs(int workers, int queue) {
        this.workers = workers;
        this.queue = queue;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "probity-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job, or refuses it with {@link FullException} when {@code workers} run and {@code queue} wait already. */
    public Job submit(String kind, String ownerToken, String ownerName, String summary, Work work) {
        byte[] b = new byte[12];
        IDS.nextBytes(b);
        Job job = new Job(HexFormat.of().formatHex(b), kind, ownerToken, ownerName, summary);
        synchronized (jobs) {
            jobs.put(job.id, job);
            forgetOld();
        }
        try {
            job.future = executor.submit(() -> run(job, work));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            throw new FullException("the job queue is full: " + workers + " job(s) running and " + queue + " waiting; retry later");
        }
        return job;
    }

    private static void run(Job job, Work work) {
        if (job.cancelRequested) {
            job.step = "cancelled before it started";
            job.status = Status.CANCELLED;
            job.finished = Instant.now();
            return;
        }
        job.started = Instant.now();
        job.status = Status.RUNNING;
        job.step = "started";
        try {
            String r = work.run(new Progress() {
                @Override
                public void step(String step, double fraction) {
                    if (job.cancelRequested) {
                        throw new CancellationException("the job was cancelled");
                    }
                    job.step = step;
                    job.fraction = Math.max(job.fraction, Math.min(1, fraction));
                }

                @Override
                public void warning(String warning) {
                    job.warnings.add(warning);
                }
            });
            job.result = r;
            job.fraction = 1;
            job.step = "done";
            job.status = Status.DONE;
        } catch (CancellationException e) {
            job.step = "cancelled at '" + job.step + "'";
            job.status = Status.CANCELLED;
        } catch (InputException e) {
            job.inputError = e;
            job.error = e.getMessage();
            job.status = Status.FAILED;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            System.err.println("probity: job " + job.id + " (" + job.kind + ") failed: " + e);
            job.error = "the job failed inside the service (" + e.getClass().getSimpleName() + "); see the service's log";
            job.status = Status.FAILED;
        } finally {
            job.finished = Instant.now();
        }
    }

    public Optional<Job> get(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** The jobs of one token (null: every job), newest first. */
    public List<Job> list(String ownerToken) {
        List<Job> out = new ArrayList<>();
        synchronized (jobs) {
            for (Job j : jobs.values()) {
                if (ownerToken == null || j.ownerToken.equals(ownerToken)) {
                    out.add(j);
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Cancels a job: a queued one never starts; a running one stops before its next step (a step in progress — a
     * method's fit — runs to its end first). Returns false when the job had finished already.
     */
    public boolean cancel(Job job) {
        if (job.status.finished()) {
            return false;
        }
        job.cancelRequested = true;
        Future<?> f = job.future;
        if (job.status == Status.QUEUED && f != null && f.cancel(false)) {
            job.step = "cancelled before it started";
            job.status = Status.CANCELLED;
            job.finished = Instant.now();
        }
        return true;
    }

    private void forgetOld() {
        if (jobs.size() <= KEPT) {
            return;
        }
        for (var it = jobs.values().iterator(); it.hasNext() && jobs.size() > KEPT; ) {
            if (it.next().status.finished()) {
                it.remove();
            }
        }
    }

    /** Stops taking jobs and interrupts those running; nothing is kept. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
