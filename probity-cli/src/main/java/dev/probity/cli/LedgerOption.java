package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.RunRecord;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --ledger DIR}: record the run in an evidence log — the command, who ran it, the SHA-256 of every file it read
 * and wrote, of what it printed, and its exit status — as one {@code run} event, once the outputs are in place.
 */
final class LedgerOption {
    @Option(names = "--ledger", paramLabel = "DIR", description = "Record this run (inputs, outputs, result hashes, exit status) in the evidence log DIR (made with 'probity ledger init').")
    Path ledger;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who ran it, for the evidence log (default: the operating system's user name).")
    String actor;

    /** The command's result as JSON, recorded with the run (set by the command when a log is asked for). */
    String result;

    /** What the run cost in energy and CO₂, recorded with the run (set by commands that measure it). */
    Map<String, Object> energy;

    /** Whether a log was asked for (commands then compute their result's JSON for it). */
    boolean recording() {
        return ledger != null;
    }

    /** Options whose values are files the command reads, and files it writes. */
    static final Set<String> INPUTS = Set.of("--data", "--test", "--validation", "--background", "--model", "--population", "--history");
    static final Set<String> OUTPUTS = Set.of("--json", "--html", "--out", "--model-out", "--report", "--csv");

    /** Checks the log before the work starts, so that a long run is not done for nothing. */
    void check() {
        if (ledger != null && (!Files.isDirectory(ledger) || !Files.exists(ledger.resolve("key.pub")))) {
            throw new InputException("--ledger " + ledger + " is not an evidence log; make one with 'probity ledger init --log " + ledger + "'");
        }
    }

    /** Refuses an output inside an evidence log's folder: a report written there would destroy the log's own files. */
    static void refuseInside(Path log, String option, Object value) {
        if (log == null || value == null || value.toString().equals("-")) {
            return;
        }
        Path dir = log.toAbsolutePath().normalize();
        if (Path.of(value.toString()).toAbsolutePath().normalize().startsWith(dir)) {
            throw new InputException(option + " " + value + " is inside the evidence log's folder " + log
                    + "; nothing but the log writes there — choose another place");
        }
    }

    /** Records the run; returns the entry's index. */
    long record(CommandLine.ParseResult sub, int exit, String printedSha256) {
        List<String> argv = new ArrayList<>();
        argv.add(sub.commandSpec().name());
        argv.addAll(sub.originalArgs().subList(Math.min(sub.originalArgs().size(), 1), sub.originalArgs().size()));
        RunRecord run = RunRecord.of(argv).tool("probity", dev.probity.report.json.AuditJson.VERSION);
        for (CommandLine.Model.OptionSpec o : sub.matchedOptions()) {
            Object v = o.getValue();
            if (v == null) {
                continue;
            }
            String name = o.longestName();
            String role = name.substring(2);
            if (INPUTS.contains(name)) {
                Path p = Path.of(v.toString());
                if (Files.isRegularFile(p)) {
                    run.input(role, p);
                } else if (dev.probity.core.datasets.Datasets.exists(v.toString())) {
                    run.inputDataset(role, v.toString());
                } else {
                    run.inputValue(role, v.toString()); // e.g. train's --model KIND, or '-'
                }
            } else if (OUTPUTS.contains(name) && !v.toString().equals("-")) {
                Path p = Path.of(v.toString());
                if (Files.isRegularFile(p)) {
                    run.output(role, p);
                }
            }
        }
        run.printed(printedSha256).exit(exit).result(result).energy(energy);
        return Evidence.record(ledger, run.event(actor != null ? actor : Evidence.defaultActor(), Instant.now()));
    }

    /**
     * Runs the command; with --ledger, checks the log first and records the run after. A run that cannot be recorded
     * fails (exit 2): evidence that was asked for and is missing must not look like success.
     */
    static int execute(CommandLine.ParseResult parse, PrintWriter err, java.util.function.Supplier<String> printed) {
        CommandLine.ParseResult sub = parse;
        while (sub.hasSubcommand()) {
            sub = sub.subcommand();
        }
        LedgerOption opt = null;
        for (Object m : sub.commandSpec().mixins().values().stream().map(CommandLine.Model.CommandSpec::userObject).toList()) {
            if (m instanceof LedgerOption lo) {
                opt = lo;
            }
        }
        if (opt != null) {
            try {
                opt.check();
                for (CommandLine.Model.OptionSpec o : sub.matchedOptions()) {
                    if (OUTPUTS.contains(o.longestName())) {
                        refuseInside(opt.ledger, o.longestName(), o.getValue());
                    }
                }
            } catch (InputException e) {
                err.println("probity: " + e.getMessage());
                return ExitCode.BAD_INPUT;
            }
        }
        int code = new CommandLine.RunLast().execute(parse);
        if (opt != null && opt.ledger != null && (code == ExitCode.OK || code == ExitCode.RULE_BROKEN)) {
            try {
                long index = opt.record(sub, code, printed.get());
                err.println("recorded as entry " + index + " of the evidence log " + opt.ledger);
            } catch (InputException | IllegalStateException e) {
                err.println("probity: the run finished but could not be recorded in " + opt.ledger + ": " + e.getMessage());
                return ExitCode.BAD_INPUT;
            }
        }
        return code;
    }
}
