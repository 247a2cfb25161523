package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What FrameWriter writes, DataReader reads back to the same values, in every text format. */
class FrameWriterTest {
    static Frame hostile() {
        ColumnBuilder id = new ColumnBuilder("id", ColumnType.LONG);
        ColumnBuilder x = new ColumnBuilder("x", ColumnType.DOUBLE);
        ColumnBuilder s = new ColumnBuilder("note, with comma", ColumnType.STRING);
        ColumnBuilder b = new ColumnBuilder("ok", ColumnType.BOOLEAN);
        String[] notes = {"plain", "with, comma", "with \"quotes\"", "line\nbreak", "José ✓", "crlf\r\nend", " spaced "};
        for (int i = 0; i < 9; i++) {
            id.addLong(i - 4);
            if (i == 3) {
                x.addMissing();
            } else {
                x.addDouble(i == 5 ? 1e-300 : i == 6 ? -0.1 + 0.2 : i * 1.5);
            }
            if (i >= notes.length) {
                s.addMissing();
            } else {
                s.addString(notes[i]);
            }
            if (i == 2) {
                b.addMissing();
            } else {
                b.addBoolean(i % 2 == 0);
            }
        }
        return Frame.of(id.build(), x.build(), s.build(), b.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.csv", "t.tsv", "t.jsonl"})
    void whatIsWrittenReadsBackToTheSameValues(String name, @TempDir Path dir) throws Exception {
        Frame f = hostile();
        Path file = dir.resolve(name);
        FrameWriter.write(f, file);
        Frame back = DataReader.read(file, ReadOptions.defaults());
        assertThat(back.columnNames()).containsExactlyElementsOf(f.columnNames());
        for (Column c : f.columns()) {
            Column d = back.column(c.name());
            assertThat(d.type()).as(c.name()).isEqualTo(c.type());
            for (int i = 0; i < f.rowCount(); i++) {
                assertThat(d.get(i)).as("%s row %d", c.name(), i).isEqualTo(c.get(i));
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(name);
        }
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertThat(FrameWriter.field("plain", ',')).isEqualTo("plain");
        assertThat(FrameWriter.field("a,b", ',')).isEqualTo("\"a,b\"");
        assertThat(FrameWriter.field("say \"hi\"", ',')).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(FrameWriter.field("", ',')).isEqualTo("\"\"");
        assertThat(FrameWriter.field("a\tb", ',')).isEqualTo("a\tb");
        assertThat(FrameWriter.field("a\tb", '\t')).isEqualTo("\"a\tb\"");
    }

    @Test
    void parquetNeedsTheSqlModule(@TempDir Path dir) {
        Frame f = Frame.of(BooleanColumn.of("ok", true, false));
        assertThatThrownBy(() -> FrameWriter.write(f, dir.resolve("t.parquet"))).isInstanceOf(InputException.class)
                .hasMessageContaining("probity-sql");
    }
}
