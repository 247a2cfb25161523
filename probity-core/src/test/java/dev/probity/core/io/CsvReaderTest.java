package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Shrink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {

    static Frame csv(String text) {
        return csv(text, ReadOptions.defaults());
    }

    static Frame csv(String text, ReadOptions o) {
        return CsvReader.read("t.csv", text.getBytes(StandardCharsets.UTF_8), o, Format.CSV);
    }

    @Test
    void infersTypesAndMissingValues() {
        Frame f = csv("a,b,c,d,e\n1,2.5,x,true,\n-3,,y,FALSE,\n 7 ,1e3,\"z, w\",true,\n");
        assertThat(f.rowCount()).isEqualTo(3);
        assertThat(f.column("a").type()).isEqualTo(ColumnType.LONG);
        assertThat(((LongColumn) f.column("a")).values()).containsExactly(1, -3, 7);
        assertThat(f.column("b").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("b").isMissing(1)).isTrue();
        assertThat(((DoubleColumn) f.column("b")).values()[2]).isEqualTo(1000.0);
        assertThat(f.column("c").format(2)).isEqualTo("z, w");
        assertThat(f.column("d").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(f.column("e").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("e").missing().count()).isEqualTo(3);
    }

    @Test
    void quotedFieldsMayHoldQuotesDelimitersAndLineBreaks() {
        Frame f = csv("id,text\r\n1,\"say \"\"hi\"\"\"\r\n2,\"two\nlines\"\r\n3,plain\r\n");
        assertThat(f.column("text").format(0)).isEqualTo("say \"hi\"");
        assertThat(f.column("text").format(1)).isEqualTo("two\nlines");
        assertThat(f.column("text").format(2)).isEqualTo("plain");
        // Row 3 starts on line 5 because row 2 spans two lines.
        assertThat(f.origin().describe(2)).isEqualTo("line 5 of t.csv");
    }

    @Test
    void widensTypesWhenLaterValuesDoNotFit() {
        StringBuilder sb = new StringBuilder("n,m\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append(',').append(i).append('\n');
        }
        sb.append("2.5,abc\n");
        Frame f = csv(sb.toString(), ReadOptions.defaults().threads(4));
        assertThat(f.column("n").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("m").type()).isEqualTo(ColumnType.STRING);
        assertThat(f.column("m").format(99_999)).isEqualTo("99999");
        assertThat(f.column("m").format(100_000)).isEqualTo("abc");
    }

    @Test
    void typeOverridesAreObeyedAndReportedWhenViolated() {
        Frame f = csv("zip,v\n01234,1\n", ReadOptions.defaults().type("zip", ColumnType.STRING));
        assertThat(f.column("zip").format(0)).isEqualTo("01234");
        assertThatThrownBy(() -> csv("a\n1\nx\n", ReadOptions.defaults().type("a", ColumnType.LONG)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("t.csv line 3").hasMessageContaining("'a'").hasMessageContaining("'x'");
        assertThatThrownBy(() -> csv("a\n1\n", ReadOptions.defaults().type("nope", ColumnType.LONG)))
                .hasMessageContaining("'nope'");
    }

    @Test
    void raggedRowsAreErrorsNamingTheLine() {
        assertThatThrownBy(() -> csv("a,b,c\n1,2,3\n4,5\n"))
                .isInstanceOf(InputException.class)
                .hasMessage("t.csv line 3: expected 3 fields (as in the header) but found 2");
        assertThatThrownBy(() -> csv("a,b\n1,2,3\n"))
                .hasMessageContaining("line 2").hasMessageContaining("found 3");
    }

    @Test
    void brokenQuotesAreErrors() {
        assertThatThrownBy(() -> csv("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("t.csv line 2, field 2").hasMessageContaining("never ends");
        assertThatThrownBy(() -> csv("a,b\n1,\"x\"y\n"))
                .hasMessageContaining("line 2, field 2").hasMessageContaining("after the closing quote");
    }

    @Test
    void strayQuotesInUnquotedFieldsAreLiteralWithAWarning() {
        List<String> w = new ArrayList<>();
        Frame f = csv("a,b\n1,5\"6\n", ReadOptions.defaults().warnings(w::add));
        assertThat(f.column("b").format(0)).isEqualTo("5\"6");
        assertThat(w).anyMatch(s -> s.contains("line 2"));
    }

    @Test
    void emptyInputsAreErrors() {
        assertThatThrownBy(() -> csv("")).isInstanceOf(InputException.class).hasMessageContaining("t.csv is empty");
        assertThatThrownBy(() -> csv("\n\n")).hasMessageContaining("empty");
        assertThat(csv("a,b\n").rowCount()).isZero();
    }

    @Test
    void blankLinesAreSkippedAndCounted() {
        List<String> w = new ArrayList<>();
        Frame f = csv("a\n1\n\n2\n\n", ReadOptions.defaults().warnings(w::add));
        assertThat(f.rowCount()).isEqualTo(2);
        assertThat(f.origin().describe(1)).isEqualTo("line 4 of t.csv");
        assertThat(w).containsExactly("t.csv: skipped 1 blank line");
    }

    @Test
    void duplicateAndEmptyHeadersAreRenamedLikeDuckDb() {
        List<String> w = new ArrayList<>();
        Frame f = csv("decile_score,a,decile_score,,b,decile_score_1,Decile_Score\n1,2,3,4,5,6,7\n",
                ReadOptions.defaults().warnings(w::add));
        // Names checked against DuckDB 2.0's read_csv on the same header.
        assertThat(f.columnNames()).containsExactly("decile_score", "a", "decile_score_1", "column3", "b",
                "decile_score_1_1", "Decile_Score_2");
        assertThat(w).hasSize(4);
    }

    @Test
    void dialectOptions() {
        Frame f = CsvReader.read("t.tsv", "a\tb\n1\t x \n".getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults().trim(true), Format.TSV);
        assertThat(f.column("b").format(0)).isEqualTo("x");
        Frame g = csv("# comment\nx;y\n'1;2';3\n", ReadOptions.defaults().skipLines(1).delimiter(';').quote('\''));
        assertThat(g.column("x").format(0)).isEqualTo("1;2");
        Frame h = csv("1,2\n3,4\n", ReadOptions.defaults().header(false));
        assertThat(h.columnNames()).containsExactly("column0", "column1");
        Frame na = csv("a\nNA\n3\n", ReadOptions.defaults().naValues(java.util.Set.of("", "NA")));
        assertThat(na.column("a").type()).isEqualTo(ColumnType.LONG);
        assertThat(na.column("a").isMissing(0)).isTrue();
    }

    @Test
    void otherEncodingsAndBom() {
        byte[] latin1 = "name\nJosé\n".getBytes(StandardCharsets.ISO_8859_1);
        Frame f = CsvReader.read("l.csv", latin1, ReadOptions.defaults().encoding(StandardCharsets.ISO_8859_1), Format.CSV);
        assertThat(f.column("name").format(0)).isEqualTo("José");
        assertThatThrownBy(() -> CsvReader.read("l.csv", latin1, ReadOptions.defaults(), Format.CSV))
                .hasMessageContaining("l.csv line 2, field 1 ('name'): byte 0xE9").hasMessageContaining("not valid UTF-8");
        byte[] bom = "\uFEFFa\n1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(CsvReader.read("b.csv", bom, ReadOptions.defaults(), Format.CSV).columnNames()).containsExactly("a");
    }

    @Test
    void projectionReadsOnlyNamedColumns() {
        Frame f = csv("a,b,c\n1,x,2\n", ReadOptions.defaults().columns(java.util.Set.of("c", "A")));
        assertThat(f.columnNames()).containsExactly("a", "c");
        assertThatThrownBy(() -> csv("a\n1\n", ReadOptions.defaults().columns(java.util.Set.of("zz"))))
                .hasMessageContaining("no column 'zz'");
    }

    /** A random file of {@code rows} rows (quoted newlines, doubled quotes, CRLF, blanks) from {@code fileSeed}. */
    record RandomFile(long fileSeed, int rows) {
    }

    static Stream<RandomFile> files() {
        return Cases.of(0xC5FL, 40, g -> new RandomFile(g.nextLong(), g.between(1, 3000)));
    }

    static List<RandomFile> fewerRows(RandomFile f) {
        List<RandomFile> out = new ArrayList<>();
        for (int rows : new int[] {f.rows() / 2, f.rows() - 1}) {
            if (rows >= 1 && rows < f.rows()) {
                out.add(new RandomFile(f.fileSeed(), rows));
            }
        }
        return out;
    }

    /** The parallel split must give exactly what one sequential pass gives, whatever the cut points hit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parallelParseEqualsSequentialParse(RandomFile file) {
        Shrink.check(file, CsvReaderTest::fewerRows, CsvReaderTest::parallelEqualsSequential);
    }

    static void parallelEqualsSequential(RandomFile file) {
        int rows = file.rows();
        SplitMix64 r = new SplitMix64(file.fileSeed());
        StringBuilder sb = new StringBuilder("id,score,label,group,note\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',');
            sb.append(r.nextInt(10) == 0 ? "" : String.valueOf(r.nextDouble())).append(',');
            sb.append(r.nextInt(2)).append(',');
            sb.append((char) ('A' + r.nextInt(5))).append(',');
            switch (r.nextInt(4)) {
                case 0 -> sb.append("\"quoted, with \"\"quotes\"\"\nand a newline\"");
                case 1 -> sb.append("\"\"");
                case 2 -> sb.append("plain text ").append(r.nextInt(100));
                default -> sb.append("");
            }
            sb.append((r.nextInt(2) == 0) ? "\n" : "\r\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Frame one = CsvReader.read("p.csv", bytes, ReadOptions.defaults().threads(1), Format.CSV);
        Frame many = CsvReaderTestSupport.readWithTinyChunks(bytes, 7);
        assertThat(many.rowCount()).isEqualTo(rows).isEqualTo(one.rowCount());
        for (Column c : one.columns()) {
            Column d = many.column(c.name());
            assertThat(d.type()).isEqualTo(c.type());
            for (int i = 0; i < rows; i++) {
                assertThat(d.format(i)).as("%s row %d", c.name(), i).isEqualTo(c.format(i));
            }
        }
        for (int i = 0; i < rows; i += Math.max(1, rows / 13)) {
            assertThat(many.origin().describe(i)).isEqualTo(one.origin().describe(i));
        }
        if (one.column("group") instanceof StringColumn g) {
            assertThat(((StringColumn) many.column("group")).dictionary()).containsExactly(g.dictionary());
        }
    }
}
