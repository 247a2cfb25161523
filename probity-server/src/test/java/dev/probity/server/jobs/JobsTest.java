package dev.probity.server.jobs;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor is bounded, jobs wait their turn, a full queue refuses, cancelling works before and during a run. */
class JobsTest {
    static void await(Jobs.Job j, Jobs.Status s) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (j.status() != s && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(j.status()).isEqualTo(s);
    }

    @Test
    void oneWorkerOneWaitingTheNextIsRefusedAndCancelStopsThem() throws Exception {
        try (Jobs jobs = new Jobs(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Jobs.Job running = jobs.submit("test", "t1", "one", "blocks", p -> {
                p.step("waiting", 0.25);
                started.countDown();
                release.await();
                p.step("after the wait", 0.5);
                return "{\"never\": true}";
            });
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(running.status()).isEqualTo(Jobs.Status.RUNNING);
            assertThat(running.fraction()).isEqualTo(0.25);
            assertThat(running.step()).isEqualTo("waiting");
            Jobs.Job queued = jobs.submit("test", "t2", "two", "waits", p -> "{}");
            assertThat(queued.status()).isEqualTo(Jobs.Status.QUEUED);
            assertThatThrownBy(() -> jobs.submit("test", "t1", "one", "refused", p -> "{}")).isInstanceOf(Jobs.FullException.class)
                    .hasMessageContaining("1 job(s) running and 1 waiting");
            assertThat(jobs.list("t1")).extracting(Jobs.Job::id).containsExactly(running.id());
            assertThat(jobs.list(null)).hasSize(2);

            assertThat(jobs.cancel(queued)).isTrue();
            assertThat(queued.status()).isEqualTo(Jobs.Status.CANCELLED);
            assertThat(jobs.cancel(running)).isTrue();
            release.countDown();
            await(running, Jobs.Status.CANCELLED);
            assertThat(running.step()).contains("cancelled at 'waiting'");
            assertThat(running.result()).isNull();
            assertThat(jobs.cancel(running)).as("finished already").isFalse();

            Jobs.Job done = jobs.submit("test", "t1", "one", "works", p -> {
                p.warning("a warning");
                p.step("half", 0.5);
                return "{\"answer\": 42}";
            });
            await(done, Jobs.Status.DONE);
            assertThat(done.result()).isEqualTo("{\"answer\": 42}");
            assertThat(done.fraction()).isEqualTo(1.0);
            assertThat(done.warnings()).containsExactly("a warning");

            Jobs.Job failed = jobs.submit("test", "t1", "one", "fails", p -> {
                throw new InputException("the label has three values", new InputException.Location("the uploaded CSV", 3, 0, "label", "y"));
            });
            await(failed, Jobs.Status.FAILED);
            assertThat(failed.inputError().location().orElseThrow().field()).isEqualTo("label");
            assertThat(failed.error()).contains("three values");
        }
    }
}
