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


    /**
     * Text columns of few distinct values come as dictionary codes, the rest as text: either way the values, the missing
     * ones, empty text and the order of first appearance are those DuckDB holds, in one chunk or many.
     */
    @Test
    void textColumnsReadTheSameWhetherCodedOrNot(@TempDir Path dir) throws Exception {
        Path parquet = dir.resolve("text.parquet");
        int rows = ParquetReader.DICTIONARY_LIMIT + 5_000;
        try (Connection c = DuckDb.open(1); Statement st = c.createStatement()) {
            // few: five values, one of them empty, one non-ASCII, and missing values; many: one value per row
            st.execute("COPY (SELECT CASE WHEN i % 7 = 3 THEN NULL ELSE ['Ünïcode', '', 'b, c', 'a', '\"q\"'][i % 5 + 1] END AS few, "
                    + "'id-' || i AS many, i AS n, i % 3 AS small FROM range(" + rows + ") t(i)) TO " + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
        }
        String[] few = {"Ünïcode", "", "b, c", "a", "\"q\""};
        for (int chunkBytes : new int[] {0, 100_000}) {
            java.util.List<Frame> chunks = new java.util.ArrayList<>();
            ParquetReader.readParquet(parquet, ReadOptions.defaults().type("n", ColumnType.STRING).type("small", ColumnType.STRING),
                    chunkBytes, chunks::add);
            int row = 0;
            for (Frame f : chunks) {
                assertThat(f.column("few").type()).isEqualTo(ColumnType.STRING);
                assertThat(f.column("n").type()).as("a number read as text").isEqualTo(ColumnType.STRING);
                for (int i = 0; i < f.rowCount(); i++, row++) {
                    assertThat(f.column("few").get(i)).as("few, row " + row).isEqualTo(row % 7 == 3 ? null : few[row % 5]);
                    assertThat(f.column("many").get(i)).as("many, row " + row).isEqualTo("id-" + row);
                    assertThat(f.column("n").get(i)).as("n, row " + row).isEqualTo(String.valueOf(row));
                    assertThat(f.column("small").get(i)).as("small, row " + row).isEqualTo(String.valueOf(row % 3));
                }
            }
            assertThat(row).as("chunks of " + chunkBytes + " bytes").isEqualTo(rows);
        }
    }

    /** Parquet read in chunks of rows (DuckDB's streamed result) gives the audit of the whole file, to the last bit. */
    @Test
    void parquetInChunksAuditsAsTheWholeFile(@TempDir Path dir) throws Exception {
        Path csv = Path.of("..", "data", "compas", "compas-scores-two-years-extract.csv");
        Path parquet = dir.resolve("compas.parquet");
        try (Connection c = DuckDb.open(1); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_csv(" + DuckDb.literal(csv.toAbsolutePath().toString()) + ")) TO "
                    + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
        }
        var spec = dev.probity.fairness.audit.AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").where(dev.probity.core.datasets.Datasets.PROPUBLICA_FILTER).bootstrap(100).seed(3)
                .build();
        var whole = dev.probity.fairness.audit.Audit.run(DataReader.read(parquet, ReadOptions.defaults()), spec);
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        var chunked = dev.probity.fairness.audit.Audit.streamed(parquet, ReadOptions.defaults(), spec, 8 * 4096,
                f -> {
                    sizes.add(f.rowCount());
                    return f;
                }, w -> { });
        assertThat(whole.differenceFrom(chunked, 0)).isNull();
        assertThat(sizes).hasSizeGreaterThan(1).allMatch(n -> n <= 4096);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(whole.input().rowsRead());
        java.util.List<String> rows = new java.util.ArrayList<>();
        dev.probity.core.io.ChunkedReader.read(parquet, ReadOptions.defaults(), 8 * 4096 * 10, new dev.probity.core.io.ChunkedReader.Sink() {
            @Override
            public void accept(Frame chunk) {
                rows.add(chunk.origin().describe(0));
            }

            @Override
            public void restart() {
                rows.clear();
            }
        });
        assertThat(rows.get(1)).as("at least 4,096 rows a chunk").isEqualTo("row 4097 of compas.parquet");
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
