package dev.probity.privacy.sharing;

import com.google.crypto.tink.Mac;
import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.privacy.crypto.Keysets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three hospitals audit COMPAS together without pooling: the combined audit is the pooled one; shares reveal nothing. */
class SharedAuditTest {
    static final AuditSpec SPEC = AuditSpec.builder().label("two_year_recid").positive("1").prediction("decile_score >= 5")
            .protectedAttributes("race", "sex").reference("race", "Caucasian").build();
    static final Map<String, List<String>> GROUPS = Map.of(
            "race", List.of("African-American", "Asian", "Caucasian", "Hispanic", "Native American", "Other"),
            "sex", List.of("Female", "Male"));

    static Frame part(Frame all, int party, int parties) {
        return all.select(IntStream.range(0, all.rowCount()).filter(i -> i % parties == party).toArray());
    }

    @Test
    void theCombinedAuditIsThePooledAuditCountForCount(@TempDir Path dir) {
        Frame compas = Datasets.load("compas");
        Study study = SharedAudit.study(SPEC, GROUPS);
        Mac mac = Keysets.create(Keysets.Purpose.MAC).mac();
        String[] owners = {"hospital-a", "hospital-b", "hospital-c"};
        List<List<ShareFile>> received = new ArrayList<>(); // received.get(j): what computing party j got
        for (int j = 0; j < 3; j++) {
            received.add(new ArrayList<>());
        }
        for (int p = 0; p < 3; p++) {
            SharedAudit.Shares s = SharedAudit.share(part(compas, p, 3), SPEC, study, owners[p], "q4", 3, new Random(p));
            assertThat(s.rowsOutsideGroups()).isZero();
            for (ShareFile f : s.shares()) {
                // through a file and back: the MAC holds
                Path file = dir.resolve(owners[p] + "-" + f.index() + ".share");
                write(file, f.toBytes(mac));
                received.get(f.index() - 1).add(ShareFile.read(file, mac));
            }
        }
        List<ShareFile> sums = new ArrayList<>();
        for (List<ShareFile> r : received) {
            sums.add(SharedAudit.add(r));
        }
        AuditSpec combinedSpec = SharedAudit.spec(study).reference("race", "Caucasian").build();
        AuditResult combined = SharedAudit.combine(sums, combinedSpec);
        AuditResult pooled = Audit.run(compas, SPEC);
        for (String attr : List.of("race", "sex")) {
            for (GroupResult g : pooled.attribute(attr).groups()) {
                GroupResult c = combined.attribute(attr).group(g.name());
                assertThat(c.rows()).as(attr + " " + g.name()).isEqualTo(g.rows());
                for (String metric : List.of("selection_rate", "tpr", "fpr", "precision", "accuracy")) {
                    double e = g.metric(metric).number();
                    double got = c.metric(metric).number();
                    if (Double.isNaN(e)) {
                        assertThat(got).isNaN();
                    } else {
                        assertThat(got).as(attr + " " + g.name() + " " + metric).isEqualTo(e);
                    }
                }
            }
        }
        assertThat(combined.input().source()).contains("3 parties", "hospital-a");
        // without one computing party's sum, or with one owner missing at one index, nothing is reconstructed
        assertThatThrownBy(() -> SharedAudit.reconstruct(sums.subList(0, 2))).isInstanceOf(InputException.class)
                .hasMessageContaining("no share of index 3");
        List<ShareFile> partial = new ArrayList<>(sums.subList(0, 2));
        partial.add(SharedAudit.add(received.get(2).subList(0, 2)));
        assertThatThrownBy(() -> SharedAudit.reconstruct(partial)).hasMessageContaining("hospital-c at index 3");
        assertThatThrownBy(() -> SharedAudit.add(List.of(received.get(0).get(0), received.get(0).get(0)))).hasMessageContaining("twice");
    }

    @Test
    void aChangedShareFailsItsMac(@TempDir Path dir) throws Exception {
        Mac mac = Keysets.create(Keysets.Purpose.MAC).mac();
        Study study = SharedAudit.study(SPEC, GROUPS);
        ShareFile f = SharedAudit.share(Datasets.load("compas").head(500), SPEC, study, "hospital-a", "q4", 2).shares().get(0);
        Path file = dir.resolve("a.share");
        write(file, f.toBytes(mac));
        String text = Files.readString(file);
        int v = text.indexOf("\"values\" : \"") + 13;
        char c = text.charAt(v);
        for (String changed : List.of(
                text.substring(0, v) + (c == 'A' ? 'B' : 'A') + text.substring(v + 1),
                text.replace("\"index\" : 1", "\"index\" : 2"),
                text.replace("hospital-a", "hospital-b"),
                text.replace("\"run\" : \"q4\"", "\"run\" : \"q3\""),
                text.replace("decile_score >= 5", "decile_score >= 6"))) {
            assertThat(changed).isNotEqualTo(text);
            Files.writeString(file, changed);
            assertThatThrownBy(() -> ShareFile.read(file, mac)).isInstanceOf(InputException.class).hasMessageContaining("MAC");
        }
        Files.writeString(file, text);
        assertThat(ShareFile.read(file, mac).values()).containsExactly(f.values());
        assertThatThrownBy(() -> ShareFile.read(file, Keysets.create(Keysets.Purpose.MAC).mac())).hasMessageContaining("MAC");
    }

    /**
     * Any share on its own, and the sum of all but one, is uniform on 2^64 whatever the secret: over 20,000 splits of
     * a count of 0 and of 2^40 into 3, each of the 8 bytes of share 1, of share 2 and of share 1 + share 2 passes a
     * chi-square test of uniformity over 256 values (p > 0.0001 for each of 48 tests), and their means agree.
     */
    @Test
    void sharesShortOfOnePartyAreUniform() {
        Random r = new Random(42);
        int n = 20_000;
        for (long secret : new long[] {0, 1L << 40}) {
            long[][] seen = new long[3][n];
            for (int i = 0; i < n; i++) {
                long[][] s = AdditiveShares.split(new long[] {secret}, 3, r);
                seen[0][i] = s[0][0];
                seen[1][i] = s[1][0];
                seen[2][i] = s[0][0] + s[1][0];
                assertThat(s[0][0] + s[1][0] + s[2][0]).isEqualTo(secret);
            }
            for (long[] x : seen) {
                for (int b = 0; b < 8; b++) {
                    long[] bins = new long[256];
                    for (long v : x) {
                        bins[(int) ((v >>> (8 * b)) & 0xFF)]++;
                    }
                    double e = n / 256.0;
                    double chi2 = 0;
                    for (long k : bins) {
                        chi2 += (k - e) * (k - e) / e;
                    }
                    // 255 degrees of freedom: P[chi2 > 361.1] = 0.0001
                    assertThat(chi2).as("secret %d, byte %d", secret, b).isLessThan(361.1);
                }
            }
        }
    }

    @Test
    void whatASharedAuditRefuses() {
        assertThatThrownBy(() -> SharedAudit.study(AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").build(), Map.of("race", List.of("Caucasian")))).hasMessageContaining("positive value");
        assertThatThrownBy(() -> SharedAudit.study(SPEC, Map.of("race", GROUPS.get("race")))).hasMessageContaining("declare the groups of 'sex'");
        assertThatThrownBy(() -> SharedAudit.study(SPEC, Map.of("race", GROUPS.get("race"), "sex", GROUPS.get("sex"), "age", List.of("old"))))
                .hasMessageContaining("'age', which is not a protected attribute");
        Study study = SharedAudit.study(SPEC, GROUPS);
        Frame compas = Datasets.load("compas").head(100);
        assertThatThrownBy(() -> SharedAudit.share(compas, SPEC, study, "a/b", "q4", 3)).hasMessageContaining("owner name");
        assertThatThrownBy(() -> SharedAudit.share(compas, SPEC, study, "a", "q4", 1)).hasMessageContaining("at least 2");
        // rows in undeclared groups are left out and counted for the party alone
        Study fewer = SharedAudit.study(SPEC, Map.of("race", List.of("Caucasian"), "sex", GROUPS.get("sex")));
        SharedAudit.Shares s = SharedAudit.share(compas, SPEC, fewer, "a", "q4", 2);
        long caucasian = IntStream.range(0, compas.rowCount()).filter(i -> compas.column("race").format(i).equals("Caucasian")).count();
        assertThat(s.rowsOutsideGroups()).isEqualTo(100 - caucasian);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
