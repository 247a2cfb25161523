package dev.probity.privacy.pii;

import java.util.List;
import java.util.Locale;

/**
 * Web addresses: {@code http://}, {@code https://} or {@code ftp://} followed by a host, or a host starting with
 * {@code www.}; then a path, query and fragment up to white space. Trailing punctuation that ends the sentence is not
 * part of the address ({@code .,;:!?'"}, and a closing bracket without its opening one). The host must be a
 * domain with a top-level domain of letters (or {@code localhost}, or an IPv4 address). Score 0.85.
 */
public final class UrlRecognizer implements Recognizer {
    static final double SCORE = 0.85;

    @Override
    public String name() {
        return "url";
    }

    @Override
    public void find(String text, List<Entity> out) {
        int lastEnd = 0;
        int i = 0;
        int n = text.length();
        int scheme = text.indexOf("://");
        int lower = text.indexOf("www.");
        int upper = text.indexOf("WWW.");
        while (i < n) {
            // the next occurrences at or after i, searched again only when passed (a search from every i is quadratic)
            if (scheme >= 0 && scheme < i) {
                scheme = text.indexOf("://", i);
            }
            if (lower >= 0 && lower < i) {
                lower = text.indexOf("www.", i);
            }
            if (upper >= 0 && upper < i) {
                upper = text.indexOf("WWW.", i);
            }
            int www = lower < 0 ? upper : upper < 0 ? lower : Math.min(lower, upper);
            if (scheme < 0 && www < 0) {
                return;
            }
            int start;
            int hostStart;
            if (scheme >= 0 && (www < 0 || scheme < www)) {
                int s = scheme;
                while (s > 0 && Character.isLetter(text.charAt(s - 1)) && scheme - s < 6) {
                    s--;
                }
                String sc = text.substring(s, scheme).toLowerCase(Locale.ROOT);
                if (!(sc.equals("http") || sc.equals("https") || sc.equals("ftp")) || !Context.boundaryBefore(text, s)) {
                    i = scheme + 3;
                    continue;
                }
                start = s;
                hostStart = scheme + 3;
            } else {
                if (!Context.boundaryBefore(text, www) || www > 0 && text.charAt(www - 1) == '/' || www < lastEnd) {
                    i = www + 4;
                    continue;
                }
                start = www;
                hostStart = www;
            }
            int e = hostStart;
            while (e < n && isUrlChar(text.charAt(e))) {
                e++;
            }
            e = trimTrailing(text, start, e);
            int hostEnd = hostStart;
            while (hostEnd < e && text.charAt(hostEnd) != '/' && text.charAt(hostEnd) != '?' && text.charAt(hostEnd) != '#') {
                hostEnd++;
            }
            if (validHost(text, hostStart, hostEnd)) {
                out.add(new Entity(PiiType.URL, start, e, SCORE, name()));
                lastEnd = e;
            }
            i = Math.max(e, hostStart + 1);
        }
    }

    private static boolean isUrlChar(char c) {
        return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '{' && c != '}' && c != '|' && c != '\\'
                && c != '^' && c < 0x7f;
    }

    private static int trimTrailing(String t, int start, int e) {
        while (e > start) {
            char c = t.charAt(e - 1);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*') {
                e--;
            } else if (c == ')' || c == ']') {
                char open = c == ')' ? '(' : '[';
                int depth = 0;
                for (int k = start; k < e; k++) {
                    if (t.charAt(k) == open) {
                        depth++;
                    } else if (t.charAt(k) == c) {
                        depth--;
                    }
                }
                if (depth < 0) {
                    e--;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return e;
    }

    private static boolean validHost(String t, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            if (t.charAt(k) == '@') {
                from = k + 1; // user information
                break;
            }
        }
        for (int k = from; k < to; k++) {
            if (t.charAt(k) == ':') {
                to = k; // port
                break;
            }
        }
        if (to - from == 9 && t.regionMatches(true, from, "localhost", 0, 9)) {
            return true;
        }
        if (IpRecognizer.ipv4Length(t, from, to) == to - from) {
            return true;
        }
        return EmailRecognizer.validDomain(t, from, to);
    }
}
