package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.privacy.pii.PiiScanner;
import dev.probity.privacy.pii.PiiTables;
import dev.probity.privacy.pii.PiiType;
import dev.probity.privacy.pii.TextInput;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What scan and redact share: the input, its format and encoding, and which entities count. */
final class PiiInputOptions {
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
