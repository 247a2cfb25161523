package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;
import dev.probity.ledger.Witness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** {@code probity ledger witness}: cosign a log's checkpoint as an independent witness, if it extends what was cosigned before. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Act as a witness: check the log's latest checkpoint against the last one this witness cosigned (same tree, "
            + "or a larger one with a consistency proof), and cosign it (c2sp.org/tlog-cosignature). A rollback, a fork or a "
            + "rewritten history is refused (exit 1) and nothing is cosigned.",
            "The witness's state file holds the last cosigned checkpoint; keep it with the witness, not with the log."})
final class LedgerWitnessCommand extends LedgerSubcommand {
    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
    String log;
    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The witness's signer key (made by 'ledger keygen' for a witness).")
    Path key;
    @Option(names = "--state", required = true, paramLabel = "FILE", description = "The witness's memory of this log (created on first use).")
    Path state;
    @Option(names = "--log-key", paramLabel = "VKEY", description = "The log's verifier key as the witness was handed it (default: the log's key.pub).")
    String logKey;
    @Option(names = "--out", paramLabel = "FILE", description = "Also write the cosigned checkpoint here (e.g. for the log owner to publish).")
    Path out;

    @Override
    public Integer call() {
        NoteKey witness = NoteKey.parseSigner(new String(LedgerCommand.readInput(key.toString(), "--key"), StandardCharsets.UTF_8).trim());
        Path logDir = LedgerCommand.log(log).toAbsolutePath().normalize();
        for (Path p : out == null ? java.util.List.of(state) : java.util.List.of(state, out)) {
            if (p.toAbsolutePath().normalize().startsWith(logDir)) {
                throw new InputException(p + " is inside the log's folder; a witness keeps its files apart from the log it watches");
            }
        }
        if (out != null && out.toAbsolutePath().normalize().equals(state.toAbsolutePath().normalize())) {
            throw new InputException("--out and --state are the same file; the state is the witness's memory, --out a copy to hand over");
        }
        try (Ledger l = Ledger.open(LedgerCommand.log(log))) {
            NoteKey lk = logKey != null ? NoteKey.parseVerifier(logKey) : Ledger.publicKey(l.dir());
            String note = Files.readString(l.dir().resolve("checkpoint"), StandardCharsets.UTF_8);
            String previous = Files.exists(state) ? Files.readString(state, StandardCharsets.UTF_8) : null;
            String cosigned;
            try {
                cosigned = Witness.cosign(note, lk, witness, previous, l::consistencyProof, Instant.now().getEpochSecond());
            } catch (Witness.Refused e) {
                spec.commandLine().getErr().println("probity: refused: " + e.getMessage());
                return ExitCode.RULE_BROKEN;
            }
            dev.probity.core.io.AtomicFiles.writeString(state, cosigned);
            if (out != null) {
                dev.probity.core.io.AtomicFiles.writeString(out, cosigned);
            }
            TerminalWriter.raw(out()).print(cosigned);
            out().flush();
            return ExitCode.OK;
        } catch (IOException e) {
            throw new InputException("cannot read or write the witness's files: " + e.getMessage(), e);
        }
    }
}
