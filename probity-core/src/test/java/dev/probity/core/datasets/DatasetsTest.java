package dev.probity.core.datasets;

import dev.probity.core.expr.Expression;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetsTest {

    static Map<String, Integer> counts(Frame f, String column) {
        Map<String, Integer> out = new TreeMap<>();
        for (int i = 0; i < f.rowCount(); i++) {
            out.merge(f.column(column).format(i), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void compasHasThePublishedShapeAndCounts() {
        List<String> warnings = new ArrayList<>();
        Frame f = DataReader.read("compas.csv", Datasets.resource("compas/compas-scores-two-years-extract.csv"),
                ReadOptions.defaults().warnings(warnings::add), Format.CSV);
        assertThat(f.rowCount()).isEqualTo(7214);
        assertThat(f.columnCount()).isEqualTo(46);
        // The extract leaves out what names a person (data/compas/make_extract.py).
        assertThat(f.columnNames()).doesNotContain("name", "first", "last", "dob", "c_case_number", "r_case_number", "vr_case_number");
        // The header repeats decile_score and priors_count; the copies are renamed as DuckDB renames them.
        assertThat(f.columnNames()).contains("decile_score", "decile_score_1", "priors_count", "priors_count_1");
        assertThat(warnings).anyMatch(w -> w.contains("repeats the name 'decile_score'") && w.contains("decile_score_1"));
        assertThat(f.column("decile_score").type()).isEqualTo(ColumnType.LONG);
        assertThat(f.column("race").type()).isEqualTo(ColumnType.STRING);
        // README: 3,251 ones among the 7,214 rows; race counts as published.
        assertThat(counts(f, "two_year_recid")).containsEntry("1", 3251);
        assertThat(counts(f, "race")).containsEntry("African-American", 3696).containsEntry("Caucasian", 2454)
                .containsEntry("Hispanic", 637).containsEntry("Other", 377).containsEntry("Asian", 32)
                .containsEntry("Native American", 18);
        assertThat(counts(f, "sex")).containsEntry("Male", 5819).containsEntry("Female", 1395);
        // The two decile_score copies hold the same values.
        for (int i = 0; i < f.rowCount(); i++) {
            assertThat(f.column("decile_score_1").format(i)).isEqualTo(f.column("decile_score").format(i));
        }
        assertThat(f.origin().describe(0)).isEqualTo("line 2 of compas.csv");
        assertThat(f.origin().describe(7213)).isEqualTo("line 7215 of compas.csv");
    }

    @Test
    void propublicaFilterLeaves6172Rows() {
        Frame f = Datasets.load("compas");
        boolean[] keep = Expression.parse(Datasets.get("compas").presets().get("propublica")).filter(f);
        assertThat(f.filter(keep).rowCount()).isEqualTo(6172);
    }

    @Test
    void adultFilesAreTrimmedNamedAndLabelledAlike() {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test");
        assertThat(train.rowCount()).isEqualTo(32561);
        assertThat(test.rowCount()).isEqualTo(16281);
        assertThat(counts(train, "income")).containsExactly(Map.entry("<=50K", 24720), Map.entry(">50K", 7841));
        assertThat(counts(test, "income")).containsExactly(Map.entry("<=50K", 12435), Map.entry(">50K", 3846));
        assertThat(counts(train, "sex")).containsEntry("Male", 21790).containsEntry("Female", 10771);
        assertThat(counts(train, "race")).containsEntry("White", 27816).containsEntry("Black", 3124);
        // '?' is kept as a category: README counts 1,836, 1,843 and 583.
        assertThat(counts(train, "workclass")).containsEntry("?", 1836);
        assertThat(counts(train, "occupation")).containsEntry("?", 1843);
        assertThat(counts(train, "native_country")).containsEntry("?", 583);
        assertThat(train.column("age").type()).isEqualTo(ColumnType.LONG);
    }

    @Test
    void germanCreditIsDecoded() {
        Frame f = Datasets.load("german");
        assertThat(f.rowCount()).isEqualTo(1000);
        assertThat(counts(f, "credit")).containsExactly(Map.entry("bad", 300), Map.entry("good", 700));
        assertThat(counts(f, "sex")).containsExactly(Map.entry("female", 310), Map.entry("male", 690));
        assertThat(counts(f, "age_group")).containsEntry("over 25", 810);
        assertThat(((StringColumn) f.column("purpose")).dictionary()).contains("radio/television", "car (new)");
        assertThat(f.column("foreign_worker").format(0)).isEqualTo("yes");
    }

    @Test
    void theSyntheticHiringRankingsAreTheSameRowsOnEveryMachine() throws Exception {
        Frame f = Datasets.load("hiring-ranking");
        assertThat(f.rowCount()).isEqualTo(20_000);
        assertThat(counts(f, "gender")).containsExactly(Map.entry("man", 10_075), Map.entry("woman", 9_925));
        // the whole table, as CSV, hashes to the same digest everywhere (the generator is integer arithmetic and IEEE doubles)
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        dev.probity.core.io.FrameWriter.write(f, dev.probity.core.io.Format.CSV, out);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(HIRING_SHA256);
        assertThat(Datasets.get("hiring-ranking").description()).startsWith("Synthetic");
    }

    static final String HIRING_SHA256 = "68d604b4c000d6223ba4888a35e4a0d0641d3566162c353bf669094a4977aa9a";

    @Test
    void everyDatasetIsListedWithProvenance() {
        assertThat(Datasets.all()).extracting(Dataset::name).containsExactly("compas", "adult", "adult-test", "german", "hiring-ranking");
        for (Dataset d : Datasets.all()) {
            assertThat(d.load().rowCount()).as(d.name()).isEqualTo(d.rows());
            assertThat(d.citation()).isNotBlank();
            assertThat(d.load().has(d.label())).isTrue();
        }
    }
}
