package dev.probity.ledger.comply;

/** What a rule's check found. */
public enum Verdict {
    /** The evidence shows the rule is met. */
    PASS,
    /** The evidence shows the rule is broken. */
    FAIL,
    /** The evidence the rule needs is not in the log: not a pass. */
    NO_EVIDENCE;

    public String label() {
        return switch (this) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NO_EVIDENCE -> "no evidence";
        };
    }
}
