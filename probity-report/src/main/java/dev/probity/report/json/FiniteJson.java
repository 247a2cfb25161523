package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Writes a document whose non-finite numbers become {@code null}. JSON has no NaN or infinity; Jackson's default is
 * to write them as the strings {@code "NaN"} and {@code "Infinity"}, which puts text into numeric arrays and breaks
 * every reader that expects numbers. A {@code null} in a numeric field of our documents means "no number".
 */
final class FiniteJson {
    private FiniteJson() {
    }

    static String write(ObjectMapper mapper, JsonNode doc) throws com.fasterxml.jackson.core.JsonProcessingException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new NonFinite(mapper.createGenerator(w))) {
            if (mapper.getSerializationConfig().isEnabled(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)) {
                g.useDefaultPrettyPrinter();
            }
            mapper.writeTree(g, doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A generator on {@code out} (left open when closed) that writes non-finite numbers as null, indented as the mapper is. */
    static JsonGenerator generator(ObjectMapper mapper, java.io.OutputStream out) throws IOException {
        JsonGenerator g = new NonFinite(mapper.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET));
        if (mapper.getSerializationConfig().isEnabled(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)) {
            g.useDefaultPrettyPrinter();
        }
        return g;
    }

    private static final class NonFinite extends JsonGeneratorDelegate {
        NonFinite(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                super.writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                super.writeNull();
            }
        }
    }
}
