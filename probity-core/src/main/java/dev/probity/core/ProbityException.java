package dev.probity.core;

/** Base of every exception Probity throws on purpose. */
public class ProbityException extends RuntimeException {
    public ProbityException(String message) {
        super(message);
    }

    public ProbityException(String message, Throwable cause) {
        super(message, cause);
    }
}
