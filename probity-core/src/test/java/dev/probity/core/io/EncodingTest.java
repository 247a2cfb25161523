package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 9: Latin-1 data silently merged "José" and "Josè" into one group "Jos\uFFFD". */
class EncodingTest {
    static final String TEXT = "name,g\nJosé,a\nJosè,b\nAnn,a\n";

    @Test
    void latin1ReadAsUtf8IsAnErrorNamingLineFieldAndByte() {
        byte[] latin1 = TEXT.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvReader.read("people.csv", latin1, ReadOptions.defaults(), Format.CSV))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("people.csv line 2, field 1 ('name'): byte 0xE9 in \"Jos\\xE9\" "
                            + "is not valid UTF-8. The file looks like Latin-1 or Windows-1252: read it with the encoding "
                            + "ISO-8859-1 or windows-1252 ('encoding')");
                    assertThat(e.location()).contains(new InputException.Location("people.csv", 2, 1, "name", "Jos\\xE9"));
                });
    }

    @Test
    void anInvalidByteFarDownTheFileIsFoundInEveryChunk() {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i).append(",person").append(i % 7).append('\n');
        }
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 8];
        System.arraycopy(good, 0, bad, 0, good.length);
        byte[] tail = "9,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tail, 0, bad, good.length, tail.length);
        byte[] data = java.util.Arrays.copyOf(bad, good.length + tail.length);
        assertThatThrownBy(() -> CsvReaderTestSupport.readWithTinyChunks(data, 2))
                .hasMessageContaining("line 5002, field 2 ('name'): byte 0xE9");
    }

    @Test
    void theRightEncodingKeepsDistinctNamesDistinct() {
        byte[] latin1 = TEXT.getBytes(StandardCharsets.ISO_8859_1);
        Frame f = CsvReader.read("people.csv", latin1, ReadOptions.defaults().encoding(StandardCharsets.ISO_8859_1), Format.CSV);
        assertThat(((StringColumn) f.column("name")).compact().dictionary()).containsExactly("José", "Josè", "Ann");
    }

    @Test
    void byteOrderMarksDecideTheEncoding() {
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32LE"),
                Charset.forName("UTF-32BE"), StandardCharsets.UTF_8)) {
            byte[] bytes = ("\uFEFF" + TEXT).getBytes(cs);
            List<String> warnings = new ArrayList<>();
            Frame f = CsvReader.read("p.csv", bytes, ReadOptions.defaults().warnings(warnings::add), Format.CSV);
            assertThat(f.columnNames()).as(cs.name()).containsExactly("name", "g");
            assertThat(((StringColumn) f.column("name")).compact().dictionary()).as(cs.name()).containsExactly("José", "Josè", "Ann");
            assertThat(warnings).isEmpty();
            Frame j = JsonLinesReader.read("p.jsonl", ("\uFEFF{\"name\": \"José\"}\n").getBytes(cs), ReadOptions.defaults());
            assertThat(j.column("name").format(0)).as(cs.name()).isEqualTo("José");
        }
    }

    @Test
    void utf16WithoutAMarkIsRecognisedAndRefused() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> CsvReader.read("p.csv", bytes, ReadOptions.defaults(), Format.CSV))
                .hasMessage("p.csv looks like UTF-16LE text without a byte-order mark (every other byte is NUL); "
                        + "read it with the encoding UTF-16LE ('encoding')");
        Frame f = CsvReader.read("p.csv", bytes, ReadOptions.defaults().encoding(StandardCharsets.UTF_16LE), Format.CSV);
        assertThat(f.rowCount()).isEqualTo(3);
        // "UTF-16" without a byte order: the NUL bytes say which
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Frame g = CsvReader.read("p.csv", TEXT.getBytes(cs), ReadOptions.defaults().encoding(StandardCharsets.UTF_16), Format.CSV);
            assertThat(g.columnNames()).as(cs.name()).containsExactly("name", "g");
        }
    }

    @Test
    void aByteInvalidInTheGivenEncodingIsAnError() {
        byte[] bytes = "name\nab\u0081c\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvReader.read("p.csv", bytes, ReadOptions.defaults().encoding(Charset.forName("windows-1252")),
                Format.CSV)).hasMessage("p.csv line 2: byte 0x81 is not valid windows-1252; give the file's encoding ('encoding')");
    }

    @Test
    void invalidUtf8InJsonLinesIsAnErrorToo() {
        byte[] bytes = "{\"name\": \"Ann\"}\n{\"name\": \"Jos\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JsonLinesReader.read("p.jsonl", bytes, ReadOptions.defaults()))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.getMessage()).startsWith("p.jsonl line 2, byte 14: 0xE9 is not valid UTF-8");
                    assertThat(e.location().orElseThrow().line()).isEqualTo(2);
                });
    }

    @Test
    void theValidatorAgreesWithTheJdkOnOverlongsAndSurrogates() {
        byte[][] invalid = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] b : invalid) {
            assertThat(TextEncoding.firstInvalidUtf8(b, 0, b.length)).isZero();
        }
        byte[] ok = "aé€𝄞".getBytes(StandardCharsets.UTF_8);
        assertThat(TextEncoding.firstInvalidUtf8(ok, 0, ok.length)).isEqualTo(-1);
    }
}
