package dev.probity.core;

/**
 * The user's input is wrong: a file that cannot be parsed, a column that does not exist, a label that is
 * not binary where a binary one is needed. The message names the file, line, column or field and the
 * offending value, so that a person can fix the input without reading a stack trace. Command-line faces
 * map this exception to exit code 2.
 */
public class InputException extends ProbityException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
