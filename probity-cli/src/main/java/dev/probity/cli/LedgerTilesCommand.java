package dev.probity.cli;

import dev.probity.ledger.Ledger;
import dev.probity.ledger.Tiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code probity ledger tiles}: the log as static files in the C2SP tlog-tiles layout. */
@Command(name = "tiles", mixinStandardHelpOptions = true,
        description = {"Write the log as static files in the C2SP tlog-tiles layout (checkpoint, hash tiles, entry bundles) for its latest "
            + "signed checkpoint, so that any web server can serve it and clients fetch proofs and entries without Probity.",
            "An entry bundle cannot hold an entry of 64 KiB or more (the format's 16-bit length); such bundles are left out and named."})
final class LedgerTilesCommand extends LedgerSubcommand {
    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The log.")
    String log;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty folder for the tiles.")
    Path out;

    @Override
    public Integer call() {
        try (Ledger l = Ledger.open(LedgerCommand.log(log))) {
            Tiles.Export e = Tiles.export(l, out);
            out().println(String.format(java.util.Locale.ROOT, "%,d entries: %d hash tiles and %d entry bundles in %s%s", e.size(), e.hashTiles(),
                    e.entryBundles(), out, e.bundlesLeftOut().isEmpty() ? "" : "; " + e.bundlesLeftOut().size()
                    + " bundle(s) left out (an entry of 64 KiB or more: fetch those entries from the log itself)"));
            if (!e.bundlesLeftOut().isEmpty()) {
                spec.commandLine().getErr().println("probity: warning: " + e.bundlesLeftOut().size() + " entry bundle(s) left out, each holding an "
                        + "entry of 64 KiB or more: " + String.join(", ", e.bundlesLeftOut().subList(0, Math.min(5, e.bundlesLeftOut().size())))
                        + (e.bundlesLeftOut().size() > 5 ? ", …" : ""));
            }
        }
        return ExitCode.OK;
    }
}
