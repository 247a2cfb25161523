package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chunked reader gives, chunk after chunk, exactly what the whole-file reader gives: the same rows, values, types,
 * line numbers, warnings and errors, whatever the chunk size.
 */
class ChunkedReaderTest {
    @TempDir
    Path dir;

    /** What a read produced, flattened: types, every value as text, each row's line, and the warnings. */
    record Read(List<String> names, List<ColumnType> types, List<List<String>> rows, List<String> lines, List<String> warnings) {
    }

    static Read whole(Path file, ReadOptions o) {
        List<String> warnings = new ArrayList<>();
        Frame f = DataReader.read(file, o.copy().warnings(warnings::add));
        Read r = new Read(names(f), types(f), new ArrayList<>(), new ArrayList<>(), warnings);
        add(r, f);
        return r;
    }

    /**
     * The chunks of a read, flattened, by a sink that keeps every chunk and, read again, by one that keeps none (the
     * reader then writes each chunk into the previous one's arrays): both must give the same.
     */
    static Read chunked(Path file, ReadOptions o, int chunkBytes, ChunkedReader.Summary[] summary) {
        Read kept = keeping(file, o, chunkBytes, summary);
        assertThat(passing(file, o, chunkBytes, null)).as("a sink that keeps no chunk").isEqualTo(kept);
        return kept;
    }

    /** Flattens each chunk as it comes and keeps none of them. */
    static Read passing(Path file, ReadOptions o, int chunkBytes, List<Frame> seen) {
        List<String> warnings = new ArrayList<>();
        Read[] r = {null};
        ChunkedReader.Summary s = ChunkedReader.read(file, o.copy().warnings(warnings::add), chunkBytes, new ChunkedReader.Sink() {
            @Override
            public void accept(Frame chunk) {
                if (r[0] == null) {
                    r[0] = new Read(names(chunk), types(chunk), new ArrayList<>(), new ArrayList<>(), warnings);
                }
                assertThat(names(chunk)).isEqualTo(r[0].names());
                assertThat(types(chunk)).isEqualTo(r[0].types());
                add(r[0], chunk);
                missingHoldTheirPlaceholders(chunk);
                if (seen != null) {
                    seen.add(chunk);
                }
            }

            @Override
            public void restart() {
                r[0] = null;
                if (seen != null) {
                    seen.clear();
                }
            }

            @Override
            public boolean keepsChunks() {
                return false;
            }
        });
        assertThat(s.rows()).isEqualTo(r[0].rows().size());
        return r[0];
    }

    /** A missing row holds 0, false, NaN or code -1 in the column's array (an array written over must not show through). */
    private static void missingHoldTheirPlaceholders(Frame f) {
        for (Column c : f.columns()) {
            for (int i = 0; i < f.rowCount(); i++) {
                if (c.isMissing(i)) {
                    Object held = switch (c) {
                        case dev.probity.core.frame.LongColumn l -> l.values()[i];
                        case dev.probity.core.frame.DoubleColumn d -> d.values()[i];
                        case dev.probity.core.frame.StringColumn s -> s.codes()[i];
                        case dev.probity.core.frame.BooleanColumn b -> b.values()[i];
                    };
                    assertThat(held).as("missing row %d of %s", i, c.name()).isIn(0L, Double.NaN, -1, false);
                }
            }
        }
    }

    static Read keeping(Path file, ReadOptions o, int chunkBytes, ChunkedReader.Summary[] summary) {
        List<String> warnings = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        ChunkedReader.Summary s = ChunkedReader.read(file, o.copy().warnings(warnings::add), chunkBytes, new ChunkedReader.Sink() {
            @Override
            public void accept(Frame chunk) {
                frames.add(chunk);
            }

            @Override
            public void restart() {
                frames.clear();
            }
        });
        if (summary != null) {
            summary[0] = s;
        }
        Read r = new Read(names(frames.get(0)), types(frames.get(0)), new ArrayList<>(), new ArrayList<>(), warnings);
        for (Frame f : frames) {
            assertThat(names(f)).isEqualTo(r.names());
            assertThat(types(f)).as("every chunk has the file's types").isEqualTo(r.types());
            add(r, f);
        }
        assertThat(s.chunks()).isEqualTo(frames.size());
        assertThat(s.rows()).isEqualTo(r.rows().size());
        return r;
    }

    private static List<String> names(Frame f) {
        return f.columns().stream().map(Column::name).toList();
    }

    private static List<ColumnType> types(Frame f) {
        return f.columns().stream().map(Column::type).toList();
    }

    private static void add(Read r, Frame f) {
        for (int i = 0; i < f.rowCount(); i++) {
            List<String> row = new ArrayList<>();
            for (Column c : f.columns()) {
                row.add(c.isMissing(i) ? null : c.format(i));
            }
            r.rows().add(row);
            r.lines().add(f.origin().describe(i));
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private void assertSameAtEverySize(Path file, ReadOptions o) {
        Read expected = whole(file, o);
        for (int size : new int[] {1, 7, 64, 333, 4096, 1 << 20}) {
            Read got = chunked(file, o, size, null);
            assertThat(got).as("chunks of %d bytes", size).isEqualTo(expected);
        }
    }

    @Test
    void quotedFieldsWithLineBreaksBlankLinesAndCrlfReadAsAWholeFileReads() throws IOException {
        String text = "id,name,score,ok\r\n"
                + "1,\"Smith, Jane\",0.5,true\r\n"
                + "2,\"two\nlines\",1,false\r\n"
                + "\r\n"
                + "3,\"say \"\"hi\"\"\",,TRUE\r\n"
                + "4,plain,2.25,false\r\n"
                + "\n"
                + "5,\"\",3,true\r\n"
                + "\n\n";
        assertSameAtEverySize(write("q.csv", text.getBytes(StandardCharsets.UTF_8)), ReadOptions.defaults());
        Read r = whole(dir.resolve("q.csv"), ReadOptions.defaults());
        assertThat(r.rows()).hasSize(5);
        assertThat(r.warnings()).containsExactly("q.csv: skipped 2 blank lines");
    }

    @Test
    void skippedLinesLongerThanTheFirstBufferAreSkippedAsAWholeFileReadSkipsThem() throws IOException {
        // the reader grows its first buffer until it holds the skipped lines, the header and a record
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append("# exported ").append("x".repeat(300)).append('\n');
        }
        sb.append("g,y\n");
        for (int i = 0; i < 400; i++) {
            sb.append(i % 2 == 0 ? "A" : "B").append(',').append(i % 3).append('\n');
        }
        Path file = write("skip.csv", sb.toString().getBytes(StandardCharsets.UTF_8));
        ReadOptions o = ReadOptions.defaults().skipLines(3);
        assertSameAtEverySize(file, o);
        Read r = whole(file, o);
        assertThat(r.names()).containsExactly("g", "y");
        assertThat(r.rows()).hasSize(400);
    }

    @Test
    void aTypeThatWidensInALaterChunkRestartsTheStreamWithTheWiderType() throws IOException {
        StringBuilder sb = new StringBuilder("g,x,flag\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i % 3 == 0 ? "A" : "B").append(',').append(i).append(',').append(i % 2 == 0).append('\n');
        }
        sb.append("C,1.5,maybe\n");
        Path file = write("w.csv", sb.toString().getBytes(StandardCharsets.UTF_8));
        ChunkedReader.Summary[] s = new ChunkedReader.Summary[1];
        Read got = chunked(file, ReadOptions.defaults(), 4096, s);
        assertThat(got.types()).containsExactly(ColumnType.STRING, ColumnType.DOUBLE, ColumnType.STRING);
        assertThat(s[0].restarts()).isBetween(1, 2);
        assertThat(s[0].streamed()).isTrue();
        assertThat(s[0].chunks()).isGreaterThan(10);
        assertThat(got).isEqualTo(whole(file, ReadOptions.defaults()));
        assertThat(got.rows().get(5000)).containsExactly("C", "1.5", "maybe");
    }

    @Test
    void aStrayQuoteInAnUnquotedFieldIsReadLiterallyWithOneWarning() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 200; i++) {
            sb.append(i).append(",x").append(i).append('\n');
        }
        sb.append("201,5\"2 inch\n");
        for (int i = 0; i < 200; i++) {
            sb.append(i).append(",\"multi\nline ").append(i).append("\"\n");
        }
        Path file = write("s.csv", sb.toString().getBytes(StandardCharsets.UTF_8));
        assertSameAtEverySize(file, ReadOptions.defaults());
        assertThat(whole(file, ReadOptions.defaults()).warnings()).singleElement().asString().contains("line 202");
    }

    @Test
    void latin1AndWindows1252AreDecodedPieceByPiece() throws IOException {
        StringBuilder sb = new StringBuilder("city,n\n");
        for (int i = 0; i < 3000; i++) {
            sb.append(i % 2 == 0 ? "Zürich" : "Besançon – “quoted”").append(',').append(i).append('\n');
        }
        Charset cp = Charset.forName("windows-1252");
        Path file = write("latin.csv", sb.toString().getBytes(cp));
        ReadOptions o = ReadOptions.defaults().encoding(cp);
        assertSameAtEverySize(file, o);
        assertThat(whole(file, o).rows().get(1).get(0)).isEqualTo("Besançon – “quoted”");
    }

    @Test
    void aByteOrderMarkAndGzipAreReadAsTheWholeFileReaderReadsThem() throws IOException {
        StringBuilder sb = new StringBuilder("\uFEFFk,v\n");
        for (int i = 0; i < 2000; i++) {
            sb.append("k").append(i).append(',').append(i * 0.5).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertSameAtEverySize(write("bom.csv", bytes), ReadOptions.defaults());
        Path gz = dir.resolve("bom.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(bytes);
        }
        assertSameAtEverySize(gz, ReadOptions.defaults());
        assertThat(whole(gz, ReadOptions.defaults()).names()).containsExactly("k", "v");
    }

    @Test
    void utf16IsReadWholeAsOneChunk() throws IOException {
        Path file = write("u16.csv", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_16));
        ChunkedReader.Summary[] s = new ChunkedReader.Summary[1];
        Read got = chunked(file, ReadOptions.defaults().encoding(StandardCharsets.UTF_16), 4, s);
        assertThat(s[0].streamed()).isFalse();
        assertThat(got.rows()).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void aHeaderWithoutDataIsOneEmptyChunkAndAnUnknownColumnIsNamed() throws IOException {
        Path file = write("h.csv", "a,b\n".getBytes(StandardCharsets.UTF_8));
        ChunkedReader.Summary[] s = new ChunkedReader.Summary[1];
        Read got = chunked(file, ReadOptions.defaults(), 64, s);
        assertThat(got.rows()).isEmpty();
        assertThat(s[0].chunks()).isEqualTo(1);
        assertThatThrownBy(() -> chunked(file, ReadOptions.defaults().columns(java.util.Set.of("c")), 64, null))
                .isInstanceOf(InputException.class).hasMessageContaining("no column 'c'");
    }

    @Test
    void errorsLateInTheFileNameTheSameLineAsTheWholeFileReader() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 3000; i++) {
            sb.append(i).append(",\"x\ny\"\n");
        }
        String good = sb.toString();
        byte[] latin = (good + "3001,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        Path bad = write("bad.csv", latin);
        String expected = message(() -> whole(bad, ReadOptions.defaults()));
        assertThat(expected).contains("line 6002");
        for (int size : new int[] {64, 1000, 1 << 20}) {
            assertThat(message(() -> chunked(bad, ReadOptions.defaults(), size, null))).isEqualTo(expected);
        }
        Path open = write("open.csv", (good + "3001,\"never closed\n").getBytes(StandardCharsets.UTF_8));
        String unbalanced = message(() -> whole(open, ReadOptions.defaults()));
        assertThat(unbalanced).contains("line 6002");
        for (int size : new int[] {64, 1000, 1 << 20}) {
            assertThat(message(() -> chunked(open, ReadOptions.defaults(), size, null))).isEqualTo(unbalanced);
        }
        Path undecodable = write("cp.csv", (good + "3001,\u0081\n").getBytes(StandardCharsets.ISO_8859_1));
        ReadOptions cp = ReadOptions.defaults().encoding(Charset.forName("windows-1252"));
        String notCp = message(() -> whole(undecodable, cp));
        assertThat(notCp).contains("line 6002");
        for (int size : new int[] {64, 1000, 1 << 20}) {
            assertThat(message(() -> chunked(undecodable, cp, size, null))).isEqualTo(notCp);
        }
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void jsonLinesWithKeysThatAppearLateNullsAndWideningNumbersReadAsTheWholeFile() throws IOException {
        Random rnd = new Random(7);
        for (int t = 0; t < 20; t++) {
            StringBuilder sb = new StringBuilder();
            int rows = 1 + rnd.nextInt(400);
            for (int r = 0; r < rows; r++) {
                if (rnd.nextInt(40) == 0) {
                    sb.append("\n");
                }
                sb.append("{\"id\": ").append(r);
                if (rnd.nextBoolean()) {
                    sb.append(", \"score\": ").append(r > rows * 3 / 4 && rnd.nextInt(5) == 0 ? String.valueOf(r / 4.0) : String.valueOf(r % 9));
                }
                if (r > rows / 2 && rnd.nextInt(3) == 0) {
                    sb.append(", \"late\": ").append(rnd.nextBoolean() ? "\"text é\"" : "null");
                }
                if (rnd.nextInt(4) == 0) {
                    sb.append(", \"flag\": ").append(rnd.nextInt(9) == 0 ? "\"yes\"" : String.valueOf(rnd.nextBoolean()));
                }
                if (rnd.nextInt(6) == 0) {
                    sb.append(", \"nested\": {\"a\": [1, 2]}");
                }
                sb.append(", \"nul\": null}").append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
            }
            Path file = write("j" + t + ".jsonl", sb.toString().getBytes(StandardCharsets.UTF_8));
            Read expected = whole(file, ReadOptions.defaults());
            for (int size : new int[] {1, 1 + rnd.nextInt(300), 1 << 20}) {
                ChunkedReader.Summary[] s = new ChunkedReader.Summary[1];
                assertThat(chunked(file, ReadOptions.defaults(), size, s)).as("file %d, chunks of %d bytes", t, size).isEqualTo(expected);
                assertThat(s[0].streamed()).isTrue();
            }
            ReadOptions some = ReadOptions.defaults().columns(new java.util.LinkedHashSet<>(List.of("score", "id")));
            if (expected.names().contains("score")) {
                assertThat(chunked(file, some, 100, null)).isEqualTo(whole(file, some));
            } else {
                assertThat(message(() -> chunked(file, some, 100, null))).isEqualTo(message(() -> whole(file, some)));
            }
        }
        Path bad = write("bad.jsonl", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n".getBytes(StandardCharsets.UTF_8));
        String expected = message(() -> whole(bad, ReadOptions.defaults()));
        assertThat(expected).contains("line 3");
        assertThat(message(() -> chunked(bad, ReadOptions.defaults(), 9, null))).isEqualTo(expected);
        Path none = write("none.jsonl", "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8));
        ReadOptions wantB = ReadOptions.defaults().columns(java.util.Set.of("b"));
        assertThat(message(() -> chunked(none, wantB, 4, null))).isEqualTo(message(() -> whole(none, wantB)));
    }

    @Test
    void randomFilesReadTheSameInChunksOfAnySize() throws IOException {
        Random rnd = new Random(20261201);
        String[] pieces = {"a", "b,c", "\"", "\n", "\r\n", " ", "1", "-2", "3.5", "true", "é", "", "x y"};
        for (int t = 0; t < 60; t++) {
            int cols = 1 + rnd.nextInt(4);
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c == 0 ? "" : ",").append("c").append(c);
            }
            sb.append('\n');
            int rows = rnd.nextInt(300);
            for (int r = 0; r < rows; r++) {
                if (rnd.nextInt(30) == 0) {
                    sb.append('\n');
                }
                for (int c = 0; c < cols; c++) {
                    if (c > 0) {
                        sb.append(',');
                    }
                    int kind = rnd.nextInt(10);
                    if (kind < 4) {
                        sb.append(rnd.nextInt(1000));
                    } else if (kind < 5 && r > rows / 2) {
                        sb.append(rnd.nextInt(1000) / 8.0);
                    } else if (kind < 7) {
                        sb.append('"');
                        for (int k = rnd.nextInt(4); k > 0; k--) {
                            String p = pieces[rnd.nextInt(pieces.length)];
                            sb.append(p.equals("\"") ? "\"\"" : p);
                        }
                        sb.append('"');
                    } else if (kind < 9) {
                        sb.append(r % 2 == 0 ? "true" : "false");
                    } else if (t % 3 == 0 && rnd.nextInt(4) == 0) {
                        sb.append("5\"2 inch"); // a stray quote, read literally
                    }
                }
                sb.append('\n');
            }
            Path file = write("r" + t + ".csv", sb.toString().getBytes(StandardCharsets.UTF_8));
            Read expected = whole(file, ReadOptions.defaults());
            for (int size : new int[] {1, 1 + rnd.nextInt(50), 1 + rnd.nextInt(2000)}) {
                assertThat(chunked(file, ReadOptions.defaults(), size, null)).as("file %d, chunks of %d bytes", t, size)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aSinkThatKeepsNoChunkGetsEachInThePreviousChunksArrays() throws IOException {
        // one record per line, missing values scattered: every chunk after the first (which sets the count) and before
        // the last holds the same number of rows
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder("g,n,x,b\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(rnd.nextInt(10) == 0 ? "" : "g" + rnd.nextInt(5)).append(',')
                    .append(rnd.nextInt(10) == 0 ? "" : Integer.toString(rnd.nextInt(1000))).append(',')
                    .append(rnd.nextInt(10) == 0 ? "" : Double.toString(rnd.nextInt(100) / 4.0)).append(',')
                    .append(rnd.nextInt(10) == 0 ? "" : Boolean.toString(rnd.nextBoolean())).append('\n');
        }
        Path file = write("reuse.csv", sb.toString().getBytes(StandardCharsets.UTF_8));
        List<Frame> seen = new ArrayList<>();
        Read got = passing(file, ReadOptions.defaults(), 4096, seen);
        assertThat(got).isEqualTo(whole(file, ReadOptions.defaults()));
        assertThat(seen.size()).isGreaterThan(20);
        int rows = seen.get(1).rowCount();
        assertThat(rows).isBetween(seen.get(0).rowCount() * 7 / 8, seen.get(0).rowCount());
        for (int k = 2; k < seen.size(); k++) {
            Frame f = seen.get(k);
            if (k < seen.size() - 1) {
                assertThat(f.rowCount()).as("chunk %d", k).isEqualTo(rows);
            }
            if (f.rowCount() == rows) {
                for (int c = 0; c < f.columnCount(); c++) {
                    assertThat(storage(f.columns().get(c))).as("chunk %d, column %d", k, c).isSameAs(storage(seen.get(1).columns().get(c)));
                }
            }
        }
        // a sink that keeps its chunks gets new arrays every time
        List<Frame> kept = new ArrayList<>();
        ChunkedReader.read(file, ReadOptions.defaults(), 4096, new ChunkedReader.Sink() {
            @Override
            public void accept(Frame chunk) {
                kept.add(chunk);
            }

            @Override
            public void restart() {
                kept.clear();
            }
        });
        assertThat(storage(kept.get(1).columns().get(1))).isNotSameAs(storage(kept.get(2).columns().get(1)));
    }

    private static Object storage(Column c) {
        return switch (c) {
            case dev.probity.core.frame.LongColumn l -> l.values();
            case dev.probity.core.frame.DoubleColumn d -> d.values();
            case dev.probity.core.frame.StringColumn s -> s.codes();
            case dev.probity.core.frame.BooleanColumn b -> b.values();
        };
    }
}
