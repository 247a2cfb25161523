package dev.probity.privacy.budget;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process that spends a budget until it is refused, printing {@code released N} after each release returns (and
 * flushing), for the tests that race processes and kill them.
 */
public final class BudgetChild {
    private BudgetChild() {
    }

    public static void main(String[] args) {
        PrivacyBudget b = PrivacyBudget.open(Path.of(args[0]));
        String who = args[1];
        BigDecimal step = new BigDecimal(args[2]);
        int released = 0;
        while (true) {
            try {
                var r = b.release(new Charge(who, "count " + released, "laplace", Map.of("sensitivity", "1"), step, BigDecimal.ZERO),
                        () -> 42);
                released++;
                System.out.println("released " + r.entry().sequence());
                System.out.flush();
            } catch (BudgetExceededException e) {
                System.out.println("refused after " + released);
                System.out.flush();
                return;
            }
        }
    }
}
