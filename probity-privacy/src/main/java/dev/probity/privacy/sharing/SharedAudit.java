package dev.probity.privacy.sharing;

import com.google.crypto.tink.Mac;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.TaskKind;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.StatsTable;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fairness audit across parties who cannot pool their data (Kilbertus et al. 2018, "Blind Justice", in its simplest
 * form: additive secret sharing of the audit's sufficient statistics).
 *
 * <ol>
 *   <li>Every party computes the audit's group statistics on its own rows ({@link #share}): the four confusion counts
 *       of every combination of the declared groups, and splits them into k additive shares modulo 2^64, one per
 *       computing party, each with a MAC under the consortium's key. Share j goes to party j.</li>
 *   <li>Each computing party adds the shares it received, one per data owner ({@link #add}): still a share, uniform
 *       on its own.</li>
 *   <li>Whoever collects one summed share per index reconstructs the pooled counts and audits them
 *       ({@link #combine}): the same audit as on the pooled rows, count for count, since the audit is a function of
 *       these counts. Nothing else is revealed: no party's own counts, no row.</li>
 * </ol>
 *
 * <p><b>What it protects, and what not.</b> Any k − 1 shares of a party's counts are uniformly distributed whatever
 * the counts are, so any coalition of fewer than k computing parties learns nothing from them. The combined audit
 * itself is revealed to whoever combines — its small groups can say much about few people; add differential privacy
 * for that (see {@code PrivateAudit}). The parties are assumed to follow the protocol (semi-honest): the MAC under
 * a key the consortium shares detects shares changed in transit or at rest and shares mixed between runs or
 * studies, but a party holding the key could forge, and a party can always lie about its own data. A missing share
 * is detected: every owner must appear exactly once at every index.
 */
public final class SharedAudit {
    private SharedAudit() {
    }

    /** The study the spec describes, over the declared groups. */
    public static Study study(AuditSpec spec, Map<String, List<String>> groups) {
        if (spec.task() != TaskKind.BINARY) {
            throw new InputException("a shared audit is for binary tasks; this one is " + spec.task().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (spec.weight() != null) {
            throw new InputException("a shared audit counts rows; weights ('" + spec.weight() + "') are not shared");
        }
        if (spec.score() != null) {
            throw new InputException("a shared audit shares confusion counts: give a prediction (e.g. '" + spec.score() + " >= 0.5') instead of a score");
        }
        if (spec.positive() == null) {
            throw new InputException("a shared audit names the label's positive value ({{positive}}), so that every party counts the same outcome");
        }
        List<String> prot = spec.protectedAttributes();
        for (String g : groups.keySet()) {
            if (prot.stream().noneMatch(p -> p.equalsIgnoreCase(g))) {
                throw new InputException("groups are declared for '" + g + "', which is not a protected attribute " + prot);
            }
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (String p : prot) {
            List<String> g = groups.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(p)).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new InputException("declare the groups of '" + p + "' ({{groups}}): the parties share every combination "
                            + "of declared groups, so that none shows which groups its data hold"));
            ordered.put(p, g);
        }
        return new Study(spec.label(), spec.positive(), spec.prediction(), spec.predictionPositive(), ordered);
    }

    /** A party's shares, one per computing party, and how many of its rows fell in no declared group (not shared). */
    public record Shares(List<ShareFile> shares, long rowsOutsideGroups) {
    }

    /** Splits {@code owner}'s statistics of {@code frame} into {@code parties} shares (secure randomness). */
    public static Shares share(Frame frame, AuditSpec spec, Study study, String owner, String run, int parties) {
        return share(frame, spec, study, owner, run, parties, new SecureRandom());
    }

    /** As {@link #share(Frame, AuditSpec, Study, String, String, int)}, with the given randomness (tests). */
    public static Shares share(Frame frame, AuditSpec spec, Study study, String owner, String run, int parties, Random random) {
        ShareFile.checkName("owner", owner);
        ShareFile.checkName("run", run);
        if (parties < 2) {
            throw new InputException("a shared audit splits each party's statistics among at least 2 parties; got " + parties);
        }
        StatsTable t = Audit.statistics(frame, spec);
        if (t.kind() != TaskKind.BINARY || t.weighted() || t.withScores()) {
            throw new InputException("a shared audit shares the counts of a binary, unweighted audit with a prediction");
        }
        List<String> attrs = study.attributes();
        int[] position = new int[attrs.size()];
        for (int j = 0; j < attrs.size(); j++) {
            position[j] = -1;
            for (int i = 0; i < t.attributes().size(); i++) {
                if (t.attributes().get(i).equalsIgnoreCase(attrs.get(j))) {
                    position[j] = i;
                }
            }
            if (position[j] < 0) {
                throw new InputException("the study's attribute '" + attrs.get(j) + "' is not among the audit's " + t.attributes());
            }
        }
        List<Map<String, Integer>> index = new ArrayList<>();
        for (String a : attrs) {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (String g : study.groups().get(a)) {
                m.put(g, m.size());
            }
            index.add(m);
        }
        long[] counts = new long[study.cells() * 4];
        long outside = 0;
        for (Map.Entry<List<String>, GroupStats> e : t.cells().entrySet()) {
            int c = 0;
            boolean in = true;
            for (int j = 0; j < attrs.size(); j++) {
                Integer v = index.get(j).get(e.getKey().get(position[j]));
                if (v == null) {
                    in = false;
                    break;
                }
                c = c * index.get(j).size() + v;
            }
            long[] k = e.getValue().cellCounts();
            if (!in) {
                for (long x : k) {
                    outside += x;
                }
                continue;
            }
            for (int q = 0; q < 4; q++) {
                counts[c * 4 + q] += k[q];
            }
        }
        long[][] split = AdditiveShares.split(counts, parties, random);
        List<ShareFile> out = new ArrayList<>();
        for (int j = 0; j < parties; j++) {
            out.add(new ShareFile(run, j + 1, parties, List.of(owner), study, split[j]));
        }
        return new Shares(out, outside);
    }

    /** The sum of several owners' shares for the same index: what computing party j sends on. */
    public static ShareFile add(List<ShareFile> shares) {
        if (shares == null || shares.isEmpty()) {
            throw new InputException("no shares to add");
        }
        ShareFile first = shares.get(0);
        TreeSet<String> owners = new TreeSet<>();
        long[] sum = new long[first.values().length];
        for (ShareFile s : shares) {
            sameRun(first, s);
            if (s.index() != first.index()) {
                throw new InputException("only shares of the same index add up to a share; got index " + first.index() + " and " + s.index()
                        + " (combine shares of every index to audit)");
            }
            for (String o : s.owners()) {
                if (!owners.add(o)) {
                    throw new InputException("owner '" + o + "' appears twice among the shares of index " + s.index() + ": its counts would be "
                            + "added twice");
                }
            }
            long[] v = s.values();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return new ShareFile(first.run(), first.index(), first.parties(), new ArrayList<>(owners), first.study(), sum);
    }

    /** The pooled statistics: every index present, every owner once at each. */
    public static StatsTable reconstruct(List<ShareFile> shares) {
        if (shares == null || shares.isEmpty()) {
            throw new InputException("no shares to combine");
        }
        ShareFile first = shares.get(0);
        TreeMap<Integer, List<ShareFile>> byIndex = new TreeMap<>();
        for (ShareFile s : shares) {
            sameRun(first, s);
            byIndex.computeIfAbsent(s.index(), i -> new ArrayList<>()).add(s);
        }
        List<ShareFile> perIndex = new ArrayList<>();
        for (int j = 1; j <= first.parties(); j++) {
            List<ShareFile> at = byIndex.get(j);
            if (at == null) {
                throw new InputException("no share of index " + j + " of " + first.parties() + " was given: without it the sum is random, "
                        + "and says nothing; combine one share (or summed share) of every index");
            }
            perIndex.add(add(at));
        }
        List<String> owners = perIndex.get(0).owners();
        for (ShareFile s : perIndex) {
            if (!s.owners().equals(owners)) {
                TreeSet<String> all = new TreeSet<>(owners);
                all.addAll(s.owners());
                List<String> missing = new ArrayList<>();
                for (ShareFile t : perIndex) {
                    for (String o : all) {
                        if (!t.owners().contains(o)) {
                            missing.add(o + " at index " + t.index());
                        }
                    }
                }
                throw new InputException("the shares do not cover the same owners at every index (missing: " + String.join(", ", missing)
                        + "): the sum would be random");
            }
        }
        long[] total = AdditiveShares.sum(perIndex.stream().map(ShareFile::values).toArray(long[][]::new));
        Study study = first.study();
        List<String> attrs = study.attributes();
        Map<List<String>, GroupStats> cells = new LinkedHashMap<>();
        int n = study.cells();
        for (int c = 0; c < n; c++) {
            long rows = 0;
            for (int q = 0; q < 4; q++) {
                long x = total[c * 4 + q];
                if (x < 0 || x > (1L << 53)) {
                    throw new InputException("the shares do not add up to counts (a count of " + Long.toUnsignedString(x) + "): a share is "
                            + "missing or was made for another run");
                }
                rows += x;
            }
            if (rows == 0) {
                continue;
            }
            List<String> key = new ArrayList<>();
            int rest = c;
            for (int j = attrs.size() - 1; j >= 0; j--) {
                List<String> g = study.groups().get(attrs.get(j));
                key.add(0, g.get(rest % g.size()));
                rest /= g.size();
            }
            GroupStats gs = new GroupStats(TaskKind.BINARY, false, false, 0);
            for (int q = 0; q < 4; q++) {
                gs.addCell(q, total[c * 4 + q], 0, 0);
            }
            cells.put(List.copyOf(key), gs);
        }
        return new StatsTable(attrs, TaskKind.BINARY, false, false, List.of(), cells);
    }

    /** The audit of the pooled statistics, under {@code spec}'s statistical settings (its roles are the study's). */
    public static AuditResult combine(List<ShareFile> shares, AuditSpec spec) {
        StatsTable t = reconstruct(shares);
        List<String> owners = add(shares.stream().filter(s -> s.index() == 1).toList()).owners();
        return Audit.fromStatistics(t, spec, "shared audit '" + shares.get(0).run() + "' of " + owners.size() + " parties: "
                + String.join(", ", owners));
    }

    /** An audit spec with the study's roles, to which statistical settings (references, confidence, …) may be added. */
    public static AuditSpec.Builder spec(Study study) {
        AuditSpec.Builder b = AuditSpec.builder().label(study.label()).positive(study.positive()).prediction(study.prediction())
                .protectedAttributes(study.attributes());
        if (study.predictionPositive() != null) {
            b.predictionPositive(study.predictionPositive());
        }
        return b;
    }

    private static void sameRun(ShareFile a, ShareFile b) {
        if (!a.run().equals(b.run())) {
            throw new InputException("shares of different runs ('" + a.run() + "' and '" + b.run() + "') do not combine");
        }
        if (a.parties() != b.parties()) {
            throw new InputException("shares split " + a.parties() + " ways and " + b.parties() + " ways do not combine");
        }
        if (!a.study().equals(b.study())) {
            throw new InputException("shares of run '" + a.run() + "' describe different studies (label, prediction or groups "
                    + "differ): " + a.study() + " vs " + b.study());
        }
    }

    /** Verifies and reads share files with the consortium's MAC. */
    public static List<ShareFile> read(List<java.nio.file.Path> files, Mac mac) {
        List<ShareFile> out = new ArrayList<>();
        for (java.nio.file.Path f : files) {
            out.add(ShareFile.read(f, mac));
        }
        return out;
    }
}
