package dev.probity.cli;

/** Exit statuses that scripts can rely on. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The audit ran, and a {@code --fail-on} rule is broken. */
    public static final int RULE_BROKEN = 1;
    /** Bad input: a file, column, value or option is wrong; the message says which. Nothing was written. */
    public static final int BAD_INPUT = 2;
    /** A fault in Probity itself. */
    public static final int INTERNAL = 3;

    private ExitCode() {
    }
}
