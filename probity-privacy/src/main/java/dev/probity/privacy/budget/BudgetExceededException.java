package dev.probity.privacy.budget;

import dev.probity.core.InputException;

/** A release that would spend more than the budget has left: nothing was debited and nothing may be released. */
public final class BudgetExceededException extends InputException {
    public BudgetExceededException(String message) {
        super(message);
    }
}
