package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.NoteKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** {@code probity ledger}: the tamper-evident evidence log. */
@Command(name = "ledger", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        subcommands = {LedgerCommand.Init.class, LedgerCommand.Keygen.class, LedgerCommand.Append.class, LedgerCommand.Record.class,
            LedgerCommand.CheckpointCmd.class, LedgerProofCommands.Root.class, LedgerProofCommands.Prove.class,
            LedgerProofCommands.VerifyProof.class, LedgerProofCommands.Verify.class, LedgerProofCommands.Show.class, LedgerWitnessCommand.class, LedgerTilesCommand.class},
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
            "  probity ledger witness --log evidence --key witness.key --state witness.state --out cosigned.txt",
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
            return dev.probity.core.io.FileBytes.read(p);
        } catch (IOException e) {
            throw new InputException(option + " " + file + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create an empty log with a new Ed25519 key, and sign its first checkpoint.")
    static final class Init extends LedgerSubcommand {
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

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Make a personal Ed25519 key (an approver's, a reviewer's, a witness's) to sign with; prints its verifier key and writes it to FILE.pub.")
    static final class Keygen extends LedgerSubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key's name, who you are: no spaces or '+' (e.g. j.doe@bank.example).")
        String name;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the signer key goes (readable by you only; never overwritten).")
        Path out;
        @Option(names = "--witness", description = "A witness's key: print its cosignature verifier key (c2sp.org/tlog-cosignature, type 0x04).")
        boolean witness;

        @Override
        public Integer call() {
            NoteKey k = NoteKey.generate(name);
            Path pub = out.resolveSibling(out.getFileName() + ".pub");
            if (Files.exists(pub)) {
                throw new InputException(pub + " already exists; a key is never overwritten");
            }
            k.save(out);
            String vkey = witness ? dev.probity.ledger.Cosignature.verifierKey(k) : k.verifierKey();
            dev.probity.core.io.AtomicFiles.writeString(pub, vkey + "\n");
            out().println(vkey);
            return ExitCode.OK;
        }
    }

    @Command(name = "append", mixinStandardHelpOptions = true, description = "Append a file's bytes as one entry; prints its index once it is on disk.")
    static final class Append extends LedgerSubcommand {
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
    static final class Record extends LedgerSubcommand {

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
            NoteKey signer = signKey == null ? null
                    : NoteKey.parseSigner(new String(readInput(signKey, "--sign-key"), StandardCharsets.UTF_8).trim());
            byte[] event = dev.probity.ledger.Evidence.fromJson(readInput(jsonFile, "--json-file"), "--json-file " + jsonFile, type, actor,
                    signer, java.time.Instant.now());
            try (Ledger l = Ledger.open(log(log))) {
                out().println(l.append(event));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Sign a checkpoint of the log as it is now and print it (C2SP tlog-checkpoint).")
    static final class CheckpointCmd extends LedgerSubcommand {
        @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
        String log;

        @Override
        public Integer call() {
            try (Ledger l = Ledger.open(log(log))) {
                String note = l.checkpoint();
                TerminalWriter.raw(out()).print(note);
                out().flush();
            }
            return ExitCode.OK;
        }
    }
}
