package dev.probity.core;

import dev.probity.core.expr.Expression;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.JsonLinesReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.frame.ColumnType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Library errors are face-neutral and carry where the problem is as data. */
class InputExceptionTest {

    @Test
    void settingsAreWordedByTheFace() {
        InputException e = new InputException("filter them out ({{where}}), or drop them ({{drop-missing}})");
        assertThat(e.getMessage()).isEqualTo("filter them out ('where'), or drop them ('drop-missing')");
        assertThat(e.message(k -> "--" + k)).isEqualTo("filter them out (--where), or drop them (--drop-missing)");
        assertThat(e.message(k -> "\"" + k.replace("-", "") + "\" in the request"))
                .isEqualTo("filter them out (\"where\" in the request), or drop them (\"dropmissing\" in the request)");
    }

    @Test
    void aMessageWithoutSettingsIsUnchanged() {
        InputException e = new InputException("a $1 price with \\ backslash and {single} braces");
        assertThat(e.getMessage()).isEqualTo("a $1 price with \\ backslash and {single} braces");
        assertThat(e.message(k -> "X")).isEqualTo(e.getMessage());
        assertThat(e.location()).isEmpty();
    }

    @Test
    void aLongValueIsCappedInTheLocation() {
        InputException.Location l = new InputException.Location("f.csv", 3, 0, "age", "x".repeat(500));
        assertThat(l.value()).hasSize(201).endsWith("…");
    }

    @Test
    void aCsvFieldOfTheWrongTypeIsLocated() {
        byte[] csv = "id,age\n1,30\n2,thirty\n".getBytes(StandardCharsets.UTF_8);
        ReadOptions o = ReadOptions.defaults().types(Map.of("age", ColumnType.DOUBLE));
        assertThatThrownBy(() -> CsvReader.read("people.csv", csv, o, Format.CSV))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.getMessage()).contains("people.csv line 3").contains("'age'").contains("'thirty'");
                    assertThat(e.location()).contains(new InputException.Location("people.csv", 3, 0, "age", "thirty"));
                });
    }

    @Test
    void aCsvRecordWithTooManyFieldsIsLocated() {
        byte[] csv = "a,b\n1,2\n3,4,5\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CsvReader.read("t.csv", csv, ReadOptions.defaults(), Format.CSV))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.location()).isPresent();
                    assertThat(e.location().get().source()).isEqualTo("t.csv");
                    assertThat(e.location().get().line()).isEqualTo(3);
                });
    }

    @Test
    void invalidJsonIsLocatedToTheColumn() {
        byte[] jsonl = "{\"a\": 1}\n{\"a\": 2,, }\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonLinesReader.read("rows.jsonl", jsonl, ReadOptions.defaults()))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    InputException.Location l = e.location().orElseThrow();
                    assertThat(l.source()).isEqualTo("rows.jsonl");
                    assertThat(l.line()).isEqualTo(2);
                    assertThat(l.column()).isEqualTo(9);  // the second comma
                    assertThat(e.getMessage()).contains("line 2, column 9");
                });
    }

    @Test
    void anExpressionErrorIsLocatedToTheCharacter() {
        assertThatThrownBy(() -> Expression.parse("age >= "))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    InputException.Location l = e.location().orElseThrow();
                    assertThat(l.source()).isEqualTo("age >= ");
                    assertThat(l.column()).isGreaterThan(0);
                    assertThat(e.getMessage()).contains("position " + l.column());
                });
    }
}
