package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtherFormatsTest {

    @Test
    void jsonLinesTypesAndMissingKeys() {
        String text = "{\"g\": \"A\", \"y\": 1, \"s\": 0.5, \"ok\": true, \"tags\": [1, 2]}\n\n"
                + "{\"g\": \"B\", \"y\": 0, \"s\": 1, \"ok\": null}\r\n"
                + "{\"y\": 1, \"s\": 0.25, \"extra\": \"x\"}\n";
        Frame f = JsonLinesReader.read("t.jsonl", text.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
        assertThat(f.rowCount()).isEqualTo(3);
        assertThat(f.columnNames()).containsExactly("g", "y", "s", "ok", "tags", "extra");
        assertThat(f.column("y").type()).isEqualTo(ColumnType.LONG);
        assertThat(f.column("s").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("ok").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(f.column("g").isMissing(2)).isTrue();
        assertThat(f.column("ok").isMissing(1)).isTrue();
        assertThat(f.column("tags").format(0)).isEqualTo("[1, 2]");
        assertThat(f.origin().describe(2)).isEqualTo("line 4 of t.jsonl");
        Frame typed = JsonLinesReader.read("t.jsonl", text.getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults().type("y", ColumnType.STRING).columns(Set.of("y", "g")));
        assertThat(typed.columnNames()).containsExactly("g", "y");
        assertThat(typed.column("y").format(0)).isEqualTo("1");
    }

    @Test
    void jsonLinesErrorsNameTheLine() {
        assertThatThrownBy(() -> JsonLinesReader.read("t.jsonl", "{\"a\": 1}\n[1, 2]\n".getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults())).isInstanceOf(InputException.class).hasMessageContaining("t.jsonl line 2")
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> JsonLinesReader.read("t.jsonl", "{\"a\": 1, \"a\": 2}\n".getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults())).hasMessageContaining("line 1").hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonLinesReader.read("t.jsonl", "{\"a\": \"x\"}\n".getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults().type("a", ColumnType.LONG))).hasMessageContaining("line 1, field 'a'");
    }

    /** Without probity-sql on the class path, Parquet is a clear error, not a crash. */
    @Test
    void parquetNeedsTheSqlModule(@TempDir Path dir) throws Exception {
        Path parquet = dir.resolve("t.parquet");
        Files.writeString(parquet, "PAR1");
        assertThatThrownBy(() -> DataReader.read(parquet, ReadOptions.defaults())).isInstanceOf(InputException.class)
                .hasMessageContaining("t.parquet: Parquet is read by the probity-sql module");
    }

    @Test
    void gzipAndMissingFiles(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("t.csv.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,b\n1,x\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(DataReader.read(gz, ReadOptions.defaults()).column("b").format(0)).isEqualTo("x");
        assertThatThrownBy(() -> DataReader.read(dir.resolve("nope.csv"), ReadOptions.defaults()))
                .hasMessageContaining("file not found");
        assertThatThrownBy(() -> DataReader.read(dir, ReadOptions.defaults())).hasMessageContaining("is a directory");
    }
}
