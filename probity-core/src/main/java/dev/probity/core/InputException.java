package dev.probity.core;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's input is wrong: a file that cannot be parsed, a column that does not exist, a label that is
 * not binary where a binary one is needed. The message names the file, line, column or field and the
 * offending value, so that a person can fix the input without reading a stack trace; where the library knows them
 * as data, {@link #location()} carries them too.
 *
 * <p>Messages are face-neutral: where a message suggests a setting (drop the rows with missing values, give the
 * encoding), it names it as {@code {{drop-missing}}}, and each face words it in its own terms through
 * {@link #message(Function)} — the command line as {@code --drop-missing}, a service as a field of its request.
 * {@link #getMessage()} words it neutrally ({@code 'drop-missing'}). Command-line faces map this exception to
 * exit code 2.
 */
public class InputException extends ProbityException {
    private static final Pattern SETTING = Pattern.compile("\\{\\{([a-z][a-z0-9-]*)}}");
    private final Location location;

    /**
     * Where in the input the problem is, as far as it is known. Serializable, as the exception that carries it is: an
     * error found on a Spark executor travels to the driver.
     *
     * @param source the file, dataset or expression
     * @param line   1-based line, or 0 when not known
     * @param column 1-based column (character position), or 0 when not known
     * @param field  the field or column name, or null
     * @param value  the offending value as text (capped at 200 characters), or null
     */
    public record Location(String source, long line, int column, String field, String value) implements java.io.Serializable {
        public Location {
            if (value != null && value.length() > 200) {
                value = value.substring(0, 200) + "…";
            }
        }
    }

    public InputException(String message) {
        this(message, (Location) null);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
        this.location = null;
    }

    public InputException(String message, Location location) {
        super(message);
        this.location = location;
    }

    /**
     * A value as a message may echo it: at most 200 characters, then how many more there were (a 10 MB cell is not
     * worth repeating in full).
     */
    public static String shown(String value) {
        if (value == null || value.length() <= 200) {
            return value;
        }
        return value.substring(0, 200) + "… (" + value.length() + " characters)";
    }

    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    /** The message with each setting it names worded by {@code namer} (kebab-case key → the face's name for it). */
    public String message(Function<String, String> namer) {
        String raw = super.getMessage();
        if (raw == null) {
            return null;
        }
        Matcher m = SETTING.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(namer.apply(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The message with settings worded neutrally, by their key in quotes ({@code 'drop-missing'}). */
    @Override
    public String getMessage() {
        return message(k -> "'" + k + "'");
    }
}
