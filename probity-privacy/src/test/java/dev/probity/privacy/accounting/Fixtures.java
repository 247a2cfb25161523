package dev.probity.privacy.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** accounting/accounting-fixtures.json, written by accounting/make_fixtures.py (Debian's python3, numpy, scipy, mpmath). */
final class Fixtures {
    private static JsonNode root;

    private Fixtures() {
    }

    static synchronized JsonNode get() {
        if (root == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/accounting/accounting-fixtures.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static double relative(double actual, double expected) {
        return expected == actual ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    }
}
