package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** How to find and read the data: a file, or a bundled dataset by name. */
final class DataOptions {
    @Option(names = {"-d", "--data"}, required = true, paramLabel = "FILE|DATASET",
            description = "@ROLE@: a CSV, TSV, JSON-lines or Parquet file (optionally .gz), or a bundled dataset "
                    + "(compas, adult, adult-test, german, hiring-ranking; see 'probity datasets').")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, tsv, jsonl or parquet (default: from the file name).")
    String format;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default: comma; tab for .tsv). Use '\\t' for tab.")
    String delimiter;

    @Option(names = "--quote", paramLabel = "CHAR", description = "Quote character (default: \"); a quote inside a quoted field is doubled.")
    String quote;

    @Option(names = "--no-header", description = "The first line is data, not column names (name columns with --names).")
    boolean noHeader;

    @Option(names = "--names", split = ",", paramLabel = "NAME", description = "Column names, comma-separated (with --no-header, or to rename).")
    List<String> names;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text encoding (default UTF-8), e.g. ISO-8859-1, windows-1252, UTF-16.")
    String encoding;

    @Option(names = "--na", paramLabel = "TEXT", description = "A value that means missing (repeatable; the empty field always does), e.g. --na NA --na '?'.")
    List<String> na = new ArrayList<>();

    @Option(names = "--trim", description = "Strip spaces around unquoted fields (UCI Adult writes ', ' between fields).")
    boolean trim;

    @Option(names = "--skip-lines", paramLabel = "N", description = "Lines to skip before the header.")
    int skipLines;

    @Option(names = "--type", paramLabel = "COL=TYPE", description = "Force a column's type: long, double, boolean or string (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = {"-w", "--where"}, paramLabel = "EXPR",
            description = "Use only rows where this SQL condition holds (e.g. \"age >= 18 AND status <> 'withdrawn'\"); with several input files, in each.")
    String where;

    @Option(names = "--derive", paramLabel = "NAME=EXPR",
            description = "Add a column computed by SQL before anything else (repeatable), e.g. --derive \"age_band=CASE WHEN age < 25 THEN 'under 25' ELSE '25+' END\".")
    List<String> derive = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    /** --skip-lines, checked by the library now (also for a bundled dataset, which reads no options). */
    int skipLines() {
        ReadOptions.defaults().skipLines(skipLines);
        return skipLines;
    }

    /** The threads asked for, or 0 for all processors; refuses 0 and negative counts given on purpose. */
    int threads() {
        return checkThreads(threads);
    }

    /** --threads as given (null: 0, all processors), refusing 0 and negative counts given on purpose. */
    static int checkThreads(Integer threads) {
        if (threads == null) {
            return 0;
        }
        if (threads < 1) {
            throw new InputException("--threads must be at least 1, got " + threads + " (leave it out to use all "
                    + Runtime.getRuntime().availableProcessors() + " processors)");
        }
        return threads;
    }

    /** --derive and --where, checked. */
    dev.probity.core.frame.RowSelection rowSelection() {
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
        for (String x : derive) {
            int eq = x.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--derive needs NAME=EXPRESSION, got '" + x + "'");
            }
            d.put(x.substring(0, eq).trim(), x.substring(eq + 1).trim());
        }
        return new dev.probity.core.frame.RowSelection(d, where);
    }

    /** Reads --data and applies --derive and --where (for the commands other than audit, whose engines apply them). */
    Frame readSelected(Consumer<String> warnings) {
        return rowSelection().apply(read(null, warnings, true));
    }

    /** The bundled dataset named by --data, or null when --data is a file. */
    Dataset dataset() {
        if (Files.exists(Path.of(data))) {
            return null;
        }
        if (Datasets.exists(data)) {
            return Datasets.get(data);
        }
        throw new InputException("file not found: " + data + " (and '" + data + "' is not a bundled dataset; bundled: "
                + String.join(", ", Datasets.all().stream().map(Dataset::name).toList()) + ")");
    }

    Path path() {
        return Path.of(data);
    }

    ReadOptions readOptions(Consumer<String> warnings) {
        ReadOptions o = ReadOptions.defaults().warnings(warnings).threads(threads()).trim(trim).skipLines(skipLines())
                .header(!noHeader);
        if (format != null) {
            o.format(Format.parse(format));
        }
        if (delimiter != null) {
            o.delimiter(character(delimiter, "--delimiter"));
        }
        if (quote != null) {
            o.quote(character(quote, "--quote"));
        }
        if (names != null) {
            o.columnNames(names);
        }
        if (encoding != null) {
            try {
                o.encoding(Charset.forName(encoding));
            } catch (RuntimeException e) {
                throw new InputException("unknown encoding '" + encoding + "' (try UTF-8, ISO-8859-1, windows-1252, UTF-16)");
            }
        }
        if (!na.isEmpty()) {
            Set<String> s = new LinkedHashSet<>(List.of(""));
            s.addAll(na);
            o.naValues(s);
        }
        for (String t : types) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--type needs COLUMN=TYPE, got '" + t + "'");
            }
            try {
                o.type(t.substring(0, eq).trim(), ColumnType.parse(t.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new InputException("--type " + t + ": " + e.getMessage());
            }
        }
        return o;
    }

    /** Reading options for a side file (a population, a history): only --encoding carries over; the rest describe --data. */
    ReadOptions sideFileOptions() {
        ReadOptions o = ReadOptions.defaults();
        if (encoding != null) {
            try {
                o.encoding(Charset.forName(encoding));
            } catch (RuntimeException e) {
                throw new InputException("unknown encoding '" + encoding + "' (try UTF-8, ISO-8859-1, windows-1252, UTF-16)");
            }
        }
        return o;
    }

    static char character(String s, String option) {
        String v = s.equals("\\t") || s.equalsIgnoreCase("tab") ? "\t" : s;
        if (v.length() != 1) {
            throw new InputException(option + " must be one character, got '" + s + "'");
        }
        return v.charAt(0);
    }

    /** Reads the data (file or dataset) into a frame; only {@code columns} when given. */
    Frame read(Set<String> columns, Consumer<String> warnings, boolean progress) {
        skipLines();
        threads();
        Dataset ds = dataset();
        if (ds != null) {
            return withNa(ds.load().requireRows());
        }
        ReadOptions o = readOptions(warnings);
        Format f = o.format() != null ? o.format() : Format.fromFileName(path());
        if (columns != null && f != Format.PARQUET) {
            o.columns(columns);
        }
        try (Progress p = Progress.start("Reading " + path().getFileName(), fileSize(), progress && !noProgress)) {
            o.progress(p::update);
            return DataReader.read(path(), o).requireRows();
        }
    }

    /**
     * Runs {@code work} over the data file read in chunks, with the reading options, only {@code columns} when given,
     * and a progress bar over the file's bytes.
     */
    <T> T streamed(Set<String> columns, Consumer<String> warnings,
                   java.util.function.BiFunction<ReadOptions, Consumer<String>, T> work) {
        skipLines();
        threads();
        ReadOptions o = readOptions(warnings);
        if (columns != null) {
            o.columns(columns);
        }
        try (Progress p = Progress.start("Reading " + path().getFileName(), fileSize(), !noProgress)) {
            o.progress(p::update);
            return work.apply(o, warnings);
        }
    }

    /**
     * A bundled dataset with the --na values as missing (its own files are read by the dataset's preparation, not with
     * the reading options; Adult, for one, writes '?' for unknown workclass and occupation).
     */
    Frame withNa(Frame f) {
        if (na.isEmpty()) {
            return f;
        }
        java.util.Set<String> missing = new java.util.HashSet<>(na);
        List<dev.probity.core.frame.Column> cols = new java.util.ArrayList<>();
        for (dev.probity.core.frame.Column c : f.columns()) {
            if (c instanceof dev.probity.core.frame.StringColumn sc && java.util.Arrays.stream(sc.dictionary()).anyMatch(missing::contains)) {
                int[] codes = sc.codes().clone();
                String[] dict = sc.dictionary();
                for (int i = 0; i < codes.length; i++) {
                    if (codes[i] >= 0 && missing.contains(dict[codes[i]])) {
                        codes[i] = dev.probity.core.frame.StringColumn.MISSING;
                    }
                }
                cols.add(new dev.probity.core.frame.StringColumn(sc.name(), codes, dict));
            } else {
                cols.add(c);
            }
        }
        return new Frame(f.source(), cols, f.origin());
    }

    /** Reads another input (a --validation or --test set) with the same reading options. */
    Frame readOther(String spec, Consumer<String> warnings) {
        if (Datasets.exists(spec) && !Files.exists(Path.of(spec))) {
            return rowSelection().apply(withNa(Datasets.load(spec).requireRows()));
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw new InputException(spec + ": no such file, and not a bundled dataset (see 'probity datasets')");
        }
        return rowSelection().apply(DataReader.read(p, readOptions(warnings)).requireRows());
    }

    long fileSize() {
        try {
            return Files.size(path());
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
