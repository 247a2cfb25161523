package dev.probity.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;

/**
 * Why a file is not the JSON it should be, in words a person can act on — never the parser's internals
 * ("expected close marker for Object (start marker at [Source: REDACTED …"). A file that ends early is called
 * truncated, a binary file binary, an empty one empty, and otherwise the line and column are named.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** The reason {@code bytes} could not be parsed as JSON, given the parser's exception. */
    public static String describe(byte[] bytes, IOException e) {
        if (bytes.length == 0 || new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            return "the file is empty";
        }
        if (binary(bytes)) {
            return "a binary file, not JSON text";
        }
        String where = "";
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof JsonProcessingException j) {
            what = j.getOriginalMessage();
            if (j.getLocation() != null && j.getLocation().getLineNr() > 0) {
                where = " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        if (e instanceof JsonEOFException || what.startsWith("Unexpected end-of-input")) {
            return "the JSON ends before it is complete" + where + ": the file is truncated (written or copied only in part?)";
        }
        int nl = what.indexOf('\n');
        if (nl > 0) {
            what = what.substring(0, nl);
        }
        // Jackson appends the source and hints in parentheses; neither helps the reader
        for (String hint : new String[] {" (for ", ": was expecting", " (JSON String", " (code "}) {
            int cut = what.indexOf(hint);
            if (cut > 0) {
                what = what.substring(0, cut);
            }
        }
        return "not valid JSON" + where + ": " + what;
    }

    /** NUL bytes or invalid UTF-8 in the first kilobytes: not a text file. */
    static boolean binary(byte[] bytes) {
        int n = Math.min(bytes.length, 4096);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        int bad = TextEncoding.firstInvalidUtf8(bytes, 0, n);
        return bad >= 0 && bad < n - 4;
    }
}
