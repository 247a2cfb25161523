package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * The mapper of the documents written straight from the library's result records (the data bias report, the rank
 * audit): components as snake_case keys in declaration order, an underscore before every capital ({@code adjustedPValue}
 * is {@code adjusted_p_value}); a number that does not exist (NaN) is written as null and read back as NaN.
 */
final class RecordJson {
    private RecordJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule nan = new SimpleModule("probity-nan");
        nan.addDeserializer(Double.TYPE, new NanDouble());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).setPropertyNamingStrategy(new SnakeCase())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).registerModule(nan);
    }

    private static final class SnakeCase extends PropertyNamingStrategies.NamingBase {
        @Override
        public String translate(String name) {
            StringBuilder b = new StringBuilder(name.length() + 4);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isUpperCase(c)) {
                    b.append('_').append(Character.toLowerCase(c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    /** A primitive double that reads null as NaN (FiniteJson writes NaN and infinities as null). */
    private static final class NanDouble extends StdDeserializer<Double> {
        NanDouble() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
