package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HierarchyTest {

    @Test
    void readsArxFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("age.csv");
        Files.writeString(f, "\uFEFF39;35-39;30-39;*\n41;40-44;40-49;*\n37;35-39;30-39;*\n\n");
        Hierarchy h = Hierarchy.read("age", f);
        assertEquals(4, h.levels());
        assertEquals(3, h.size());
        assertEquals("30-39", h.generalize("37", 2));
        assertEquals("39", h.generalize("39", 0));
        assertEquals(2, h.distinct(1));
        assertEquals(2, h.leaves(1, h.code(1, h.row("39"))));
    }

    @Test
    void raggedLineNamesFileLineAndValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("adult_hierarchy_age.csv");
        Files.writeString(f, "39;35-39;*\n41;40-44\n");
        InputException e = assertThrows(InputException.class, () -> Hierarchy.read("age", f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 2")
                && e.getMessage().contains("'41'") && e.getMessage().contains("2 fields where line 1 has 3"), e.getMessage());
        assertEquals(2, e.location().orElseThrow().line());
    }

    @Test
    void valueListedTwiceIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> Hierarchy.parse("sex", "sex.csv", List.of("Male;*", "Female;*", "Male;*")));
        assertTrue(e.getMessage().contains("lists the value 'Male' twice, on lines 1 and 3"), e.getMessage());
    }

    @Test
    void inconsistentGeneralizationIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> Hierarchy.parse("x", "x.csv", List.of("a;A;*", "b;A;B", "c;C;B")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'A'"), e.getMessage());
    }

    @Test
    void emptyFieldIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> Hierarchy.parse("x", "x.csv", List.of("a;;*")));
        assertTrue(e.getMessage().contains("line 1 field 2 is empty"), e.getMessage());
    }

    @Test
    void unknownValueInDataNamesColumnRowAndValue() {
        Hierarchy h = Hierarchy.parse("sex", "sex.csv", List.of("Male;*", "Female;*"));
        Frame data = Frame.of(StringColumn.of("sex", "Male", "Female", "Other"));
        InputException e = assertThrows(InputException.class, () -> Anonymizer.anonymize(data, new AnonymizationSpec(
                List.of("sex"), Map.of("sex", h), List.of(new PrivacyModel.KAnonymity(1)), 0)));
        assertTrue(e.getMessage().contains("row 3: the quasi-identifier 'sex' has the value 'Other', which its hierarchy (sex.csv) does not list"),
                e.getMessage());
        assertEquals("Other", e.location().orElseThrow().value());
    }

    @Test
    void intervalsForNumbers() {
        Hierarchy h = Hierarchy.intervals("age", List.of("17", "23", "39", "40", "90"), 0, 5, 2, 3);
        assertEquals(5, h.levels());
        assertEquals("35-39", h.generalize("39", 1));
        assertEquals("30-39", h.generalize("39", 2));
        assertEquals("20-39", h.generalize("39", 3));
        assertEquals("40-59", h.generalize("40", 3));
        assertEquals("*", h.generalize("90", 4));
        assertThrows(InputException.class, () -> Hierarchy.intervals("age", List.of("x"), 0, 5, 2, 3));
    }

    @Test
    void prefixMaskingForCodes() {
        Hierarchy h = Hierarchy.prefixMask("zip", List.of("81667", "81675", "10115"));
        assertEquals(6, h.levels());
        assertEquals("8166*", h.generalize("81667", 1));
        assertEquals("816**", h.generalize("81675", 2));
        assertEquals("*", h.generalize("10115", 5));
        InputException e = assertThrows(InputException.class, () -> Hierarchy.prefixMask("zip", List.of("1", "22")));
        assertTrue(e.getMessage().contains("'22'"), e.getMessage());
    }

    @Test
    void roundingForDates() {
        Hierarchy h = Hierarchy.dates("dob", List.of("1984-03-07", "1991-12-31"));
        assertEquals("1984-03", h.generalize("1984-03-07", 1));
        assertEquals("1984", h.generalize("1984-03-07", 2));
        assertEquals("198x", h.generalize("1984-03-07", 3));
        assertEquals("*", h.generalize("1991-12-31", 4));
        assertThrows(InputException.class, () -> Hierarchy.dates("dob", List.of("07/03/1984")));
    }

    @Test
    void emptyDataAndImpossibleModelsAreRefused() {
        Hierarchy h = Hierarchy.parse("sex", "sex.csv", List.of("Male;*", "Female;*"));
        Frame empty = Frame.of(StringColumn.of("sex"));
        assertThrows(InputException.class, () -> Anonymizer.anonymize(empty, new AnonymizationSpec(
                List.of("sex"), Map.of("sex", h), List.of(new PrivacyModel.KAnonymity(2)), 0)));
        Frame three = Frame.of(StringColumn.of("sex", "Male", "Female", "Male"));
        InputException e = assertThrows(InputException.class, () -> Anonymizer.anonymize(three, new AnonymizationSpec(
                List.of("sex"), Map.of("sex", h), List.of(new PrivacyModel.KAnonymity(5)), 0.5)));
        assertTrue(e.getMessage().contains("at most 1 of 3 records suppressed") && e.getMessage().contains("{{suppression}}")
                || e.getMessage().contains("'suppression'"), e.getMessage());
    }
}
