package dev.probity.privacy.sharing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.crypto.tink.Mac;
import dev.probity.core.InputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One share of a party's audit statistics, or the sum of several parties' shares for the same index, with a MAC.
 *
 * <p>The file is JSON ({@value #SCHEMA}): the study every party agreed on ({@link Study}), the run, the share's index
 * (1 … parties), the data owners whose shares it holds, the share values (base64 of big-endian 64-bit words: the
 * joint cells' four confusion counts, in the order of {@link Study#cells()}), and {@code mac}: Tink's MAC
 * (HMAC-SHA-256) of every other field as written, under the consortium's MAC keyset. A changed byte, a share of
 * another run or study, a re-labelled index or owner: the MAC fails and the file is refused.
 *
 * @param run     the run's name, the same for every share of one combined audit
 * @param index   which of the {@code parties} shares this is, 1-based
 * @param parties how many shares each owner's statistics were split into
 * @param owners  the data owners whose shares are summed here (one, or several in a partial sum), sorted
 * @param study   what was shared
 * @param values  the share: uniform on its own
 */
public record ShareFile(String run, int index, int parties, List<String> owners, Study study, long[] values) {
    public static final String SCHEMA = "probity.share/v1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final JsonFactory JSON = new JsonFactory();

    public ShareFile {
        checkName("run", run);
        if (parties < 2 || index < 1 || index > parties) {
            throw new InputException("a share's index is 1 to the number of parties (at least 2); got " + index + " of " + parties);
        }
        owners = owners.stream().sorted().toList();
        for (String o : owners) {
            checkName("owner", o);
        }
        if (owners.isEmpty() || owners.stream().distinct().count() != owners.size()) {
            throw new InputException("a share names each data owner once; got " + owners);
        }
        Objects.requireNonNull(study, "study");
        if (values.length != study.cells() * 4) {
            throw new InputException("a share of " + study.cells() + " cells has " + study.cells() * 4 + " values; got " + values.length);
        }
        values = values.clone();
    }

    /** Names of runs and owners: letters, digits, '.', '_' and '-', at most 64, so that file names can carry them. */
    static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InputException("the " + what + " name '" + name + "' is not usable: give 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    /** The file's bytes, with the MAC under {@code mac}. */
    public byte[] toBytes(Mac mac) {
        byte[] body = body();
        try {
            byte[] tag = mac.computeMac(body);
            String text = new String(body, StandardCharsets.UTF_8);
            // the body is a JSON object: close it with the MAC
            return (text.substring(0, text.length() - 2) + ",\n  \"mac\" : \"" + Base64.getEncoder().encodeToString(tag) + "\"\n}\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every field but the MAC, as written: what the MAC covers. */
    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("run", run);
            g.writeNumberField("index", index);
            g.writeNumberField("parties", parties);
            g.writeArrayFieldStart("owners");
            for (String o : owners) {
                g.writeString(o);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("study");
            g.writeStringField("label", study.label());
            g.writeStringField("positive", study.positive());
            g.writeStringField("prediction", study.prediction());
            g.writeStringField("prediction_positive", study.predictionPositive());
            g.writeObjectFieldStart("groups");
            for (Map.Entry<String, List<String>> e : study.groups().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String v : e.getValue()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
            ByteBuffer b = ByteBuffer.allocate(values.length * 8);
            for (long v : values) {
                b.putLong(v);
            }
            g.writeStringField("values", Base64.getEncoder().encodeToString(b.array()));
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Reads a share file and verifies its MAC; anything changed is refused, naming the file. */
    public static ShareFile read(Path file, Mac mac) {
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("no share file " + file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        ShareFile s;
        String tag;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(file + " is not a share file (not a JSON object)");
            }
            Map<String, Object> f = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "owners" -> f.put(name, strings(p, file));
                    case "study" -> f.put(name, study(p, file));
                    default -> {
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            throw new InputException(file + ": unexpected field '" + name + "'");
                        }
                        f.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                    }
                }
            }
            if (!SCHEMA.equals(f.get("schema"))) {
                throw new InputException(file + " is not a share file (schema " + f.get("schema") + ", expected " + SCHEMA + ")");
            }
            byte[] raw = Base64.getDecoder().decode(String.valueOf(f.get("values")));
            if (raw.length % 8 != 0) {
                throw new InputException(file + ": the share values are not whole 64-bit words; the file was changed");
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            long[] values = new long[raw.length / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = b.getLong();
            }
            @SuppressWarnings("unchecked")
            List<String> owners = (List<String>) f.get("owners");
            s = new ShareFile(String.valueOf(f.get("run")), Integer.parseInt(String.valueOf(f.get("index"))),
                    Integer.parseInt(String.valueOf(f.get("parties"))), owners == null ? List.of() : owners, (Study) f.get("study"), values);
            tag = String.valueOf(f.get("mac"));
        } catch (JsonProcessingException e) {
            throw new InputException(file + " is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new InputException(file + " is not a readable share file: " + e.getMessage());
        }
        try {
            mac.verifyMac(Base64.getDecoder().decode(tag), s.body());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InputException(file + " failed its MAC check: it was changed after it was written, or it was written under "
                    + "another consortium key; it is refused");
        }
        return s;
    }

    private static List<String> strings(JsonParser p, Path file) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InputException(file + ": expected a list");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new InputException(file + ": a list holds strings only");
        }
        return out;
    }

    private static Study study(JsonParser p, Path file) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InputException(file + ": 'study' is not an object");
        }
        Map<String, String> f = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("groups")) {
                if (t != JsonToken.START_OBJECT) {
                    throw new InputException(file + ": 'groups' is not an object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String attr = p.currentName();
                    p.nextToken();
                    groups.put(attr, strings(p, file));
                }
            } else {
                f.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        return new Study(f.get("label"), f.get("positive"), f.get("prediction"), f.get("prediction_positive"), groups);
    }
}
