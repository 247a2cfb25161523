import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.accounting.Rdp;
import dev.probity.privacy.attack.AttackResult;
import dev.probity.privacy.attack.MembershipInference;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.crypto.FileCrypto;
import dev.probity.privacy.crypto.KeyProtection;
import dev.probity.privacy.crypto.Keysets;
import dev.probity.privacy.sharing.ShareFile;
import dev.probity.privacy.sharing.SharedAudit;
import dev.probity.privacy.sharing.Study;
import dev.probity.privacy.stats.NoisyQuantile;
import dev.probity.privacy.stats.PrivateStats;
import dev.probity.privacy.stats.PrivateStatsResult;
import dev.probity.privacy.stats.Statistic;
import dev.probity.privacy.stats.StatsSettings;
import dev.probity.privacy.training.DpSgd;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Privacy in plain Java, as docs/privacy.md does it from the command line: an RDP account, a budget, the private fairness
 * audit of COMPAS and private statistics paid for from it, DP-SGD on Adult attacked by membership inference, a file
 * encrypted under a passphrase-protected keyset that is then rotated, and two parties auditing COMPAS together by
 * secret sharing. The first argument is a folder for the files it writes.
 */
public final class PrivacyTour {
    private PrivacyTour() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "privacy-tour"));

        // what 2,250 steps of DP-SGD at q = 0.04, sigma = 1.5 spend (Opacus's own test value: 7.3291)
        Guarantee g = Rdp.sampledGaussian(0.04, 1.5).times(2250).epsilon(1e-5);
        System.out.printf(Locale.ROOT, "RDP account: epsilon %.4f at order %s%n", g.epsilon(), g.order());

        // a budget for COMPAS; every release below is debited before its result exists
        PrivacyBudget compasBudget = PrivacyBudget.create(dir.resolve("compas.budget"), "compas", new BigDecimal("3"), new BigDecimal("1e-6"));
        Frame compas = Datasets.load("compas");
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").positive("1").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").reference("race", "Caucasian").build();
        var audit = PrivateAudit.run(compas, spec, PrivateAuditSettings.of(1), compasBudget, "tour");
        PrivateAuditResult.Rate fpr = audit.result().attribute("race").group("African-American").metric("fpr");
        System.out.printf(Locale.ROOT, "private audit: African-American FPR %.3f [%.3f, %.3f]; %s%n", fpr.value(), fpr.lower(), fpr.upper(),
                audit.result().privacyNote());

        StatsSettings s = StatsSettings.of(1).withBounds(0, 40).withDelta(1e-6);
        var stats = PrivateStats.describe(compas, "race", "priors_count", EnumSet.of(Statistic.COUNT, Statistic.MEAN), new double[] {0.5, 0.9}, s,
                compasBudget, "tour");
        PrivateStatsResult r = stats.result();
        NoisyQuantile median = r.group("African-American").quantiles().get(0);
        System.out.printf(Locale.ROOT, "private statistics: %d groups released; African-American median priors %s (rank error at most %.0f rows)%n",
                r.groups().size(), median.value(), median.rankError());
        System.out.printf(Locale.ROOT, "budget left: epsilon %s after %d releases%n", stats.after().epsilonLeft().toPlainString(), stats.after().releases());

        // DP-SGD on Adult at epsilon 1, then the loss-threshold membership attack on it
        Frame adult = Datasets.load("adult");
        Frame adultTest = Datasets.load("adult-test");
        List<String> features = new ArrayList<>(adult.columnNames());
        features.remove("income");
        PrivacyBudget adultBudget = PrivacyBudget.create(dir.resolve("adult.budget"), "adult", new BigDecimal("1.5"), new BigDecimal("1e-4"));
        var trained = DpSgd.of(1.0, 1e-5).fit(new TrainingSet(adult, features, Labels.fromColumn(adult, "income", ">50K"), null, 1), adultBudget, "tour");
        PipelineModel model = trained.result();
        AttackResult attack = MembershipInference.threshold(model, adult, adultTest, "income", MembershipInference.Settings.defaults());
        System.out.printf(Locale.ROOT, "DP-SGD: epsilon %s spent; membership attack AUC %.3f, its lower bound on epsilon %.3f%n",
                model.provenance().parameters().get("epsilon"), attack.auc(), attack.epsilon().epsilon());

        // a keyset under a passphrase, a file encrypted with it, the keyset rotated, the file still decrypts
        KeyProtection passphrase = new KeyProtection.Passphrase("a long demo passphrase — never hard-code a real one".toCharArray());
        Path keyset = dir.resolve("kek.keyset");
        Keysets.write(Keysets.create(Keysets.Purpose.AEAD), keyset, passphrase, false);
        Path plain = dir.resolve("triage-notes.txt");
        Files.writeString(plain, "patient 17: triage level 2, seen by the night shift\n".repeat(50_000));
        FileCrypto.encrypt(plain, dir.resolve("compas.enc"), Keysets.read(keyset, passphrase).aead());
        Keysets.write(Keysets.rotate(Keysets.read(keyset, passphrase)), keyset, passphrase, true);
        long size = FileCrypto.decrypt(dir.resolve("compas.enc"), dir.resolve("compas-back.csv"), Keysets.read(keyset, passphrase).aead());
        System.out.printf(Locale.ROOT, "encryption: %d bytes back after rotation, equal: %s%n", size,
                java.util.Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(dir.resolve("compas-back.csv"))));

        // two parties audit COMPAS together: shares, one sum per computing party, the pooled audit
        var mac = Keysets.create(Keysets.Purpose.MAC).mac();
        Study study = SharedAudit.study(spec, Map.of("race", List.of("African-American", "Asian", "Caucasian", "Hispanic", "Native American", "Other"),
                "sex", List.of("Female", "Male")));
        List<List<ShareFile>> received = List.of(new ArrayList<>(), new ArrayList<>());
        for (int p = 0; p < 2; p++) {
            int party = p;
            Frame own = compas.select(IntStream.range(0, compas.rowCount()).filter(i -> i % 2 == party).toArray());
            for (ShareFile f : SharedAudit.share(own, spec, study, "party-" + p, "tour", 2).shares()) {
                Path file = dir.resolve("party-" + p + "." + f.index() + ".share");
                Files.write(file, f.toBytes(mac));
                received.get(f.index() - 1).add(ShareFile.read(file, mac));
            }
        }
        AuditResult joint = SharedAudit.combine(List.of(SharedAudit.add(received.get(0)), SharedAudit.add(received.get(1))),
                SharedAudit.spec(study).reference("race", "Caucasian").build());
        System.out.printf(Locale.ROOT, "shared audit: African-American FPR %.4f over %d rows%n",
                joint.attribute("race").group("African-American").metric("fpr").number(), joint.overall().rows());
        System.out.println("tour complete");
    }
}
