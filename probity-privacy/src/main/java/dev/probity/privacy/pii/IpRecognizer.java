package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * IP addresses. IPv4: four decimal parts 0–255 without leading zeros, not part of a longer dotted number
 * ({@code 1.2.3.4.5}) and not glued to letters ({@code v1.2.3.4}). IPv6: RFC 4291's text forms — eight groups of one to
 * four hexadecimal digits, at most one {@code ::} standing for one or more zero groups, optionally ending in an IPv4
 * address; at least two colons and, without {@code ::}, all eight groups.
 *
 * <p>Score 0.6; "ip", "address", "host", "server" and the like nearby raise it to 0.9; "version", "release", "build",
 * "firmware" and the like lower it to 0.1, below the scanner's threshold: {@code version 1.2.3.4} is a version.
 */
public final class IpRecognizer implements TextIndex.Indexed {
    static final double SCORE = 0.6;
    static final Context.Words POSITIVE = Context.words("ip", "ipv4", "ipv6", "address", "addr", "host", "server", "client",
            "gateway", "router", "dns", "connected", "connection", "login", "logged", "from", "proxy", "subnet", "peer");
    static final Context.Words NEGATIVE = Context.words("version", "versions", "ver", "v", "release", "build", "firmware", "sdk",
            "api", "patch", "oid", "section", "chapter", "figure", "table", "rule", "clause", "paragraph", "step");

    @Override
    public String name() {
        return "ip-address";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    /**
     * IPv4 addresses start at a run of digits not glued to a word or to a dotted number before it; a dotted number
     * that is not an address is passed over whole, so none starts inside it.
     */
    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        int n = text.length();
        int next = 0;
        for (int k = 0; k < index.runCount(); k++) {
            int i = index.run(k);
            if (i < next || i > 0 && isDotNumber(text, i - 1)) {
                continue;
            }
            int len = ipv4Length(text, i, Math.min(n, i + 15));
            if (len > 0 && Context.boundaryAfter(text, i + len) && !(i + len + 1 < n && text.charAt(i + len) == '.'
                    && Checksums.isDigit(text.charAt(i + len + 1)))) {
                add(text, i, i + len, out);
                next = i + len;
                continue;
            }
            int j = i;
            while (j < n && (Checksums.isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                j++;
            }
            next = j;
        }
        findIpv6(text, out);
    }

    private static boolean isDotNumber(String t, int i) {
        char c = t.charAt(i);
        return Context.isWordChar(c) || c == '.' && i > 0 && Context.isWordChar(t.charAt(i - 1));
    }

    private void add(String text, int s, int e, List<Entity> out) {
        double score = SCORE;
        if (Context.before(text, s, NEGATIVE, Context.BEFORE / 2)) {
            score = 0.1;
        } else if (Context.near(text, s, e, POSITIVE)) {
            score = 0.9;
        }
        out.add(new Entity(PiiType.IP_ADDRESS, s, e, score, name()));
    }

    /** The length of the dotted-quad IPv4 address starting at {@code from} (ending by {@code to}), or -1. */
    static int ipv4Length(String t, int from, int to) {
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || t.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int s = i;
            int v = 0;
            while (i < to && i - s < 3 && Checksums.isDigit(t.charAt(i))) {
                v = v * 10 + (t.charAt(i) - '0');
                i++;
            }
            if (i == s || v > 255 || i - s > 1 && t.charAt(s) == '0' || i < to && Checksums.isDigit(t.charAt(i))) {
                return -1;
            }
        }
        return i - from;
    }

    private void findIpv6(String text, List<Entity> out) {
        int c = text.indexOf(':');
        int n = text.length();
        while (c >= 0) {
            int s = c;
            while (s > 0 && isV6Char(text.charAt(s - 1))) {
                s--;
            }
            int e = c;
            while (e < n && (isV6Char(text.charAt(e)) || text.charAt(e) == '.' && e + 1 < n && Checksums.isDigit(text.charAt(e + 1)))) {
                e++;
            }
            if (Context.boundaryBefore(text, s) && Context.boundaryAfter(text, e) && validIpv6(text, s, e)) {
                add(text, s, e, out);
            }
            c = text.indexOf(':', Math.max(e, c + 1));
        }
    }

    private static boolean isV6Char(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':';
    }

    /** RFC 4291 section 2.2's text forms. */
    static boolean validIpv6(String t, int from, int to) {
        String s = t.substring(from, to);
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        if (dbl < 0) {
            int g = groups(s, true);
            return g == 8;
        }
        String head = s.substring(0, dbl);
        String tail = s.substring(dbl + 2);
        int h = head.isEmpty() ? 0 : groups(head, false);
        int tl = tail.isEmpty() ? 0 : groups(tail, true);
        return h >= 0 && tl >= 0 && h + tl >= 1 && h + tl <= 7;
    }

    /** The number of 16-bit groups in colon-separated hexadecimal groups (an IPv4 ending counts two), or -1. */
    private static int groups(String s, boolean v4Ending) {
        String[] parts = s.split(":", -1);
        int groups = 0;
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k];
            if (p.isEmpty() || p.length() > 4 && !(v4Ending && k == parts.length - 1)) {
                return -1;
            }
            if (v4Ending && k == parts.length - 1 && p.indexOf('.') >= 0) {
                if (ipv4Length(p, 0, p.length()) != p.length()) {
                    return -1;
                }
                groups += 2;
                continue;
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    return -1;
                }
            }
            groups++;
        }
        return groups;
    }
}
