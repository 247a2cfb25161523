package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.privacy.crypto.KeyProtection;
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
import dev.probity.privacy.pii.TextInput;
import dev.probity.report.json.PiiJson;
import dev.probity.report.text.PiiReportText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code probity pii}: personal data in text and tables — find it, redact it, reverse pseudonyms. */
@Command(name = "pii", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {PiiCommand.Scan.class, PiiCommand.Redact.class, PiiCommand.Reverse.class, PiiCommand.Keygen.class},
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

    /** What scan and redact share: the input, its format and encoding, and which entities count. */
    static final class InputOptions {
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The text or table to read.")
        Path input;
        @Option(names = "--format", paramLabel = "text|csv|jsonl|parquet", description = "How to read --input: text, csv (or tsv), "
                + "jsonl or parquet; by default from its extension (.csv, .tsv, .jsonl, .ndjson, .parquet; anything else is text).")
        String format;
        @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text encoding of --input (default UTF-8), e.g. ISO-8859-1.")
        String encoding;
        @Option(names = "--min-score", paramLabel = "S", description = "Report only entities scoring at least S, 0 to 1 (default 0.5).")
        Double minScore;
        @Option(names = "--types", split = ",", paramLabel = "T1,T2", description = "Only these types, e.g. EMAIL,PHONE (default: all: "
                + "PERSON, EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN, IP_ADDRESS, URL, DATE, DATE_OF_BIRTH, PASSPORT, NATIONAL_ID, STREET_ADDRESS).")
        List<String> types;
        @Option(names = "--columns", split = ",", paramLabel = "C1,C2", description = "For tables: only these columns (default: all).")
        List<String> columns;

        String format() {
            String f = format != null ? format.toLowerCase(Locale.ROOT) : fromName(input);
            return switch (f) {
                case "text", "txt" -> "text";
                case "csv", "tsv" -> "csv";
                case "jsonl", "ndjson", "json-lines" -> "jsonl";
                case "parquet" -> "parquet";
                default -> throw new InputException("--format " + format + ": use text, csv, jsonl or parquet");
            };
        }

        private static String fromName(Path p) {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".csv.gz")) {
                return "csv";
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
                return "jsonl";
            }
            if (n.endsWith(".parquet")) {
                return "parquet";
            }
            return "text";
        }

        Charset charset() {
            if (encoding == null) {
                return java.nio.charset.StandardCharsets.UTF_8;
            }
            try {
                return Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new InputException("--encoding " + encoding + ": not an encoding this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252)");
            }
        }

        PiiScanner scanner() {
            PiiScanner s = PiiScanner.defaults();
            if (minScore != null) {
                if (!(minScore >= 0 && minScore <= 1)) {
                    throw new InputException("--min-score " + minScore + ": a score is between 0 and 1");
                }
                s = s.withMinScore(minScore);
            }
            if (types != null) {
                Set<PiiType> only = EnumSet.noneOf(PiiType.class);
                for (String t : types) {
                    PiiType p = PiiType.ofLabel(t);
                    if (p == null) {
                        throw new InputException("--types " + t + ": not a type; use " + String.join(", ",
                                java.util.Arrays.stream(PiiType.values()).map(PiiType::label).toList()));
                    }
                    only.add(p);
                }
                s = s.withTypes(only);
            }
            return s;
        }

        Set<String> columnSet() {
            return columns == null ? null : new LinkedHashSet<>(columns);
        }

        String text() {
            if (!Files.isRegularFile(input)) {
                throw new InputException("--input " + input + " does not exist or is not a file");
            }
            return TextInput.read(input, charset());
        }

        Frame table() {
            if (!Files.isRegularFile(input)) {
                throw new InputException("--input " + input + " does not exist or is not a file");
            }
            ReadOptions o = ReadOptions.defaults().encoding(charset());
            switch (format()) {
                case "jsonl" -> o.format(Format.JSONL);
                case "parquet" -> o.format(Format.PARQUET);
                default -> o.format(input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? Format.TSV : Format.CSV);
            }
            return PiiTables.readAsText(input, o);
        }
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
        InputOptions in = new InputOptions();
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
        InputOptions in = new InputOptions();
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
            InputOptions io = new InputOptions();
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

    @Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Make a new key. For pseudonymize: a keyset of one AES-256-SIV key (Tink), in the format of 'probity keys "
                + "create --purpose deterministic-aead', kept under a passphrase (PBKDF2-HMAC-SHA-256, then AES-256-GCM) from "
                + "PROBITY_PASSPHRASE, --passphrase-env or --passphrase-file; 'probity keys rotate' rotates it, and tokens made "
                + "before still reverse. --cleartext-key stores it in clear instead. For hash: 256 random bits as hexadecimal "
                + "text, in clear. Whoever can read a key in clear can reverse every pseudonym (or confirm guesses of hashed "
                + "values): keep key files apart from the redacted data. An existing file is never replaced."},
            footer = {"", "Examples:",
                "  PROBITY_PASSPHRASE=... probity pii keygen --out pii.keyset",
                "  probity pii keygen --passphrase-file pass.txt --out pii.keyset",
                "  probity pii keygen --cleartext-key --out test.keyset",
                "  probity pii keygen --operator hash --out hash.key",
                "", "Exit status: 0 success, 2 bad input, 3 internal error."})
    static final class Keygen implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--operator", paramLabel = "NAME", description = "pseudonymize (default) or hash.")
        String operator = "pseudonymize";
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The new key file (never replaces one).")
        Path out;
        @Option(names = "--cleartext-key", description = "For pseudonymize: store the keyset in clear, without a passphrase. For tests, "
                + "or where the file system alone protects it.")
        boolean cleartext;
        @CommandLine.Mixin
        KeyOptions keys = new KeyOptions();

        @Override
        public void run() {
            PrintWriter stdout = spec.commandLine().getOut();
            switch (operator.toLowerCase(Locale.ROOT)) {
                case "pseudonymize", "pseudonymise" -> {
                    KeyProtection protection;
                    if (cleartext) {
                        protection = new KeyProtection.Cleartext();
                    } else {
                        try {
                            protection = keys.passphrase();
                        } catch (InputException e) {
                            throw new InputException(e.getMessage() + " (or store the key in clear with --cleartext-key)");
                        }
                    }
                    Keysets.Keyset k = Keysets.create(Keysets.Purpose.DETERMINISTIC_AEAD);
                    Keysets.write(k, out, protection, false);
                    if (!quiet.quiet) {
                        stdout.println("Keyset written to " + out.toAbsolutePath().normalize() + (cleartext
                                ? " (readable only by you; the key is in clear: protect the file)"
                                : " (readable only by you; under the passphrase, which every command that opens it needs)"));
                    }
                }
                case "hash" -> {
                    if (cleartext || keys.passphraseEnv != null || keys.passphraseFile != null) {
                        throw new InputException("a hash key is hexadecimal text in clear: --cleartext-key, --passphrase-env and "
                                + "--passphrase-file are for --operator pseudonymize");
                    }
                    dev.probity.privacy.crypto.SecretFiles.createNew(out, KeyedHash.newKeyText());
                    if (!quiet.quiet) {
                        stdout.println("Key written to " + out.toAbsolutePath().normalize()
                                + " (readable only by you; it is the key in clear: protect it)");
                    }
                }
                default -> throw new InputException("--operator " + operator + ": keys are for pseudonymize or hash");
            }
            stdout.flush();
        }
    }

}
