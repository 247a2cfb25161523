package dev.probity.cli;

import com.google.crypto.tink.Mac;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.crypto.Keysets;
import dev.probity.privacy.sharing.ShareFile;
import dev.probity.privacy.sharing.SharedAudit;
import dev.probity.privacy.sharing.Study;
import dev.probity.report.html.AuditHtml;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.AuditTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity share} and {@code probity combine}: a fairness audit across parties who cannot pool their data. */
final class ShareCommands {
    private ShareCommands() {
    }

    static Mac mac(Path key, KeyOptions keys) {
        return Keysets.read(key, keys.toRead(key)).mac();
    }

    @Command(name = "share", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Split this party's audit statistics into additive secret shares, one per computing party, so that several "
                + "parties can audit together without pooling rows. Every party runs it on its own data with the same label, prediction, "
                + "protected attributes and declared --groups (every combination is shared, empty ones included, so none shows which "
                + "groups its data hold), the same --run and --parties, and the consortium's MAC keyset (probity keys create --purpose "
                + "mac). Send share j to computing party j; any set of shares short of one party's is uniformly random.",
                "",
                "The counts are those of a binary audit without weights: the four confusion counts of each combination of groups."},
            footer = {"", "Examples:",
                "  probity share --data hospital-a.csv --label readmitted --positive yes \\",
                "      --prediction 'risk >= 0.5' --protected race,sex \\",
                "      --groups race=Black,White,Other --groups sex=F,M \\",
                "      --owner hospital-a --run 2026-q4 --parties 3 \\",
                "      --key consortium.keyset --out shares/",
                "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
    static final class Share implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        DataOptions input = new DataOptions();
        @Mixin
        AuditOptions audit = new AuditOptions();
        @Option(names = "--groups", required = true, paramLabel = "ATTR=G1,G2,…", description = "A protected attribute's groups, declared "
                + "in advance (repeat for each attribute). Rows in other groups are left out; how many is printed here, not shared.")
        List<String> groups;
        @Option(names = "--owner", required = true, paramLabel = "NAME", description = "This party's name (letters, digits, '.', '_', '-').")
        String owner;
        @Option(names = "--run", required = true, paramLabel = "NAME", description = "The joint audit's name, the same for every party.")
        String run;
        @Option(names = "--parties", required = true, paramLabel = "K", description = "How many computing parties (shares per owner), at least 2.")
        int parties;
        @Option(names = "--key", required = true, paramLabel = "KEYSET", description = "The consortium's MAC keyset.")
        Path key;
        @Mixin
        KeyOptions keys = new KeyOptions();
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for the share files OWNER.J-of-K.share.")
        Path out;
        @Mixin
        QuietOption quiet = new QuietOption();

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(out)) {
                throw new InputException("--out " + out + " is not a folder" + (Files.exists(out) ? "" : " (it does not exist)"));
            }
            Map<String, List<String>> declared = new LinkedHashMap<>();
            for (String g : groups) {
                int eq = g.indexOf('=');
                if (eq <= 0 || eq == g.length() - 1) {
                    throw new InputException("--groups " + g + ": give ATTR=G1,G2,…");
                }
                if (declared.put(g.substring(0, eq).trim(), List.of(g.substring(eq + 1).split(",", -1))) != null) {
                    throw new InputException("--groups declares '" + g.substring(0, eq) + "' twice");
                }
            }
            Mac mac = mac(key, keys);
            AuditSpec auditSpec = audit.buildSpec(input.dataset(), input.threads(), input);
            Study study = SharedAudit.study(auditSpec, declared);
            List<Path> files = new ArrayList<>();
            for (int j = 1; j <= parties; j++) {
                Path f = out.resolve(owner + "." + j + "-of-" + parties + ".share");
                if (Files.exists(f)) {
                    throw new InputException(f + " exists: the shares of one split belong together; remove the old ones or write elsewhere");
                }
                files.add(f);
            }
            Frame frame = input.read(null, w -> err.println("probity: warning: " + w), !quiet.quiet);
            SharedAudit.Shares s = SharedAudit.share(frame, auditSpec, study, owner, run, parties);
            List<Path> written = new ArrayList<>();
            try {
                for (ShareFile f : s.shares()) {
                    Path target = files.get(f.index() - 1);
                    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                    Files.write(tmp, f.toBytes(mac));
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    written.add(target);
                }
            } catch (IOException e) {
                for (Path w : written) {
                    try {
                        Files.deleteIfExists(w);
                    } catch (IOException ignored) {
                        // reported below
                    }
                }
                throw new InputException("cannot write the shares to " + out + ": " + e.getMessage() + "; none were kept");
            }
            if (!quiet.quiet) {
                o.printf(Locale.ROOT, "%d shares of %s's statistics (%d combinations of groups, 4 counts each) in %s:%n", parties, owner,
                        study.cells(), out);
                for (Path w : written) {
                    o.println("  " + w.getFileName());
                }
                if (s.rowsOutsideGroups() > 0) {
                    o.printf(Locale.ROOT, "%,d rows fell in no declared group and were left out (this number is not in the shares).%n",
                            s.rowsOutsideGroups());
                }
                o.println("Send share j to computing party j; keep none of the others.");
                o.flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "combine", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add secret shares, or audit them. Given shares of one index from several owners, with --out, it writes their "
                + "sum (still a share: what computing party j sends on). Given one share or summed share of every index, it reconstructs "
                + "the pooled statistics — refusing if any owner is missing at any index — and prints the fairness audit, the same as on "
                + "the pooled rows. Every file's MAC is checked first."},
            footer = {"", "Examples:",
                "  probity combine shares/*.2-of-3.share --key consortium.keyset \\",
                "      --out party-2.sum.share",
                "  probity combine party-1.sum.share party-2.sum.share \\",
                "      party-3.sum.share --key consortium.keyset --json joint-audit.json",
                "", "Exit status: 0 success, 2 bad input (a changed or missing share; nothing written), 3 internal error."})
    static final class Combine implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(arity = "1..*", paramLabel = "SHARE", description = "Share files (probity share) or summed shares (probity combine --out).")
        List<Path> shares;
        @Option(names = "--key", required = true, paramLabel = "KEYSET", description = "The consortium's MAC keyset.")
        Path key;
        @Mixin
        KeyOptions keys = new KeyOptions();
        @Option(names = "--out", paramLabel = "FILE", description = "Write the sum of shares of one index here (a share itself).")
        Path out;
        @Option(names = "--json", paramLabel = "FILE", description = "Write the combined audit as JSON (probity.audit/v1); '-' for standard output.")
        String json;
        @Option(names = "--html", paramLabel = "FILE", description = "Write the combined audit as an HTML report.")
        String html;
        @Option(names = {"-r", "--reference"}, paramLabel = "ATTR=GROUP", description = "Reference group of an attribute (repeatable).")
        List<String> references = new ArrayList<>();
        @Mixin
        QuietOption quiet = new QuietOption();

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            Mac mac = mac(key, keys);
            List<ShareFile> read = SharedAudit.read(shares, mac);
            boolean oneIndex = read.stream().map(ShareFile::index).distinct().count() == 1 && read.get(0).parties() > 1;
            if (out != null) {
                if (!oneIndex) {
                    throw new InputException("--out writes the sum of shares of one index; these are of indices "
                            + read.stream().map(ShareFile::index).distinct().sorted().toList() + " (leave --out off to audit them)");
                }
                ShareFile sum = SharedAudit.add(read);
                try (OutputPlan outputs = OutputPlan.protecting(o, protectedInputs())) {
                    outputs.add("out", out.toString());
                    outputs.write("out", s -> s.write(sum.toBytes(mac)));
                    outputs.commit();
                }
                if (!quiet.quiet) {
                    o.printf(Locale.ROOT, "share %d of %d of run '%s', summed over %s, written to %s%n", sum.index(), sum.parties(), sum.run(),
                            String.join(", ", sum.owners()), out);
                    o.flush();
                }
                return ExitCode.OK;
            }
            AuditSpec.Builder b = SharedAudit.spec(read.get(0).study());
            for (String r : references) {
                int eq = r.indexOf('=');
                if (eq <= 0) {
                    throw new InputException("--reference " + r + ": give ATTR=GROUP");
                }
                b.reference(r.substring(0, eq), r.substring(eq + 1));
            }
            AuditResult result = SharedAudit.combine(read, b.build());
            try (OutputPlan outputs = OutputPlan.protecting(o, protectedInputs())) {
                outputs.add("json", json).add("html", html);
                outputs.write("json", s -> AuditJson.write(result, s));
                if (outputs.has("html")) {
                    outputs.writeString("html", AuditHtml.render(result));
                }
                outputs.commit();
                if (!quiet.quiet && !outputs.usesStdout()) {
                    o.print(AuditTable.render(result));
                    o.flush();
                }
            }
            return ExitCode.OK;
        }

        private Object[] protectedInputs() {
            List<Object> p = new ArrayList<>(List.of("key", key));
            for (int i = 0; i < shares.size(); i++) {
                p.add(i == 0 ? "SHARE" : "SHARE #" + (i + 1));
                p.add(shares.get(i));
            }
            return p.toArray();
        }
    }
}
