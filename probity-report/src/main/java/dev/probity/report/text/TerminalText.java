package dev.probity.report.text;

/**
 * Text typed by someone else (an actor's name, a reason, a group) made safe to print on a terminal: control characters
 * — newlines that would forge a line, escape sequences that would recolour or move the cursor — are shown as
 * {@code \n}, {@code \u001b} and so on.
 */
public final class TerminalText {
    private TerminalText() {
    }

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069');
            if (control) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
