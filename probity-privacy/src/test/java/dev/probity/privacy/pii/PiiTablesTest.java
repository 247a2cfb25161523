package dev.probity.privacy.pii;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiTablesTest {
    private static final String CSV = """
            id,contact,phone,note,city
            1,anna.berg@example.com,4155550123,called about the refund,Boston
            2,li.wei@example.org,6502530000,asked for Dr. Okafor,Denver
            3,,2024561111,nothing to add,Austin
            4,not given,4155550199,wants a call back,Boston
            """;

    @Test
    void columnsAreClassifiedFromASampleReadAsText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("people.csv");
        Files.writeString(f, CSV);
        Frame t = PiiTables.readAsText(f, ReadOptions.defaults());
        assertThat(t.column("phone").format(0)).isEqualTo("4155550123");
        List<ColumnFinding> found = ColumnClassifier.defaults(PiiScanner.defaults()).classify(t);
        // contact: 2 of 3 non-empty values are e-mail addresses; phone: all 4 are phone numbers (US, national)
        assertThat(found).extracting(ColumnFinding::column, ColumnFinding::type, ColumnFinding::matched, ColumnFinding::sampled)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("contact", PiiType.EMAIL, 2, 3),
                        org.assertj.core.groups.Tuple.tuple("phone", PiiType.PHONE, 4, 4));
        assertThat(found.get(0).fraction()).isEqualTo(2.0 / 3);
        assertThat(found.get(0).score()).isEqualTo(EmailRecognizer.SCORE);
    }

    @Test
    void theSampleIsEveryKthValue() {
        var b = new dev.probity.core.frame.ColumnBuilder("v", dev.probity.core.frame.ColumnType.STRING);
        for (int i = 0; i < 100; i++) {
            b.addString(i % 2 == 0 ? "a" + i + "@example.com" : "plain");
        }
        Frame f = new Frame("t", List.of(b.build()));
        // a sample of 50 takes rows 0, 2, 4, …: all e-mail addresses
        assertThat(new ColumnClassifier(PiiScanner.patternsOnly(), 50, 0.3).classify(f).get(0).fraction()).isEqualTo(1.0);
        // a sample of 100 takes every row: half
        assertThat(new ColumnClassifier(PiiScanner.patternsOnly(), 100, 0.3).classify(f).get(0).fraction()).isEqualTo(0.5);
    }

    @Test
    void cellsAreScannedAndRedactedInTheChosenColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("people.csv");
        Files.writeString(f, CSV);
        Frame t = PiiTables.readAsText(f, ReadOptions.defaults());
        var cells = PiiTables.scan(t, PiiScanner.defaults(), null);
        assertThat(cells).filteredOn(c -> c.column().equals("note")).extracting(c -> c.row() + ":" + c.entity().text(t.column("note").format(c.row())))
                .containsExactly("1:Okafor");
        Frame r = PiiTables.redact(t, PiiScanner.defaults(), new Operator.Replace(), Set.of("contact"));
        assertThat(r.column("contact").format(0)).isEqualTo("<EMAIL>");
        assertThat(r.column("contact").format(3)).isEqualTo("not given");
        assertThat(r.column("contact").isMissing(2)).isTrue();
        assertThat(r.column("phone").format(0)).isEqualTo("4155550123");
        assertThatThrownBy(() -> PiiTables.redact(t, PiiScanner.defaults(), new Operator.Replace(), Set.of("emial")))
                .isInstanceOf(InputException.class).hasMessageContaining("no column 'emial'");
    }

    @Test
    void latin1TextIsRefusedWithLineAndByteOffset(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.write(f, "first line\nJos\u00e9 called\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TextInput.read(f, StandardCharsets.UTF_8)).isInstanceOf(InputException.class)
                .hasMessageContaining("notes.txt is not valid UTF-8 text: line 2, byte offset 14 (0xE9)");
        assertThat(TextInput.read(f, StandardCharsets.ISO_8859_1)).isEqualTo("first line\nJosé called\n");
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'});
        assertThat(TextInput.read(f, StandardCharsets.UTF_8)).isEqualTo("hi");
    }
}
