package dev.probity.cli;

import picocli.CommandLine.Option;

/** {@code -q}: print nothing on standard output but what was asked for there ({@code -} outputs); errors still go to standard error. */
final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "Print no report on standard output (files are still written; errors and warnings still go to standard error).")
    boolean quiet;
}
