package dev.probity.privacy.budget;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyBudgetTest {
    static Charge charge(String eps) {
        return new Charge("analyst", "a count", "laplace", Map.of("sensitivity", "1"), new BigDecimal(eps), BigDecimal.ZERO);
    }

    @Test
    void debitsAddUpExactlyAndTheLastOneThatWouldOverspendIsRefused(@TempDir Path dir) {
        PrivacyBudget b = PrivacyBudget.create(dir.resolve("compas.budget"), "compas", new BigDecimal("1"), new BigDecimal("1e-6"));
        for (int i = 0; i < 10; i++) {
            b.debit(charge("0.1"));
        }
        PrivacyBudget.Balance bal = b.balance();
        assertThat(bal.epsilonSpent()).isEqualByComparingTo("1");
        assertThat(bal.epsilonLeft()).isEqualByComparingTo("0");
        AtomicInteger computed = new AtomicInteger();
        assertThatThrownBy(() -> b.release(charge("0.000001"), computed::incrementAndGet)).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("10 releases have spent ε 1.0 of 1").hasMessageContaining("leaving ε 0.0");
        assertThat(computed).hasValue(0); // nothing computed for a refused release
        // δ is spent too
        PrivacyBudget g = PrivacyBudget.create(dir.resolve("g.budget"), "g", new BigDecimal("10"), new BigDecimal("1e-6"));
        g.debit(new Charge("a", "mean", "gaussian", Map.of(), new BigDecimal("1"), new BigDecimal("6e-7")));
        assertThatThrownBy(() -> g.debit(new Charge("a", "mean", "gaussian", Map.of(), new BigDecimal("1"), new BigDecimal("6e-7"))))
                .isInstanceOf(BudgetExceededException.class).hasMessageContaining("δ");
        // the record says who asked what, how
        PrivacyBudget again = PrivacyBudget.open(dir.resolve("compas.budget"));
        assertThat(again.entries()).hasSize(10);
        PrivacyBudget.Entry e = again.entries().get(3);
        assertThat(e.sequence()).isEqualTo(4);
        assertThat(e.charge().who()).isEqualTo("analyst");
        assertThat(e.charge().parameters()).containsEntry("sensitivity", "1");
        assertThat(again.dataset()).isEqualTo("compas");
    }

    @Test
    void aBudgetIsNeverReplacedAndBadFilesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.budget");
        PrivacyBudget.create(f, "x", BigDecimal.ONE, BigDecimal.ZERO);
        assertThatThrownBy(() -> PrivacyBudget.create(f, "x", BigDecimal.TEN, BigDecimal.ZERO)).hasMessageContaining("never replaced");
        assertThatThrownBy(() -> PrivacyBudget.create(dir.resolve("y"), "y", BigDecimal.ZERO, BigDecimal.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Charge("a", "b", "c", Map.of(), new BigDecimal("-1"), BigDecimal.ZERO)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Charge.of("a", "b", "c", Map.of(), Double.NaN, 0)).hasMessageContaining("finite");
        assertThat(Charge.of("a", "b", "c", Map.of(), 0.1, 0).epsilon()).isGreaterThanOrEqualTo(new BigDecimal("0.1"));
        Path other = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> PrivacyBudget.open(other)).hasMessageContaining("notes.txt");
        assertThatThrownBy(() -> PrivacyBudget.open(dir.resolve("missing.budget"))).hasMessageContaining("no privacy budget there");
        // a damaged line in the middle is refused with its number; a field cannot forge a line
        PrivacyBudget b = PrivacyBudget.open(f);
        b.debit(new Charge("eve\n1\t2", "tab\tand newline\n", "m", Map.of("k=\n", "v&"), new BigDecimal("0.1"), BigDecimal.ZERO));
        b.debit(charge("0.1"));
        assertThat(b.entries().get(0).charge().who()).isEqualTo("eve\n1\t2");
        assertThat(b.entries().get(0).charge().parameters()).containsEntry("k=\n", "v&");
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(3);
        lines.set(1, lines.get(1).replace("0.1", "0.0"));
        Files.write(f, lines);
        assertThatThrownBy(b::balance).hasMessageContaining("line 2 does not match its checksum");
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTruncatedByTheNextDebit(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.budget");
        PrivacyBudget b = PrivacyBudget.create(f, "t", BigDecimal.ONE, BigDecimal.ZERO);
        b.debit(charge("0.25"));
        long size = Files.size(f);
        Files.writeString(f, "2\t2026-11-30T12%3A00%3A00Z\t0.5\t0", StandardOpenOption.APPEND); // a write cut short
        assertThat(b.balance().epsilonSpent()).isEqualByComparingTo("0.25");
        b.debit(charge("0.5"));
        assertThat(b.entries()).extracting(PrivacyBudget.Entry::sequence).containsExactly(1L, 2L);
        assertThat(Files.size(f)).isGreaterThan(size);
        assertThat(Files.readString(f)).doesNotContain("0.5\t0\n").endsWith("\n");
    }

    @Test
    void sixtyFourThreadsRacingNeverOverspend(@TempDir Path dir) throws Exception {
        PrivacyBudget b = PrivacyBudget.create(dir.resolve("race.budget"), "race", new BigDecimal("1"), BigDecimal.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            fs.add(pool.submit(() -> {
                PrivacyBudget mine = PrivacyBudget.open(dir.resolve("race.budget"));
                while (true) {
                    try {
                        mine.debit(charge("0.03"));
                        granted.incrementAndGet();
                    } catch (BudgetExceededException e) {
                        return;
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(granted).hasValue(33); // 33 × 0.03 = 0.99; a 34th would be 1.02
        assertThat(b.balance().epsilonSpent()).isEqualByComparingTo("0.99");
        assertThat(b.entries()).extracting(PrivacyBudget.Entry::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 33).boxed().toList());
    }

    private static Process child(Path budget, String who, String step) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BudgetChild.class.getName(), budget.toString(), who, step)
                .redirectErrorStream(true).start();
    }

    @Test
    void processesRacingNeverOverspend(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.budget");
        PrivacyBudget.create(f, "p", new BigDecimal("2"), BigDecimal.ZERO);
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(child(f, "process-" + i, "0.01"));
        }
        int released = 0;
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            released += (int) out.lines().filter(l -> l.startsWith("released ")).count();
            assertThat(out).contains("refused after");
        }
        assertThat(released).isEqualTo(200);
        PrivacyBudget b = PrivacyBudget.open(f);
        assertThat(b.balance().epsilonSpent()).isEqualByComparingTo("2");
        assertThat(b.entries().stream().map(e -> e.charge().who()).distinct().count()).isGreaterThan(1); // they did interleave
    }

    @Test
    void killNineLosesNoDebitOfAReleasedResult(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k.budget");
        PrivacyBudget.create(f, "k", new BigDecimal("1000000"), BigDecimal.ZERO);
        long seen = 0;
        for (int round = 0; round < 4; round++) {
            Process p = child(f, "round-" + round, "0.001");
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long last = -1;
            int want = 5 + 17 * round;
            for (int i = 0; i < want; i++) {
                String line = r.readLine();
                assertThat(line).startsWith("released ");
                last = Long.parseLong(line.substring("released ".length()));
            }
            p.destroyForcibly(); // SIGKILL, mid-loop: possibly mid-write
            p.waitFor(30, TimeUnit.SECONDS);
            PrivacyBudget b = PrivacyBudget.open(f);
            List<PrivacyBudget.Entry> entries = b.entries();
            // every release the child reported returning is on the disk; at most the ones in flight were added after it
            assertThat(entries.get(entries.size() - 1).sequence()).isGreaterThanOrEqualTo(last);
            assertThat(entries.size()).isGreaterThanOrEqualTo((int) (seen + want));
            seen = entries.size();
        }
        // and the file still takes debits after the crashes
        PrivacyBudget.open(f).debit(charge("0.5"));
        assertThat(PrivacyBudget.open(f).entries()).hasSize((int) seen + 1);
    }
}
