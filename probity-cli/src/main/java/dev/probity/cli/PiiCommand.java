package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.privacy.crypto.Keysets;
import dev.probity.privacy.pii.ColumnClassifier;
import dev.probity.privacy.pii.ColumnFinding;
import dev.probity.privacy.pii.Entity;
import dev.probity.privacy.pii.KeyedHash;
import dev.probity.privacy.pii.Operator;
import dev.probity.privacy.pii.PiiScanner;
import dev.probity.privacy.pii.PiiTables;
import dev.probity.privacy.pii.PiiType;
import dev.probity.privacy.pii.Pseudonymizer;
import dev.probity.privacy.pii.Redactor;
import dev.probity.report.json.PiiJson;
import dev.probity.report.text.PiiReportText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code probity pii}: personal data in text and tables — find it, redact it, reverse pseudonyms. */
@Command(name = "pii", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {PiiCommand.Scan.class, PiiCommand.Redact.class, PiiCommand.Reverse.class, PiiKeygenCommand.class},
        description = {"Personal data in free text and in the columns of tables: find it (scan), replace it (redact), turn "
            + "pseudonyms back into the values (reverse), and make the keys that hashing and pseudonyms need (keygen)."},
        footer = {"", "Examples:",
            "  probity pii scan --input data/pii/sample.txt --json pii.json",
            "  probity pii redact --input data/pii/sample.txt --operator replace \\",
            "      --out redacted.txt",
            "  export PROBITY_PASSPHRASE=...    # the keyset's passphrase",
            "  probity pii keygen --out pii.keyset",
            "  probity pii redact --input data/pii/sample.txt --operator pseudonymize \\",
            "      --key pii.keyset --out pseudo.txt",
            "  probity pii reverse --input pseudo.txt --key pii.keyset --out back.txt",
            "", "Exit status: 0 success, 2 bad input, 3 internal error."})
final class PiiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Find personal data: e-mail addresses, phone numbers (libphonenumber, many regions), payment cards (Luhn), "
                + "IBANs (mod 97), US SSNs, IP addresses, URLs, dates and dates of birth, passports and national IDs, street "
                + "addresses and person names (a trained tagger). Every entity has a type, where it is (start and end as Java "
                + "string offsets; for tables also the row and column), a score and the recognizer that found it. For tables, "
                + "each column is also classified from a sample of its values: \"this column holds e-mail addresses\".",
                "",
                "Found is not proof, and not found is not absence: see docs/privacy.md for what it misses."},
            footer = {"", "Examples:",
                "  probity pii scan --input data/pii/sample.txt",
                "  probity pii scan --input data/pii/sample.csv --json pii.json",
                "", "Exit status: 0 success, 2 bad input, 3 internal error."})
    static final class Scan implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @CommandLine.Mixin
        PiiInputOptions in = new PiiInputOptions();
        @Option(names = "--json", paramLabel = "FILE", description = "Write the entities as JSON (probity.pii-scan/v1); '-' for standard output.")
        String json;
        @Option(names = "--sample", paramLabel = "N", description = "For tables: values sampled per column to classify it (default 1000).")
        int sample = ColumnClassifier.DEFAULT_SAMPLE;
        @Option(names = "--min-fraction", paramLabel = "F", description = "For tables: the share of sampled values that must match "
                + "for a column to be said to hold a type (default 0.3).")
        double minFraction = ColumnClassifier.DEFAULT_MIN_FRACTION;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PiiScanner scanner = in.scanner();
            String format = in.format();
            try (OutputPlan outputs = OutputPlan.protecting(out, "input", in.input)) {
                outputs.add("json", json);
                Map<PiiType, Map<String, Integer>> counts = new EnumMap<>(PiiType.class);
                String summary;
                if (format.equals("text")) {
                    if (in.columns != null) {
                        throw new InputException("--columns is for tables; " + in.input + " is read as text (--format)");
                    }
                    String text = in.text();
                    List<Entity> found = scanner.scan(text);
                    found.forEach(e -> counts.computeIfAbsent(e.type(), t -> new TreeMap<>()).merge(e.recognizer(), 1, Integer::sum));
                    outputs.writeString("json", PiiJson.text(in.input.toString(), scanner.minScore(), scanner.types(), found));
                    summary = PiiReportText.summary(in.input.toString(), text.length(), found.size(), counts, List.of());
                } else {
                    Frame t = in.table();
                    List<PiiTables.CellEntity> cells = PiiTables.scan(t, scanner, in.columnSet());
                    Frame chosen = in.columns == null ? t : new Frame(t.source(), in.columns.stream().map(t::column).toList());
                    List<ColumnFinding> cols = new ColumnClassifier(scanner, sample, minFraction).classify(chosen);
                    cells.forEach(c -> counts.computeIfAbsent(c.entity().type(), k -> new TreeMap<>()).merge(c.entity().recognizer(), 1, Integer::sum));
                    long chars = 0;
                    for (var c : chosen.columns()) {
                        for (int r = 0; r < c.size(); r++) {
                            chars += c.isMissing(r) ? 0 : c.format(r).length();
                        }
                    }
                    outputs.writeString("json", PiiJson.table(in.input.toString(), format, scanner.minScore(), scanner.types(), cells, cols));
                    summary = PiiReportText.summary(in.input.toString(), chars, cells.size(), counts, cols);
                }
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    out.print(summary);
                    if (outputs.shown("json") != null) {
                        out.println();
                        out.println("Entities: " + outputs.shown("json"));
                    }
                    out.flush();
                }
            }
        }
    }

    /** The pseudonymizer of a key file: a keyset of probity keys (opened with its passphrase) or Tink's JSON keyset. */
    static Pseudonymizer pseudonymizer(Path key, KeyOptions keys) {
        if (Pseudonymizer.isProbityKeyset(key)) {
            return Pseudonymizer.of(dev.probity.privacy.crypto.Keysets.read(key, keys.toRead(key)));
        }
        return Pseudonymizer.read(key);
    }

    @Command(name = "redact", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Replace the personal data that scan finds, in a text or in the columns of a table:",
                "",
                "  mask          letters and digits to *, but the last --keep-last (4)",
                "  replace       the type: <EMAIL>",
                "  hash          <EMAIL#…>, an HMAC-SHA-256 keyed hash: equal values",
                "                stay equal, and there is no way back",
                "  pseudonymize  <EMAIL:…>, AES-SIV encryption (Tink): equal values stay",
                "                equal; the --key holder can reverse it (pii reverse)",
                "  drop          nothing",
                "",
                "hash and pseudonymize need --key (probity pii keygen makes one). Whoever holds the key file can confirm "
                    + "guesses (hash) or read every value (pseudonymize): keep it apart from the redacted data."},
            footer = {"", "Examples:",
                "  probity pii redact --input data/pii/sample.txt --operator mask \\",
                "      --out masked.txt",
                "  probity pii redact --input data/pii/sample.csv --operator hash \\",
                "      --key hash.key --columns email,phone --out hashed.csv",
                "", "Exit status: 0 success, 2 bad input, 3 internal error."})
    static final class Redact implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @CommandLine.Mixin
        PiiInputOptions in = new PiiInputOptions();
        @Option(names = "--operator", required = true, paramLabel = "NAME", description = "mask, replace, hash, pseudonymize or drop.")
        String operator;
        @Option(names = "--key", paramLabel = "FILE", description = "For hash: a key file (hexadecimal); for pseudonymize: a keyset of "
                + "probity pii keygen or probity keys create --purpose deterministic-aead (its passphrase as --passphrase-env or "
                + "--passphrase-file say), or a Tink JSON keyset of earlier versions.")
        Path key;
        @CommandLine.Mixin
        KeyOptions keys = new KeyOptions();
        @Option(names = "--keep-last", paramLabel = "N", description = "For mask: letters and digits left visible at the end (default 4).")
        int keepLast = 4;
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The redacted text or table ('-' for standard output).")
        String out;

        @Override
        public void run() {
            PrintWriter stdout = spec.commandLine().getOut();
            Operator op = operator(operator, key, keepLast, keys);
            PiiScanner scanner = in.scanner();
            String format = in.format();
            try (OutputPlan outputs = OutputPlan.protecting(stdout, "input", in.input, "key", key)) {
                outputs.add("out", out);
                int n;
                if (format.equals("text")) {
                    if (in.columns != null) {
                        throw new InputException("--columns is for tables; " + in.input + " is read as text (--format)");
                    }
                    String text = in.text();
                    List<Entity> found = scanner.scan(text);
                    n = found.size();
                    outputs.writeString("out", Redactor.redact(text, found, op));
                } else {
                    Frame t = in.table();
                    n = PiiTables.scan(t, scanner, in.columnSet()).size();
                    outputs.writeFrame("out", PiiTables.redact(t, scanner, op, in.columnSet()));
                }
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    stdout.printf(Locale.ROOT, "%,d %s redacted (%s) into %s%n", n, n == 1 ? "entity" : "entities",
                            operator.toLowerCase(Locale.ROOT), outputs.shown("out"));
                    stdout.flush();
                }
            }
        }

        static Operator operator(String name, Path key, int keepLast, KeyOptions keys) {
            String op = name.toLowerCase(Locale.ROOT);
            if ((op.equals("hash") || op.equals("pseudonymize")) && key == null) {
                throw new InputException("--operator " + op + " needs --key (make one with: probity pii keygen --operator " + op + " --out FILE)");
            }
            if (key != null && !(op.equals("hash") || op.equals("pseudonymize"))) {
                throw new InputException("--key is for --operator hash or pseudonymize, not " + op);
            }
            return switch (op) {
                case "mask" -> new Operator.Mask(keepLast);
                case "replace" -> new Operator.Replace();
                case "hash" -> new Operator.Hash(KeyedHash.read(key));
                case "pseudonymize", "pseudonymise" -> new Operator.Pseudonymize(pseudonymizer(key, keys));
                case "drop" -> new Operator.Drop();
                default -> throw new InputException("--operator " + name + ": use mask, replace, hash, pseudonymize or drop");
            };
        }
    }

    @Command(name = "reverse", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Turn the pseudonyms of 'probity pii redact --operator pseudonymize' back into the values, with the keyset "
                + "that made them. A token that was changed, or made with another keyset, is refused with its line and column, "
                + "and nothing is written."},
            footer = {"", "Examples:",
                "  probity pii reverse --input pseudo.txt --key pii.keyset --out back.txt",
                "", "Exit status: 0 success, 2 bad input (a refused token among them), 3 internal error."})
    static final class Reverse implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The pseudonymized text (a CSV or JSON-lines file is read as text).")
        Path input;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The keyset that made the pseudonyms (of probity pii "
                + "keygen or probity keys, or a Tink JSON keyset of earlier versions).")
        Path key;
        @CommandLine.Mixin
        KeyOptions keys = new KeyOptions();
        @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text encoding of --input (default UTF-8).")
        String encoding;
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The text with the values back ('-' for standard output).")
        String out;

        @Override
        public void run() {
            PrintWriter stdout = spec.commandLine().getOut();
            PiiInputOptions io = new PiiInputOptions();
            io.input = input;
            io.encoding = encoding;
            Pseudonymizer p = pseudonymizer(key, keys);
            try (OutputPlan outputs = OutputPlan.protecting(stdout, "input", input, "key", key)) {
                outputs.add("out", out);
                String text = io.text();
                outputs.writeString("out", p.reverse(text, input.toString()));
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    stdout.println("Reversed into " + outputs.shown("out"));
                    stdout.flush();
                }
            }
        }
    }

}
