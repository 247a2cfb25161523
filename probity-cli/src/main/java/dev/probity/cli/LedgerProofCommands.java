package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.Checkpoint;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.Proofs;
import dev.probity.ledger.NoteKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ledger's reading commands: roots, proofs, offline proof checks, verification and display. */
final class LedgerProofCommands {
    private LedgerProofCommands() {
    }

    @Command(name = "root", mixinStandardHelpOptions = true, description = "Print the RFC 6962 root of the first N entries (default: all) in hex.")
    static final class Root extends LedgerSubcommand {
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--size", paramLabel = "N", description = "The tree size (default: every entry).")
        Long size;

        @Override
        public Integer call() {
            try (Ledger l = Ledger.open(LedgerCommand.log(log))) {
                out().println(LedgerCommand.hex(l.root(size == null ? l.size() : size)));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true, description = "Print an inclusion or consistency proof (RFC 9162 order, hex).")
    static final class Prove extends LedgerSubcommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "inclusion or consistency.")
        String kind;
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--index", paramLabel = "I", description = "inclusion: the entry.")
        Long index;
        @Option(names = "--size", paramLabel = "N", description = "inclusion: the tree size (default: every entry).")
        Long size;
        @Option(names = "--from", paramLabel = "M", description = "consistency: the older size.")
        Long from;
        @Option(names = "--to", paramLabel = "N", description = "consistency: the newer size (default: every entry).")
        Long to;
        @Option(names = "--json", description = "Print {\"hashes\": [hex, …]}.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Ledger l = Ledger.open(LedgerCommand.log(log))) {
                List<byte[]> proof;
                switch (kind.toLowerCase(Locale.ROOT)) {
                    case "inclusion" -> {
                        if (index == null) {
                            throw new InputException("prove inclusion needs --index");
                        }
                        proof = l.inclusionProof(index, size == null ? l.size() : size);
                    }
                    case "consistency" -> {
                        if (from == null) {
                            throw new InputException("prove consistency needs --from");
                        }
                        proof = l.consistencyProof(from, to == null ? l.size() : to);
                    }
                    default -> throw new InputException("prove what: inclusion or consistency? got '" + InputException.shown(kind) + "'");
                }
                if (json) {
                    out.println(Proofs.toJson(proof));
                } else {
                    proof.forEach(h -> out.println(LedgerCommand.hex(h)));
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "verify-proof", mixinStandardHelpOptions = true,
            description = "Check a proof offline, without the log: exit 0 when it is valid, 1 when it is not.")
    static final class VerifyProof extends LedgerSubcommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "inclusion or consistency.")
        String kind;
        @Option(names = "--proof", required = true, paramLabel = "FILE", description = "The proof: {\"hashes\": [...]} or hex hashes ('-' for standard input).")
        String proof;
        @Option(names = "--index", paramLabel = "I", description = "inclusion: the entry's index.")
        Long index;
        @Option(names = "--size", paramLabel = "N", description = "inclusion: the tree size.")
        Long size;
        @Option(names = "--root", paramLabel = "HEX", description = "inclusion: the root of that tree.")
        String root;
        @Option(names = "--leaf-hash", paramLabel = "HEX", description = "inclusion: the entry's leaf hash (or --data-file).")
        String leafHash;
        @Option(names = "--data-file", paramLabel = "FILE", description = "inclusion: the entry's bytes (hashed as an RFC 6962 leaf).")
        String dataFile;
        @Option(names = "--from", paramLabel = "M", description = "consistency: the older size.")
        Long from;
        @Option(names = "--to", paramLabel = "N", description = "consistency: the newer size.")
        Long to;
        @Option(names = "--old-root", paramLabel = "HEX", description = "consistency: the older root.")
        String oldRoot;
        @Option(names = "--new-root", paramLabel = "HEX", description = "consistency: the newer root.")
        String newRoot;

        @Override
        public Integer call() {
            PrintWriter out = out();
            boolean ok;
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "inclusion" -> {
                    if (index == null || size == null || root == null || (leafHash == null) == (dataFile == null)) {
                        throw new InputException("verify-proof inclusion needs --index, --size, --root and one of --leaf-hash or --data-file");
                    }
                    byte[] r = Proofs.hash(root, "--root");
                    byte[] leaf = leafHash != null ? Proofs.hash(leafHash, "--leaf-hash") : Merkle.leafHash(LedgerCommand.readInput(dataFile, "--data-file"));
                    ok = Merkle.verifyInclusion(index, size, leaf, Proofs.parse(new String(LedgerCommand.readInput(proof, "--proof"), StandardCharsets.UTF_8), "--proof " + proof), r);
                }
                case "consistency" -> {
                    if (from == null || to == null || oldRoot == null || newRoot == null) {
                        throw new InputException("verify-proof consistency needs --from, --to, --old-root and --new-root");
                    }
                    byte[] r1 = Proofs.hash(oldRoot, "--old-root");
                    byte[] r2 = Proofs.hash(newRoot, "--new-root");
                    ok = Merkle.verifyConsistency(from, to, r1, r2, Proofs.parse(new String(LedgerCommand.readInput(proof, "--proof"), StandardCharsets.UTF_8), "--proof " + proof));
                }
                default -> throw new InputException("verify-proof what: inclusion or consistency? got '" + InputException.shown(kind) + "'");
            }
            out.println(ok ? "valid" : "INVALID");
            return ok ? ExitCode.OK : ExitCode.RULE_BROKEN;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole log: every entry's checksum and leaf hash, and every signed checkpoint. Exit 1 names the first bad entry.")
    static final class Verify extends LedgerSubcommand {
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--key", paramLabel = "VKEY", description = "A verifier key to trust (repeatable; default: the log's own key.pub — give "
                + "the key you were handed, since whoever can change the log can change key.pub).")
        List<String> keys = new ArrayList<>();
        @Option(names = "--cosigned", paramLabel = "FILE", description = "A checkpoint cosigned by witnesses: check its signatures and that this log holds its tree.")
        Path cosigned;
        @Option(names = "--witness", paramLabel = "VKEY", description = "A witness's cosignature key, or a file holding it (repeatable), whose cosignature --cosigned must carry.")
        List<String> witnesses = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = out();
            Path dir = LedgerCommand.log(log);
            if (!Files.isDirectory(dir)) {
                throw new InputException("--log " + log + ": no such folder");
            }
            List<NoteKey> trusted = keys.stream().map(NoteKey::parseVerifier).toList();
            if (!witnesses.isEmpty() && cosigned == null) {
                throw new InputException("--witness checks a cosigned checkpoint; give it with --cosigned FILE");
            }
            List<NoteKey> ws = witnesses.stream().map(w -> dev.probity.ledger.Cosignature.parseVerifier(Files.isRegularFile(Path.of(w))
                    ? new String(LedgerCommand.readInput(w, "--witness"), StandardCharsets.UTF_8).trim() : w)).toList();
            LedgerVerifier.Report r = LedgerVerifier.verify(dir, trusted);
            out.printf(Locale.ROOT, "%,d entries %s, %d signed checkpoint(s), the latest at size %,d%n", r.entries(),
                    r.ok() ? "checked" : "checked before the first problem", r.checkpoints(), r.checkpointSize());
            if (trusted.isEmpty()) {
                out.println("trusting the log's own key.pub; give --key to check against the key you were handed");
            }
            if (r.ok() && cosigned != null) {
                String note = new String(LedgerCommand.readInput(cosigned.toString(), "--cosigned"), StandardCharsets.UTF_8);
                try (Ledger l = Ledger.open(dir)) {
                    NoteKey logKey = trusted.isEmpty() ? Ledger.publicKey(dir) : trusted.get(0);
                    long[] times = dev.probity.ledger.Witness.check(note, l, logKey, ws);
                    for (int i = 0; i < ws.size(); i++) {
                        out.println("cosigned by " + ws.get(i).name() + " at " + Instant.ofEpochSecond(times[i]));
                    }
                } catch (dev.probity.ledger.Witness.Refused e) {
                    out.println("FAILED: " + e.getMessage());
                    return ExitCode.RULE_BROKEN;
                }
            }
            if (r.ok()) {
                out.println("OK: every entry matches its hash and every checkpoint" + (r.uncovered() > 0
                        ? String.format(Locale.ROOT, "; the last %,d entries are not yet covered by a signed checkpoint", r.uncovered()) : "")
                        + (cosigned == null ? "" : "; the cosigned checkpoint is this log's tree"));
                return ExitCode.OK;
            }
            out.println("FAILED" + (r.firstBadEntry() >= 0 ? " at entry " + r.firstBadEntry() : "") + ":");
            r.problems().forEach(p -> out.println("  " + p));
            return ExitCode.RULE_BROKEN;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Describe the log, or print one entry (--index) with its inclusion proof.")
    static final class Show extends LedgerSubcommand {
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--index", paramLabel = "I", description = "The entry to print.")
        Long index;
        @Option(names = "--full", description = "Print the entry whole, however long (by default a run's recorded result is summarized).")
        boolean full;

        @Override
        public Integer call() {
            PrintWriter out = out();
            Path dir = LedgerCommand.log(log);
            try (Ledger l = Ledger.open(dir)) {
                if (index == null) {
                    out.println("log " + l.origin() + " · " + String.format(Locale.ROOT, "%,d", l.size()) + " entries");
                    out.println("root " + LedgerCommand.hex(l.root(l.size())));
                    Checkpoint c = l.latestCheckpoint();
                    out.println("last signed checkpoint at size " + c.size() + (c.size() < l.size() ? " (" + (l.size() - c.size())
                            + " entries since; run 'ledger checkpoint')" : ""));
                    out.println("verifier key " + l.key().verifierKey());
                    return ExitCode.OK;
                }
                byte[] e = l.entry(index);
                String text = new String(e, StandardCharsets.UTF_8);
                boolean printable = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), e);
                dev.probity.ledger.Evidence.Signed signed = dev.probity.ledger.Evidence.checkSignature(e);
                out.println("entry " + index + " · " + e.length + " bytes · leaf hash " + LedgerCommand.hex(l.leafHash(index))
                        + (signed == dev.probity.ledger.Evidence.Signed.VALID ? " · signed, signature valid"
                        : signed == dev.probity.ledger.Evidence.Signed.INVALID ? " · SIGNATURE INVALID" : ""));
                if (!printable) {
                    out.println("base64 " + java.util.Base64.getEncoder().encodeToString(e));
                } else if (full) {
                    TerminalWriter.raw(out).println(text);
                } else {
                    out.println(summarized(text));
                }
                out.println("inclusion proof in the tree of size " + l.size() + ": " + Proofs.toJson(l.inclusionProof(index, l.size())));
            }
            return ExitCode.OK;
        }

        /** An event whose recorded result would not fit a line: the event without it, and the result's size and hash. */
        static String summarized(String text) {
            if (text.length() <= TerminalWriter.MAX_LINE) {
                return text;
            }
            dev.probity.ledger.registry.Event ev = dev.probity.ledger.registry.EvidenceLog.parse(0, text.getBytes(StandardCharsets.UTF_8));
            if (ev == null || !ev.fields().containsKey("result")) {
                return text;
            }
            java.util.Map<String, Object> rest = new java.util.LinkedHashMap<>(ev.fields());
            String result = dev.probity.ledger.Jcs.serialize(rest.remove("result"));
            return dev.probity.ledger.Jcs.serialize(rest) + "\nresult: " + String.format(Locale.ROOT, "%,d", result.length())
                    + " characters of JSON (sha256 " + dev.probity.ledger.Evidence.sha256(result.getBytes(StandardCharsets.UTF_8))
                    + "); --full prints the entry whole";
        }
    }
}
