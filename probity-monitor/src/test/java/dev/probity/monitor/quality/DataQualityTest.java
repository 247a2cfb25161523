package dev.probity.monitor.quality;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataQualityTest {
    @Test
    void everyKindOfFindingIsCountedAndSaid() {
        Frame ref = new Frame("ref", List.of(
                DoubleColumn.of("x", 1, 2, 3, 4, 5, 6, 7, 8),
                StringColumn.of("g", "a", "b", "a", "b", "a", "b", "a", "b"),
                DoubleColumn.of("k", 1, 2, 1, 2, 1, 2, 1, 2),
                DoubleColumn.of("gone", 1, 1, 1, 1, 1, 1, 1, 1)));
        Frame cur = new Frame("cur", List.of(
                DoubleColumn.of("x", 1, 9, 0.5, 4, Double.NaN, Double.NaN, 7, 7),
                StringColumn.of("g", "a", "c", "d", "c", "a", "b", "a", "a"),
                StringColumn.of("k", "1", "1", "1", "1", "1", "1", "1", "1"),
                DoubleColumn.of("new", 1, 2, 3, 4, 5, 6, 7, 7)));
        DataQuality.Report r = DataQuality.compare(ref, cur);
        assertThat(r.onlyInReference()).containsExactly("gone");
        assertThat(r.onlyInCurrent()).containsExactly("new");
        DataQuality.ColumnQuality x = r.columns().get(0);
        assertThat(x.outOfRange()).isEqualTo(2); // 9 and 0.5; the missing ones are not counted
        assertThat(x.missingCurrent()).isEqualTo(0.25);
        assertThat(x.issues()).anyMatch(i -> i.contains("missing values rose from 0.0% to 25.0%"))
                .anyMatch(i -> i.contains("2 current values outside the reference's range [1, 8]"));
        DataQuality.ColumnQuality g = r.columns().get(1);
        assertThat(g.newCategories()).containsExactly("c", "d");
        assertThat(g.newCategoryRows()).isEqualTo(3);
        DataQuality.ColumnQuality k = r.columns().get(2);
        assertThat(k.issues()).anyMatch(i -> i.contains("were numbers and are now text")).anyMatch(i -> i.contains("a single value"));
        // rows 7 and 8 of the current data are the same row
        assertThat(r.duplicateRowsCurrent()).isEqualTo(1.0 / 8);
        assertThat(r.duplicateRowsReference()).isZero(); // x differs in every reference row
    }
}
