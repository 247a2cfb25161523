package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.model.TaskKind;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.RunRecord;
import dev.probity.report.json.AuditJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audit as a Spark application, for {@code spark-submit}: reads a table (Parquet, CSV, JSON lines, or a table of
 * the session's catalog), audits it with {@link ProbitySpark#audit} and writes the result as {@code probity.audit/v1}
 * JSON ({@link AuditJson}). Options are the command line's audit options, by the same names:
 *
 * <pre>
 *   --input PATH | --table NAME   [--format parquet|csv|json]
 *   --label EXPR  --prediction EXPR | --score EXPR [--threshold X]  [--positive V] [--prediction-positive V]
 *   --protected A,B  [--intersections]  [--reference ATTR=GROUP]...  [--where EXPR]  [--derive NAME=EXPR]...
 *   [--weight COL] [--task binary|multiclass|regression] [--drop-missing] [--bootstrap N] [--seed S]
 *   [--confidence C] [--min-group-size N]
 *   --output PATH | -        (a local path on the driver, a Hadoop file system URI such as hdfs:// or s3a://, or - for
 *                             standard output)
 *   [--ledger DIR [--actor NAME]]  (record the run in an evidence log made with 'probity ledger init')
 * </pre>
 *
 * Exit status 0 when the audit was written, 2 for bad input or options (the message says which), 1 otherwise.
 */
public final class AuditJob {
    private AuditJob() {
    }

    public static void main(String[] args) {
        JobLauncher.main(() -> run(args));
    }

    static int run(String[] args) {
        Options o = Options.parse(args);
        return JobLauncher.withSession(o.help, USAGE, "probity audit", spark -> run(spark, o));
    }

    /** Audits and writes with the given session (which stays open); records the run in the evidence log when asked. */
    static AuditResult run(SparkSession spark, Options o) {
        JobLauncher.outputIsNoInput(o.output, o.input);
        if (o.ledger != null && !java.nio.file.Files.exists(Path.of(o.ledger).resolve("key.pub"))) {
            throw new InputException("--ledger " + o.ledger + " is not an evidence log; make one with 'probity ledger init --log "
                    + o.ledger + "'");
        }
        String source = o.table != null ? o.table : o.input;
        AuditResult r = ProbitySpark.audit(read(spark, o), o.spec(), source, w -> System.err.println("probity: " + w));
        String json = AuditJson.toString(r);
        write(spark, json, o.output);
        if (o.ledger != null) {
            long index = record(o, json);
            System.err.println("probity: recorded as entry " + index + " of the evidence log " + o.ledger);
        }
        return r;
    }

    /**
     * One {@code run} event in the evidence log (the library's {@link RunRecord}): the job's arguments, the input (its
     * SHA-256 when it is one local file, else its name), the output file's SHA-256 when local, the audit's JSON, exit 0.
     */
    static long record(Options o, String json) {
        List<String> argv = new ArrayList<>(List.of("spark-audit"));
        argv.addAll(o.args);
        RunRecord run = RunRecord.of(argv).tool("probity", AuditJson.VERSION);
        String in = o.table != null ? o.table : o.input;
        if (o.table == null && java.nio.file.Files.isRegularFile(Path.of(in))) {
            run.input("input", Path.of(in));
        } else {
            run.inputValue(o.table != null ? "table" : "input", in);
        }
        if (!o.output.equals("-") && java.nio.file.Files.isRegularFile(Path.of(o.output))) {
            run.output("output", Path.of(o.output));
        }
        run.exit(0).result(json);
        return Evidence.record(Path.of(o.ledger), run.event(o.actor != null ? o.actor : Evidence.defaultActor(),
                java.time.Instant.now()));
    }

    static Dataset<Row> read(SparkSession spark, Options o) {
        if (o.table != null) {
            return spark.table(o.table);
        }
        String format = o.format != null ? o.format.toLowerCase(Locale.ROOT) : formatOf(o.input);
        return switch (format) {
            case "parquet" -> spark.read().parquet(o.input);
            case "csv" -> withProbityNames(spark, spark.read().option("header", "true").option("inferSchema", "true").csv(o.input),
                    o.input);
            case "json", "jsonl" -> spark.read().json(o.input);
            default -> throw new InputException("the input format '" + o.format + "' is not one of parquet, csv, json ({{format}})");
        };
    }

    /**
     * The columns named as Probity's CSV reader names them: a repeated header becomes {@code name_1}, {@code name_2} (as
     * DuckDB names it), where Spark appends the column's position to every copy. The names come from the library's reader
     * of the file's first two lines.
     */
    static Dataset<Row> withProbityNames(SparkSession spark, Dataset<Row> d, String path) {
        List<String> head = spark.read().textFile(path).limit(2).collectAsList();
        try {
            Path tmp = java.nio.file.Files.createTempFile("probity-header", ".csv");
            try {
                java.nio.file.Files.write(tmp, head, StandardCharsets.UTF_8);
                List<String> names = dev.probity.core.io.DataReader.read(tmp, dev.probity.core.io.ReadOptions.defaults()
                        .warnings(w -> { })).columnNames();
                return names.size() == d.columns().length ? d.toDF(names.toArray(String[]::new)) : d;
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String formatOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".csv") || p.endsWith(".csv.gz")) {
            return "csv";
        }
        if (p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".ndjson")) {
            return "json";
        }
        return "parquet";
    }

    /** Standard output, a Hadoop file system (written to a temporary name, then renamed), or a local file, atomically. */
    static void write(SparkSession spark, String json, String output) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (output.equals("-")) {
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
            return;
        }
        java.net.URI uri = java.net.URI.create(output);
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            AtomicFiles.writeString(uri.getScheme() == null ? Path.of(output) : Path.of(uri), json);
            return;
        }
        try {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(output);
            org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp");
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + output + ": " + e.getMessage(), e);
        }
    }

    static final String USAGE = """
            usage: spark-submit --class dev.probity.spark.AuditJob probity-spark.jar
                     (--input PATH | --table NAME) [--format parquet|csv|json]
                     --label EXPR (--prediction EXPR | --score EXPR [--threshold X]) --protected A[,B...]
                     [--positive V] [--prediction-positive V] [--intersections] [--reference ATTR=GROUP]...
                     [--where EXPR] [--derive NAME=EXPR]... [--weight COL] [--task binary|multiclass|regression]
                     [--drop-missing] [--bootstrap N] [--seed S] [--confidence C] [--min-group-size N]
                     --output (PATH | URI | -) [--ledger DIR [--actor NAME]]""";

    /** The job's options, parsed without a library (picocli stays in the command line). */
    static final class Options {
        String input;
        String table;
        String format;
        String output;
        String ledger;
        String actor;
        List<String> args = List.of();
        boolean help;
        final AuditSpec.Builder spec = AuditSpec.builder();

        static Options parse(String[] args) {
            Options o = new Options();
            o.args = List.of(args);
            List<String> flags = List.of("--intersections", "--drop-missing", "--help", "-h");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                if (a.startsWith("--") && a.contains("=") && !flags.contains(a.substring(0, a.indexOf('=')))) {
                    value = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                } else if (!flags.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new InputException("the option " + a + " needs a value\n" + USAGE);
                    }
                    value = args[++i];
                }
                o.set(a, value);
            }
            if (o.help) {
                return o;
            }
            if ((o.input == null) == (o.table == null)) {
                throw new InputException("say what to audit: --input PATH or --table NAME (one of them)\n" + USAGE);
            }
            if (o.output == null) {
                throw new InputException("say where the audit goes: --output PATH, a file system URI, or - for standard output");
            }
            return o;
        }

        private void set(String option, String v) {
            switch (option) {
                case "--input" -> input = v;
                case "--table" -> table = v;
                case "--format" -> format = v;
                case "--output" -> output = v;
                case "--ledger" -> ledger = v;
                case "--actor" -> actor = v;
                case "--help", "-h" -> help = true;
                case "--label" -> spec.label(v);
                case "--prediction" -> spec.prediction(v);
                case "--score" -> spec.score(v);
                case "--threshold" -> spec.threshold(number(option, v));
                case "--positive" -> spec.positive(v);
                case "--prediction-positive" -> spec.predictionPositive(v);
                case "--protected" -> spec.protectedAttributes(split(v));
                case "--intersections" -> spec.intersections(true);
                case "--where" -> spec.where(v);
                case "--derive" -> {
                    String[] kv = pair(option, v);
                    spec.derive(kv[0], kv[1]);
                }
                case "--reference" -> {
                    String[] kv = pair(option, v);
                    spec.reference(kv[0], kv[1]);
                }
                case "--weight" -> spec.weight(v);
                case "--task" -> spec.task(task(v));
                case "--drop-missing" -> spec.dropMissing(true);
                case "--bootstrap" -> spec.bootstrap((int) whole(option, v));
                case "--seed" -> spec.seed(whole(option, v));
                case "--confidence" -> spec.confidence(number(option, v));
                case "--min-group-size" -> spec.minGroupSize((int) whole(option, v));
                default -> throw new InputException("unknown option " + option + "\n" + USAGE);
            }
        }

        AuditSpec spec() {
            return spec.build();
        }

        private static List<String> split(String v) {
            List<String> out = new ArrayList<>();
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return out;
        }

        private static String[] pair(String option, String v) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new InputException(option + " takes NAME=VALUE, not '" + v + "'");
            }
            return new String[] {v.substring(0, eq).strip(), v.substring(eq + 1)};
        }

        private static double number(String option, String v) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new InputException(option + " takes a number, not '" + v + "'");
            }
        }

        private static long whole(String option, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new InputException(option + " takes a whole number, not '" + v + "'");
            }
        }

        private static TaskKind task(String v) {
            try {
                return TaskKind.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("--task takes binary, multiclass or regression, not '" + v + "'");
            }
        }
    }
}
