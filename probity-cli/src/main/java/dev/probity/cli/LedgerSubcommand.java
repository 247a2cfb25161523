package dev.probity.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every {@code probity ledger} command shares: quiet on request (-q prints nothing on standard output). */
abstract class LedgerSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    PrintWriter out() {
        return quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
    }
}
