package dev.probity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 9: the same flag means the same thing everywhere, and every command offers what every command should. */
class CommandLineConsistencyTest {
    static final CommandLine CLI = Main.commandLine();

    static List<CommandSpec> commands() {
        List<CommandSpec> out = new ArrayList<>();
        CLI.getSubcommands().forEach((name, c) -> {
            if (name.equals("help")) {
                return;
            }
            if (c.getSubcommands().isEmpty()) {
                out.add(c.getCommandSpec());
            } else {
                // a group of commands (ledger): its members are the commands
                c.getSubcommands().forEach((sub, cc) -> out.add(cc.getCommandSpec()));
            }
        });
        return out;
    }

    @Test
    void aShortOptionMeansOneThingInEveryCommand() {
        Map<String, Set<String>> meanings = new TreeMap<>();
        for (CommandSpec c : commands()) {
            for (OptionSpec o : c.options()) {
                for (String n : o.names()) {
                    if (n.length() == 2 && n.startsWith("-")) {
                        meanings.computeIfAbsent(n, k -> new TreeSet<>()).add(o.longestName());
                    }
                }
            }
        }
        assertThat(meanings).isNotEmpty();
        meanings.forEach((shortName, longNames) -> assertThat(longNames).as(shortName).hasSize(1));
    }

    @Test
    void everyCommandIsQuietOnRequestAndEveryDataReaderFilters() {
        for (CommandSpec c : commands()) {
            assertThat(c.findOption("-q")).as(c.name() + " -q").isNotNull();
            assertThat(c.findOption("--quiet")).as(c.name() + " --quiet").isNotNull();
            if (c.findOption("--data") != null) {
                assertThat(c.findOption("--where")).as(c.name() + " --where").isNotNull();
                assertThat(c.findOption("--derive")).as(c.name() + " --derive").isNotNull();
            }
        }
    }

    /** Only the command being run is built (start-up), none for --version alone, and anything else gets them all: help, suggestions for a typo. */
    @Test
    void onlyTheCommandRunIsBuiltAndATypoStillGetsSuggestions() {
        assertThat(Main.commandLine(new String[] {"audit", "--data", "compas"}).getSubcommands().keySet()).containsExactly("audit");
        assertThat(Main.commandLine(new String[] {"help", "audit"}).getSubcommands()).hasSameSizeAs(CLI.getSubcommands());
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
        assertThat(Main.commandLine(new String[] {"--version", "audit"}).getSubcommands()).hasSameSizeAs(CLI.getSubcommands());
        assertThat(Main.commandLine(new String[] {"adit"}).getSubcommands()).hasSameSizeAs(CLI.getSubcommands());
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(new String[] {"adit"}, new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));
        assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("audit");
    }

    /** A lone % in a description is a format specifier to picocli: --help then prints a warning and the raw text. */
    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (CommandSpec c : commands()) {
                new CommandLine(c).getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            }
            new CommandLine(new Main()).getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    /** Every --option the help of a command mentions is one of that command's options. */
    @Test
    void helpNamesOnlyOptionsThatExist() {
        Pattern flag = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*[a-z]");
        List<String> missing = new ArrayList<>();
        for (CommandSpec c : commands()) {
            String help = new CommandLine(c).getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            String[] lines = help.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = flag.matcher(lines[i]);
                while (m.find()) {
                    if (c.findOption(m.group()) == null && !inExampleOfAnother(lines, i, m.group())) {
                        missing.add(c.name() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** A flag in an example of another command ("probity audit --data compas ..."), which that command has. */
    static boolean inExampleOfAnother(String[] lines, int i, String flag) {
        for (int k = i; k >= Math.max(0, i - 4); k--) {
            Matcher m = Pattern.compile("probity ([\\w-]+)(?: ([\\w-]+))?").matcher(lines[k]);
            while (m.find()) {
                CommandLine other = CLI.getSubcommands().get(m.group(1));
                if (other != null && m.group(2) != null && other.getSubcommands().containsKey(m.group(2))) {
                    other = other.getSubcommands().get(m.group(2));
                }
                if (other != null && other.getCommandSpec().findOption(flag) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void dataIsDescribedForWhatEachCommandDoesWithIt() {
        for (CommandSpec c : commands()) {
            OptionSpec data = c.findOption("--data");
            if (data != null) {
                assertThat(data.description()[0]).as(c.name()).startsWith(Main.DATA_ROLE.get(c.name())).doesNotContain("@ROLE@");
                assertThat(c.options().indexOf(data)).as(c.name() + ": --data is listed first among its options").isLessThan(5);
            }
        }
        String top = Cli.run("--help").out();
        assertThat(top).contains("macro and weighted averages").contains("audits both and prints").containsPattern("data-audit +Examine a dataset for bias");
    }

    /** Examples in help are short enough that an 80-column terminal does not break them mid-command. */
    @Test
    void helpExamplesFitEightyColumns() {
        List<String> tooLong = new ArrayList<>();
        for (CommandSpec c : commands()) {
            List<String> text = new ArrayList<>(List.of(c.usageMessage().description()));
            text.addAll(List.of(c.usageMessage().footer()));
            for (String block : text) {
                for (String line : block.split("\n")) {
                    if (line.matches("\\s{2,}(probity |--).*") && line.length() > 80) {
                        tooLong.add(c.name() + " (" + line.length() + "): " + line);
                    }
                }
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void impossibleCountsAndRangesAreRefused(@TempDir Path dir) throws Exception {
        Cli threads = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction", "duration_months > 20",
                "--protected", "sex", "--threads", "0", "-q");
        assertThat(threads.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(threads.err()).contains("--threads must be at least 1, got 0");
        Path model = dir.resolve("m.json");
        assertThat(Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--out", model.toString(), "-q",
                "--no-progress").code()).isZero();
        Cli rows = Cli.run("explain", "--model", model.toString(), "--data", "german", "--rows", "5-1", "--no-progress");
        assertThat(rows.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(rows.err()).contains("--rows 5-1 is an empty range");
        Cli both = Cli.run("explain", "--model", model.toString(), "--data", "german", "--rows", "1-2", "--row", "3", "--no-progress");
        assertThat(both.err()).contains("give --row or --rows, not both");
    }

    @Test
    void quietMeansNothingOnStandardOutput(@TempDir Path dir) {
        Path model = dir.resolve("m.json");
        Cli train = Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--out", model.toString(), "-q",
                "--no-progress", "--prohibited", "none");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).isEmpty();
        assertThat(model).exists();
        Cli eval = Cli.run("evaluate", "--model", model.toString(), "--data", "german", "--label", "credit", "-q", "--no-progress");
        assertThat(eval.out()).isEmpty();
    }

    /** --where and --derive work on the model commands as on the audit, and on every file a command reads. */
    @Test
    void modelCommandsFilterAndDeriveRows(@TempDir Path dir) throws Exception {
        Cli all = Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--json", "-", "--no-progress");
        Cli some = Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--json", "-", "--no-progress",
                "--derive", "older=age >= 40", "--where", "older", "--drop", "older");
        assertThat(all.code()).isZero();
        assertThat(some.code()).as(some.err()).isZero();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        long allRows = mapper.readTree(all.out()).path("reports").get(0).path("total").asLong(-1);
        long someRows = mapper.readTree(some.out()).path("reports").get(0).path("total").asLong(-1);
        assertThat(allRows).isEqualTo(1000);
        assertThat(someRows).isBetween(100L, 600L);
    }

    /** Issue 9: "group <> 'c'" failed only on DuckDB (a keyword there), and DuckDB-only functions passed there only. */
    @Test
    void bothEnginesReadTheSameExpressionLanguage(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("g.csv"), "group,label,prediction\na,1,1\nb,0,1\nc,1,0\na,0,0\nb,1,1\nc,0,1\n");
        for (String engine : List.of("memory", "duckdb")) {
            Cli ok = Cli.run("audit", "--engine", engine, "--data", data.toString(), "--label", "label", "--prediction", "prediction",
                    "--protected", "group", "--where", "group <> 'c'", "--min-group-rows", "1", "--json", "-");
            assertThat(ok.code()).as(engine + ": " + ok.err()).isZero();
            assertThat(ok.out()).contains("\"rows\" : 4");
            Cli duckOnly = Cli.run("audit", "--engine", engine, "--data", data.toString(), "--label", "label", "--prediction", "prediction",
                    "--protected", "group", "--where", "regexp_matches(group, 'a')", "--min-group-rows", "1", "-q");
            assertThat(duckOnly.code()).as(engine).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(duckOnly.err()).as(engine).contains("unknown function 'regexp_matches'");
        }
    }
}
