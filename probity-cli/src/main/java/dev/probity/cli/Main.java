package dev.probity.cli;

import dev.probity.core.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code probity} command. */
@Command(name = "probity", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Responsible-AI tooling for the JVM: audit models and data for group fairness, train and",
            "evaluate models, mitigate disparities, and explain decisions.",
            "",
            "Run 'probity demo' for a first look, 'probity help audit' to learn the audit."
        },
        footer = {
            "",
            "Exit status: 0 success, 1 a --fail-on rule is broken, 2 bad input (nothing written), 3 internal error.",
            "Documentation: README.md and docs/ in the Probity repository."
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        disableClosures();
    }

    /**
     * Picocli looks for Groovy's Closure class when it first creates a command (it supports closures in annotations).
     * The class is not there, so the class loader searched each of the 92 jars on the class path for it: 36-47 ms of
     * every start. Probity uses no closures; picocli's documented switch turns the search off.
     */
    static void disableClosures() {
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    public static void main(String[] args) {
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (status != 0 || otherThreadsKeepTheJvmAlive()) {
            System.exit(status);
        }
        // Success ends by returning, which ends the JVM with status 0 and runs the same shutdown hooks. System.exit
        // would first log the exit (JDK 21+): finding the logging backend makes the JDK search every jar on the class
        // path for a LoggerFinder, 36-40 ms at the end of every command.
    }

    /** Whether a thread other than this one would keep the JVM running after main returns. */
    private static boolean otherThreadsKeepTheJvmAlive() {
        Thread self = Thread.currentThread();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != self && t.isAlive() && !t.isDaemon() && !t.getName().equals("DestroyJavaVM")) {
                return true;
            }
        }
        return false;
    }

    /** Every command, in the order --help lists them: CommandModelsWriter writes their models in this order. */
    static final Class<?>[] COMMANDS = {AuditCommand.class, DataAuditCommand.class, RankAuditCommand.class, RerankCommand.class, LedgerCommand.class, RegistryCommand.class, EvidenceCommands.Card.class, EvidenceCommands.Comply.class, DriftCommand.class, MonitorCommand.class, ScanCommand.class, DpCommand.class, PrivacyAuditCommand.class, PiiCommand.class, AnonymizeCommand.class, RiskCommand.class, KeysCommand.class, CryptCommands.Encrypt.class, CryptCommands.Decrypt.class,
            ShareCommands.Share.class, ShareCommands.Combine.class, TrainCommand.class, EvaluateCommand.class, TextBiasCommand.class, WeatCommand.class, NerCommand.class, MitigateCommand.class, ExplainCommand.class,
            ServeCommand.class, DemoCommand.class, DatasetsCommand.class, CommandLine.HelpCommand.class};

    /** The command line with every command, each command's --data described in its own words. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only the command {@code args} name first, when they name one. {@code --version} alone gets
     * none. Anything else (no command, another option first, help, an unknown name and its suggestions) gets every
     * command. The commands' models are built in code (CommandModels, written from the annotations by
     * CommandModelsWriter): picocli reading the annotations by reflection took most of a command's start (decision
     * 0015), and reading all 31 commands' took about half a second.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(CommandModels.root(new Main()));
        if (args != null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return cli;
        }
        String only = null;
        if (args != null && args.length > 0 && !args[0].startsWith("-") && java.util.Arrays.asList(CommandModels.NAMES).contains(args[0])) {
            only = args[0];
        }
        for (String name : CommandModels.NAMES) {
            if (only == null || name.equals(only)) {
                cli.addSubcommand(name, new CommandLine(CommandModels.command(name)));
            }
        }
        if (only == null) {
            cli.addSubcommand(CommandLine.HelpCommand.class);
        }
        describeData(cli);
        return cli;
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        // what people read cannot be driven by the data: control characters are escaped, long lines cut
        // what a command prints (report and data alike) is hashed on its way out, for the evidence log (--ledger)
        PrintedHash printed = new PrintedHash();
        PrintWriter hashed = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                rawOut.write(c, off, len);
                printed.update(new String(c, off, len).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                rawOut.flush();
            }

            @Override
            public void close() {
                rawOut.flush();
            }
        }, true);
        PrintWriter out = new TerminalWriter.Safe(hashed);
        PrintWriter err = new TerminalWriter.Safe(rawErr);
        try {
            return execute(args, out, err, printed);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err, PrintedHash printed) {
        CommandLine cli = commandLine(args);
        cli.setExecutionStrategy(parse -> LedgerOption.execute(parse, err, () -> {
            out.flush();
            return printed.hex();
        }));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("probity: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parse) -> {
            PrintWriter e = c.getErr();
            if (ex instanceof InputException ie) {
                e.println("probity: " + ie.message(setting -> option(c.getCommandSpec(), setting)));
                return ExitCode.BAD_INPUT;
            }
            if (ex instanceof IllegalArgumentException) {
                e.println("probity: " + ex.getMessage());
                return ExitCode.BAD_INPUT;
            }
            e.println("probity: internal error: " + ex);
            ex.printStackTrace(e);
            e.println("This is a bug in Probity; please report it with the command you ran.");
            return ExitCode.INTERNAL;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("probity: out of memory; give Java more heap (JAVA_OPTS=-Xmx8g) or audit with --engine duckdb");
            err.flush();
            return ExitCode.INTERNAL;
        }
    }

    /**
     * The SHA-256 of what a command printed. The digest is made at the first byte printed, or when the hash is asked
     * for: the first {@code MessageDigest.getInstance} of a JVM loads the security providers (28-36 ms in a plain JVM
     * here, less with the start-up cache), which a command that prints nothing (-q with output files) need not pay
     * before it starts its work.
     */
    private static final class PrintedHash {
        private java.security.MessageDigest digest;

        void update(byte[] bytes) {
            digest().update(bytes);
        }

        String hex() {
            return java.util.HexFormat.of().formatHex(digest().digest());
        }

        private java.security.MessageDigest digest() {
            if (digest == null) {
                try {
                    digest = java.security.MessageDigest.getInstance("SHA-256");
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            return digest;
        }
    }

    /** What --data is for, in each command's own words. */
    static final java.util.Map<String, String> DATA_ROLE = java.util.Map.ofEntries(
            java.util.Map.entry("audit", "The data to audit (labels, predictions or scores, protected attributes)"),
            java.util.Map.entry("train", "The training data"),
            java.util.Map.entry("text-bias", "Labelled or unlabelled texts whose identity terms to swap"),
            java.util.Map.entry("evaluate", "The labelled data to evaluate the model on"),
            java.util.Map.entry("mitigate", "The training data (and, without --test, the data both models are audited on)"),
            java.util.Map.entry("explain", "The rows to explain (and, without --background, the background the explanation compares them with)"),
            java.util.Map.entry("data-audit", "The data to examine before a model is trained (protected attributes, features, optionally labels)"),
            java.util.Map.entry("rank-audit", "The ranked lists, one row per item (list, item, position or score, group, relevance)"),
            java.util.Map.entry("rerank", "The ranked lists to re-rank, one row per item (list, item, position or score, group, relevance)"),
            java.util.Map.entry("scan", "The data to scan the model on (features; the label and protected attributes when given)"),
            java.util.Map.entry("monitor", "The data to watch over time (a time column; decisions, labels and protected attributes for the audit of each window)"),
            java.util.Map.entry("stats", "The personal data to release statistics of (the group column, the value column, the person column)"),
            java.util.Map.entry("share", "This party's own data to audit (labels, predictions, protected attributes); only shares of its counts leave"),
            java.util.Map.entry("anonymize", "The data to anonymize (the quasi-identifiers and any sensitive columns)"),
            java.util.Map.entry("risk", "The data whose re-identification risk to estimate"));

    private static void describeData(CommandLine cli) {
        cli.getSubcommands().forEach((name, sub) -> {
            describeData(sub);
            CommandLine.Model.OptionSpec data = sub.getCommandSpec().findOption("--data");
            if (data == null) {
                return;
            }
            String[] d = data.description().clone();
            d[0] = d[0].replace("@ROLE@", DATA_ROLE.getOrDefault(name, "The data"));
            CommandLine.Model.OptionSpec replaced = data.toBuilder().description(d).build();
            // options are listed in the order they were added: put every one back, --data where it was
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            java.util.List<CommandLine.Model.OptionSpec> all = new java.util.ArrayList<>(spec.options());
            all.forEach(spec::remove);
            all.forEach(o -> spec.addOption(o == data ? replaced : o));
        });
    }

    /**
     * How the command line words a setting the library names in an error: its option ({@code --drop-missing}) when
     * the command has one, else its key in quotes, as the library words it.
     */
    static String option(CommandLine.Model.CommandSpec command, String setting) {
        CommandLine.Model.OptionSpec o = command.findOption("--" + setting);
        return o != null ? o.longestName() : "'" + setting + "'";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"probity " + dev.probity.report.json.AuditJson.VERSION,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
