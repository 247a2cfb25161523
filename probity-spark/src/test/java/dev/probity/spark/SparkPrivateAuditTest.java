package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The private audit on Spark: without a unit it releases what the library releases from the same rows (same seed);
 * with one, each unit is bounded to one row in the cluster, the noise is drawn once on the driver and the budget is
 * debited once, before it.
 */
class SparkPrivateAuditTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkPrivateAuditTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Frame people(int persons, int rowsEach) {
        int n = persons * rowsEach;
        String[] person = new String[n];
        String[] g = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            int who = i / rowsEach;
            person[i] = "p" + who;
            g[i] = who % 3 == 0 ? "A" : "B";
            y[i] = (i * 7 + who) % 2;
            p[i] = (i * 5 + who / 2) % 2;
        }
        return Frame.of(StringColumn.of("person", person), StringColumn.of("g", g), LongColumn.of("y", y), LongColumn.of("p", p));
    }

    static final AuditSpec SPEC = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").build();

    @Test
    void withoutAUnitItReleasesWhatTheLibraryReleasesFromTheRows(@TempDir Path dir) {
        Frame f = people(3000, 1);
        PrivacyBudget budget = PrivacyBudget.create(dir.resolve("a.budget"), "people", new BigDecimal("2"), BigDecimal.ZERO);
        var released = ProbitySpark.privateAudit(SparkTables.dataset(spark, f, 7), SPEC,
                PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(9)), budget, "analyst", f.source());
        PrivateAuditResult inMemory = PrivateAudit.run(f, SPEC, PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(9)));
        assertThat(released.result()).isEqualTo(inMemory);
        assertThat(budget.balance().releases()).isEqualTo(1);
        assertThat(released.after().epsilonLeft()).isEqualByComparingTo("1");
    }

    @Test
    void aUnitIsBoundedInTheClusterAndTheNoiseDrawnOnce(@TempDir Path dir) {
        Frame f = people(1200, 3);
        PrivacyBudget budget = PrivacyBudget.create(dir.resolve("b.budget"), "people", new BigDecimal("1"), BigDecimal.ZERO);
        var released = ProbitySpark.privateAudit(SparkTables.dataset(spark, f, 5), SPEC,
                PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(3)), budget, "analyst", f.source());
        PrivateAuditResult r = released.result();
        assertThat(r.privacy().unit()).isEqualTo("person");
        assertThat(r.privacy().rowsDropped()).isEqualTo(2400);
        long rows = r.attribute("g").groups().stream().mapToLong(PrivateAuditResult.Group::rows).sum();
        assertThat(rows).as("one row per person, noisy").isBetween(1150L, 1250L);
        assertThat(budget.balance().releases()).isEqualTo(1);
        // a filter cannot run before Spark's bounding: refused, nothing spent
        AuditSpec filtered = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").where("y = 1").build();
        assertThatThrownBy(() -> ProbitySpark.privateAudit(SparkTables.dataset(spark, f, 5), filtered,
                PrivateAuditSettings.of(0.1).withUnit("person"), budget, "analyst", f.source()))
                .isInstanceOf(InputException.class).hasMessageContaining("filter the dataset in Spark first");
        assertThatThrownBy(() -> ProbitySpark.privateAudit(SparkTables.dataset(spark, f, 5), SPEC,
                PrivateAuditSettings.of(0.1).withUnit("household"), budget, "analyst", f.source()))
                .hasMessageContaining("not a column");
        assertThat(budget.balance().releases()).isEqualTo(1);
    }
}
