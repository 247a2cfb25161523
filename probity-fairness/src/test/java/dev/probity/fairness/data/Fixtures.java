package dev.probity.fairness.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference values of {@code data-audit/fixtures.json} (made by make_fixtures.py beside it). */
final class Fixtures {
    private static Map<String, Object> all;

    private Fixtures() {
    }

    @SuppressWarnings("unchecked")
    static synchronized Map<String, Object> get(String key) {
        if (all == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/data-audit/fixtures.json");
                 JsonParser p = new JsonFactory().createParser(in)) {
                p.nextToken();
                all = (Map<String, Object>) value(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (Map<String, Object>) all.get(key);
    }

    static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }
}
