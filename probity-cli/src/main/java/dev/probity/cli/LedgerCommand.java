package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.Checkpoint;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.NoteKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity ledger}: the tamper-evident evidence log. */
@Command(name = "ledger", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        subcommands = {LedgerCommand.Init.class, LedgerCommand.Keygen.class, LedgerCommand.Append.class, LedgerCommand.Record.class, LedgerCommand.Root.class, LedgerCommand.Prove.class,
            LedgerCommand.VerifyProof.class, LedgerCommand.Verify.class, LedgerCommand.CheckpointCmd.class, LedgerCommand.Show.class},
        description = {
            "A tamper-evident, append-only evidence log: entries are leaves of an RFC 6962 Merkle tree, appends are "
                + "acknowledged only once on disk, and checkpoints are signed with Ed25519 in the C2SP signed-note format, "
                + "so that standard transparency-log tooling can check them.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  probity ledger init --log evidence --origin bank.example/models",
            "  probity ledger append --log evidence --data-file audit.json",
            "  probity ledger checkpoint --log evidence",
            "  probity ledger prove inclusion --log evidence --index 0 --json",
            "  probity ledger verify --log evidence",
            "",
            "Exit status: 0 success, 1 verification failed, 2 bad input, 3 internal error."
        })
final class LedgerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path log(String log) {
        return Path.of(log);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] parseHash(String hex, String option) {
        try {
            byte[] b = HexFormat.of().parseHex(hex.trim());
            if (b.length != Merkle.HASH_BYTES) {
                throw new InputException(option + " must be a 32-byte hash in hex (64 digits); got " + b.length + " bytes");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new InputException(option + " must be a 32-byte hash in hex (64 digits); '" + InputException.shown(hex) + "' is not hex");
        }
    }

    static byte[] readInput(String file, String option) {
        try {
            if (file.equals("-")) {
                return System.in.readAllBytes();
            }
            Path p = Path.of(file);
            if (Files.isDirectory(p)) {
                throw new InputException(option + " " + file + ": it is a folder, not a file");
            }
            if (!Files.isRegularFile(p)) {
                throw new InputException(option + " " + file + ": no such file");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new InputException(option + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** A proof as JSON {"hashes": [hex, …]} (as {@code prove --json} writes it) or one hex hash per line. */
    static List<byte[]> readProof(String file) {
        String text = new String(readInput(file, "--proof"), StandardCharsets.UTF_8).trim();
        List<String> items = new ArrayList<>();
        if (text.startsWith("{")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"hashes\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(text);
            if (!m.find()) {
                throw new InputException("--proof " + file + ": a JSON proof is {\"hashes\": [\"hex\", …]}");
            }
            for (String part : m.group(1).split(",")) {
                String s = part.trim();
                if (!s.isEmpty()) {
                    if (!s.startsWith("\"") || !s.endsWith("\"")) {
                        throw new InputException("--proof " + file + ": every hash is a string of hex digits");
                    }
                    items.add(s.substring(1, s.length() - 1));
                }
            }
        } else if (!text.isEmpty()) {
            items.addAll(List.of(text.split("\\s+")));
        }
        List<byte[]> out = new ArrayList<>();
        for (String s : items) {
            try {
                out.add(HexFormat.of().parseHex(s));
            } catch (IllegalArgumentException e) {
                throw new InputException("--proof " + file + ": '" + InputException.shown(s) + "' is not hex");
            }
        }
        return out;
    }

    static String json(List<byte[]> hashes) {
        StringBuilder b = new StringBuilder("{\"hashes\": [");
        for (int i = 0; i < hashes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(hex(hashes.get(i))).append('"');
        }
        return b.append("]}").toString();
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create an empty log with a new Ed25519 key, and sign its first checkpoint.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The folder of the log (empty or absent).")
        String log;
        @Option(names = "--origin", paramLabel = "NAME", description = "The log's name in its checkpoints, a schema-less URL (default probity.local/<folder name>).")
        String origin;

        @Override
        public Integer call() {
            Path dir = log(log);
            String name = origin != null ? origin : "probity.local/" + dir.toAbsolutePath().normalize().getFileName();
            try (Ledger l = Ledger.create(dir, name)) {
                PrintWriter out = out();
                out.println("created the log " + l.origin() + " in " + dir.toAbsolutePath().normalize());
                out.println("verifier key (give it to whoever checks the log): " + l.key().verifierKey());
                out.println("signer key: " + dir.resolve("key") + " (keep it secret; it signs the checkpoints)");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "append", mixinStandardHelpOptions = true, description = "Append a file's bytes as one entry; prints its index once it is on disk.")
    static final class Append implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--data-file", required = true, paramLabel = "FILE", description = "The entry's bytes ('-' for standard input).")
        String dataFile;

        @Override
        public Integer call() {
            byte[] data = readInput(dataFile, "--data-file");
            try (Ledger l = Ledger.open(log(log))) {
                long i = l.append(data);
                out().println(i);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record a typed event: a JSON object of your own (an approval, a deployment, an incident), canonicalized (RFC 8785)"
                + " with its type, the time and who acted; prints its index once it is on disk.")
    static final class Record implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }

        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The event's type: lower-case letters, digits, '.', '-' (e.g. approval).")
        String type;
        @Option(names = "--json-file", required = true, paramLabel = "FILE", description = "A JSON object with the event's fields ('-' for standard input).")
        String jsonFile;
        @Option(names = "--actor", paramLabel = "NAME", description = "Who acted (default: the operating system's user name; with --sign-key, the key's name).")
        String actor;
        @Option(names = "--sign-key", paramLabel = "FILE", description = "Sign the event with your own key (made by 'ledger keygen'): an approval that names its approver provably.")
        String signKey;

        @Override
        public Integer call() {
            NoteKey signer = null;
            if (signKey != null) {
                signer = NoteKey.parseSigner(new String(readInput(signKey, "--sign-key"), StandardCharsets.UTF_8).trim());
                if (actor != null && !actor.equals(signer.name())) {
                    throw new InputException("--actor " + actor + " is not the signing key's name " + signer.name() + "; leave --actor out");
                }
            }
            String text = new String(readInput(jsonFile, "--json-file"), StandardCharsets.UTF_8);
            Object v = dev.probity.ledger.Jcs.parse(text);
            if (!(v instanceof java.util.Map<?, ?> m)) {
                throw new InputException("--json-file " + jsonFile + " must hold a JSON object (the event's fields)");
            }
            for (String reserved : List.of("schema", "type", "time", "actor", "signature")) {
                if (m.containsKey(reserved)) {
                    throw new InputException("--json-file " + jsonFile + ": '" + reserved + "' is set by the log; leave it out of the fields");
                }
            }
            @SuppressWarnings("unchecked")
            java.util.Map<String, ?> fields = (java.util.Map<String, ?>) m;
            byte[] event = signer != null ? dev.probity.ledger.Evidence.signed(type, signer, java.time.Instant.now(), fields)
                    : dev.probity.ledger.Evidence.of(type, actor != null ? actor : dev.probity.ledger.Evidence.defaultActor(),
                    java.time.Instant.now(), fields);
            try (Ledger l = Ledger.open(log(log))) {
                out().println(l.append(event));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Make a personal Ed25519 key (an approver's, a reviewer's) to sign events with; prints its verifier key.")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key's name, who you are: no spaces or '+' (e.g. j.doe@bank.example).")
        String name;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the signer key goes (readable by you only; never overwritten).")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(out)) {
                throw new InputException("--out " + out + " exists; a key is never overwritten (give another file)");
            }
            NoteKey k = NoteKey.generate(name);
            Path dir = out.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new InputException("--out " + out + ": the folder does not exist");
            }
            Path tmp = Files.createTempFile(dir, ".probity-", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(tmp, k.signerKey() + "\n");
                Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (!quiet.quiet) {
                spec.commandLine().getOut().println(k.verifierKey());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "root", mixinStandardHelpOptions = true, description = "Print the RFC 6962 root of the first N entries (default: all) in hex.")
    static final class Root implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--size", paramLabel = "N", description = "The tree size (default: every entry).")
        Long size;

        @Override
        public Integer call() {
            try (Ledger l = Ledger.open(log(log))) {
                out().println(hex(l.root(size == null ? l.size() : size)));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true, description = "Print an inclusion or consistency proof (RFC 9162 order, hex).")
    static final class Prove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
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
            try (Ledger l = Ledger.open(log(log))) {
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
                    out.println(json(proof));
                } else {
                    proof.forEach(h -> out.println(hex(h)));
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "verify-proof", mixinStandardHelpOptions = true,
            description = "Check a proof offline, without the log: exit 0 when it is valid, 1 when it is not.")
    static final class VerifyProof implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
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
                    byte[] r = parseHash(root, "--root");
                    byte[] leaf = leafHash != null ? parseHash(leafHash, "--leaf-hash") : Merkle.leafHash(readInput(dataFile, "--data-file"));
                    ok = Merkle.verifyInclusion(index, size, leaf, readProof(proof), r);
                }
                case "consistency" -> {
                    if (from == null || to == null || oldRoot == null || newRoot == null) {
                        throw new InputException("verify-proof consistency needs --from, --to, --old-root and --new-root");
                    }
                    byte[] r1 = parseHash(oldRoot, "--old-root");
                    byte[] r2 = parseHash(newRoot, "--new-root");
                    ok = Merkle.verifyConsistency(from, to, r1, r2, readProof(proof));
                }
                default -> throw new InputException("verify-proof what: inclusion or consistency? got '" + InputException.shown(kind) + "'");
            }
            out.println(ok ? "valid" : "INVALID");
            return ok ? ExitCode.OK : ExitCode.RULE_BROKEN;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole log: every entry's checksum and leaf hash, and every signed checkpoint. Exit 1 names the first bad entry.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--key", paramLabel = "VKEY", description = "A verifier key to trust (repeatable; default: the log's own key.pub — give "
                + "the key you were handed, since whoever can change the log can change key.pub).")
        List<String> keys = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = out();
            Path dir = log(log);
            if (!Files.isDirectory(dir)) {
                throw new InputException("--log " + log + ": no such folder");
            }
            List<NoteKey> trusted = keys.stream().map(NoteKey::parseVerifier).toList();
            LedgerVerifier.Report r = LedgerVerifier.verify(dir, trusted);
            out.printf(Locale.ROOT, "%,d entries %s, %d signed checkpoint(s), the latest at size %,d%n", r.entries(),
                    r.ok() ? "checked" : "checked before the first problem", r.checkpoints(), r.checkpointSize());
            if (trusted.isEmpty()) {
                out.println("trusting the log's own key.pub; give --key to check against the key you were handed");
            }
            if (r.ok()) {
                out.println("OK: every entry matches its hash and every checkpoint" + (r.uncovered() > 0
                        ? String.format(Locale.ROOT, "; the last %,d entries are not yet covered by a signed checkpoint", r.uncovered()) : ""));
                return ExitCode.OK;
            }
            out.println("FAILED" + (r.firstBadEntry() >= 0 ? " at entry " + r.firstBadEntry() : "") + ":");
            r.problems().forEach(p -> out.println("  " + p));
            return ExitCode.RULE_BROKEN;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Sign a checkpoint of the log as it is now and print it (C2SP tlog-checkpoint).")
    static final class CheckpointCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;

        @Override
        public Integer call() {
            try (Ledger l = Ledger.open(log(log))) {
                String note = l.checkpoint();
                if (!quiet.quiet) {
                    TerminalWriter.raw(spec.commandLine().getOut()).print(note);
                    spec.commandLine().getOut().flush();
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Describe the log, or print one entry (--index) with its inclusion proof.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        PrintWriter out() {
            return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        }
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;
        @Option(names = "--index", paramLabel = "I", description = "The entry to print.")
        Long index;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            Path dir = log(log);
            try (Ledger l = Ledger.open(dir)) {
                if (index == null) {
                    out.println("log " + l.origin() + " · " + String.format(Locale.ROOT, "%,d", l.size()) + " entries");
                    out.println("root " + hex(l.root(l.size())));
                    Checkpoint c = Checkpoint.parse(new String(Files.readAllBytes(dir.resolve("checkpoint")), StandardCharsets.UTF_8)
                            .substring(0, new String(Files.readAllBytes(dir.resolve("checkpoint")), StandardCharsets.UTF_8).indexOf("\n\n") + 1));
                    out.println("last signed checkpoint at size " + c.size() + (c.size() < l.size() ? " (" + (l.size() - c.size())
                            + " entries since; run 'ledger checkpoint')" : ""));
                    out.println("verifier key " + l.key().verifierKey());
                    return ExitCode.OK;
                }
                byte[] e = l.entry(index);
                String text = new String(e, StandardCharsets.UTF_8);
                boolean printable = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), e);
                dev.probity.ledger.Evidence.Signed signed = dev.probity.ledger.Evidence.checkSignature(e);
                out.println("entry " + index + " · " + e.length + " bytes · leaf hash " + hex(l.leafHash(index))
                        + (signed == dev.probity.ledger.Evidence.Signed.VALID ? " · signed, signature valid"
                        : signed == dev.probity.ledger.Evidence.Signed.INVALID ? " · SIGNATURE INVALID" : ""));
                out.println(printable ? text : "base64 " + java.util.Base64.getEncoder().encodeToString(e));
                out.println("inclusion proof in the tree of size " + l.size() + ": " + json(l.inclusionProof(index, l.size())));
            }
            return ExitCode.OK;
        }
    }
}
