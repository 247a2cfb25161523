package dev.probity.sql;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parquet through DuckDB, found by core's {@link DataReader} as a {@link dev.probity.core.io.PathReader} service. */
class ParquetReaderTest {
    /** Parquet written by DuckDB reads back to the same values as the CSV it came from. */
    @Test
    void parquetReadsTheSameValuesAsTheCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "g,y,s,flag\nA,1,0.5,true\nB,0,,false\nA,1,2.25,true\n,0,1.0,false\n");
        Path parquet = dir.resolve("t.parquet");
        try (Connection c = DuckDb.open(1); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_csv(" + DuckDb.literal(csv.toString()) + ")) TO "
                    + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
        }
        Frame a = DataReader.read(csv, ReadOptions.defaults());
        Frame b = DataReader.read(parquet, ReadOptions.defaults());
        assertThat(b.columnNames()).isEqualTo(a.columnNames());
        for (Column col : a.columns()) {
            Column other = b.column(col.name());
            assertThat(other.type()).as(col.name()).isEqualTo(col.type());
            for (int i = 0; i < a.rowCount(); i++) {
                assertThat(other.get(i)).as(col.name() + " row " + i).isEqualTo(col.get(i));
            }
        }
        Frame projected = DataReader.read(parquet, ReadOptions.defaults().columns(Set.of("y")).type("y", ColumnType.DOUBLE));
        assertThat(projected.columnNames()).containsExactly("y");
        assertThat(projected.column("y").type()).isEqualTo(ColumnType.DOUBLE);
        Path bad = dir.resolve("bad.parquet");
        Files.writeString(bad, "not parquet");
        assertThatThrownBy(() -> DataReader.read(bad, ReadOptions.defaults())).isInstanceOf(InputException.class)
                .hasMessageContaining("bad.parquet: cannot read as Parquet");
    }


    /** FrameWriter writes Parquet through this module, keeping each column's type; it reads back to the same values. */
    @Test
    void writtenParquetReadsBack(@TempDir Path dir) throws Exception {
        Frame f = dev.probity.core.io.DataReader.read("t.csv", ("id,x,note,ok\n1,0.5,\"a, b\",true\n2,,007,false\n3,-2.25,,\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), ReadOptions.defaults().type("note", ColumnType.STRING), dev.probity.core.io.Format.CSV);
        Path out = dir.resolve("t.parquet");
        dev.probity.core.io.FrameWriter.write(f, out);
        Frame back = DataReader.read(out, ReadOptions.defaults());
        assertThat(back.columnNames()).containsExactlyElementsOf(f.columnNames());
        for (Column c : f.columns()) {
            assertThat(back.column(c.name()).type()).as(c.name()).isEqualTo(c.type());
            for (int i = 0; i < f.rowCount(); i++) {
                assertThat(back.column(c.name()).get(i)).as("%s row %d", c.name(), i).isEqualTo(c.get(i));
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.parquet");
        }
    }
}
