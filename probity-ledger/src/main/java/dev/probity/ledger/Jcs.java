package dev.probity.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Canonicalization Scheme (RFC 8785): the one byte sequence of a JSON value, so that the same evidence hashes
 * the same everywhere. Members sorted by the UTF-16 code units of their names; no whitespace; strings escaped as
 * ECMAScript's JSON.stringify escapes them; numbers as binary64, printed as ECMAScript's Number.prototype.toString
 * prints them. Duplicate names, NaN, infinities and lone surrogates are refused (I-JSON).
 */
public final class Jcs {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Jcs() {
    }

    /** The canonical form of a JSON text, as UTF-8. */
    public static byte[] canonicalize(byte[] json) {
        return canonicalize(new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalize(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InputException("not JSON: the text is empty");
            }
            StringBuilder out = new StringBuilder(json.length());
            write(read(p), out);
            if (p.nextToken() != null) {
                throw new InputException("not one JSON value: more follows at line " + p.currentLocation().getLineNr());
            }
            return out.toString();
        } catch (IOException e) {
            throw new InputException("not JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    /** A JSON text as maps (sorted), lists, strings, doubles, booleans and null; I-JSON is checked as for {@link #canonicalize}. */
    public static Object parse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new InputException("not JSON: the text is empty");
            }
            Object v = read(p);
            if (p.nextToken() != null) {
                throw new InputException("not one JSON value: more follows at line " + p.currentLocation().getLineNr());
            }
            return v;
        } catch (IOException e) {
            throw new InputException("not JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    /** A value read into maps (sorted by UTF-16 code units, which is String's natural order), lists, strings, doubles, booleans, null. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new TreeMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    checkUnicode(name);
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                String s = p.getText();
                checkUnicode(s);
                return s;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double d = Double.parseDouble(p.getText());
                if (!Double.isFinite(d)) {
                    throw new InputException("the number " + p.getText() + " is outside binary64 (I-JSON)");
                }
                return d;
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new InputException("not JSON: unexpected " + t);
        }
    }

    private static void checkUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new InputException("a string holds a lone surrogate (not Unicode, so not I-JSON)");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InputException("a string holds a lone surrogate (not Unicode, so not I-JSON)");
            }
        }
    }

    /**
     * The canonical JSON of a value built in code: maps (with string keys), lists, strings, numbers, booleans and null.
     * Keys are sorted here, whatever the map's order.
     */
    public static String serialize(Object value) {
        StringBuilder out = new StringBuilder();
        write(normalize(value), out);
        return out.toString();
    }

    private static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> t = new TreeMap<>();
            m.forEach((k, x) -> {
                String key = String.valueOf(k);
                checkUnicode(key);
                t.put(key, normalize(x));
            });
            return t;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("NaN and infinities have no JSON form");
            }
            return d;
        }
        if (v instanceof String s) {
            checkUnicode(s);
        }
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    private static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            out.append(number(d));
        } else if (v instanceof String s) {
            string(s, out);
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(l.get(i), out);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        }
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * ECMAScript's Number::toString of a finite double: the shortest digits that read back to it (Java's
     * {@code Double.toString} gives those since JDK 19), placed as ECMAScript places them.
     */
    public static String number(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("NaN and infinities have no JSON form");
        }
        if (x == 0) {
            return "0";
        }
        if (x < 0) {
            return "-" + number(-x);
        }
        String r = Double.toString(x);
        int e = 0;
        int ei = r.indexOf('E');
        if (ei >= 0) {
            e = Integer.parseInt(r.substring(ei + 1));
            r = r.substring(0, ei);
        }
        int dot = r.indexOf('.');
        String ip = r.substring(0, dot);
        String fp = r.substring(dot + 1);
        if (fp.equals("0")) {
            fp = "";
        }
        String digits = (ip + fp).replaceFirst("^0+", "");
        int n;
        if (!ip.equals("0")) {
            n = ip.length() + e;
        } else {
            int lead = 0;
            while (lead < fp.length() && fp.charAt(lead) == '0') {
                lead++;
            }
            n = -lead + e;
        }
        digits = digits.replaceFirst("0+$", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        if (digits.length() == 2) {
            // Java prints at least two digits (4.9E-324); ECMAScript wants the shortest, which may be one (5e-324)
            int one = Math.round(((digits.charAt(0) - '0') * 10 + (digits.charAt(1) - '0')) / 10f);
            String d1 = one == 10 ? "1" : Integer.toString(one);
            int n1 = one == 10 ? n + 1 : n;
            if (Double.parseDouble("0." + d1 + "E" + n1) == x) {
                digits = d1;
                n = n1;
            }
        }
        int k = digits.length();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int ee = n - 1;
        return digits.charAt(0) + (k > 1 ? "." + digits.substring(1) : "") + "e" + (ee >= 0 ? "+" : "-") + Math.abs(ee);
    }
}
