package dev.probity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Profile;
import dev.probity.report.json.WindowsJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A watched model's windows as a Spark application, for {@code spark-submit}: reads a table of the model's logged
 * predictions (Parquet, CSV, JSON lines, or a table of the session's catalog) and the model's definition (what the
 * service answers for {@code GET /api/v1/models/{name}}, saved to a file), computes every window's statistics with
 * {@link ProbitySpark#windows} and writes them as a {@value WindowsJson#FORMAT} file for the service's
 * {@code POST /api/v1/models/{name}/windows}.
 *
 * <pre>
 *   --input PATH | --table NAME   [--format parquet|csv|json]
 *   --model FILE               (a local file on the driver: the service's answer for the model, or its definition)
 *   --output PATH | URI | -    (written whole or not at all: to a temporary name, then renamed)
 * </pre>
 *
 * The table has the columns {@code timestamp}, the model's inputs, {@code prediction} and, when logged, {@code score}
 * and {@code label}. The drift columns are counted on the model's profile; a model without one yet (no reference, no
 * batch) takes the bins and levels of the table's first {@value #FIRST_BATCH} rows, as the service takes its first
 * batch's, and the import gives the model that profile. Exit status 0 when the file was written, 2 for bad input or
 * options (the message says which), 1 otherwise.
 */
public final class WindowsJob {
    /** The rows a model without a profile takes its bins and levels from: at most one of the service's batches. */
    public static final int FIRST_BATCH = 100_000;

    private WindowsJob() {
    }

    /**
     * Runs the job.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        JobLauncher.main(() -> run(args));
    }

    static int run(String[] args) {
        Options o = Options.parse(args);
        return JobLauncher.withSession(o.help, USAGE, "probity windows", spark -> run(spark, o));
    }

    /** Computes and writes the windows with the given session (which stays open); returns them. */
    static SortedMap<Instant, LoggedWindow> run(SparkSession spark, Options o) {
        JobLauncher.outputIsNoInput(o.output, o.input, o.model);
        JsonNode model = model(o.model);
        WatchDefinition def = WindowsJson.definition(model);
        String name = model.path("name").asText(model.path("definition").path("name").asText(""));
        AuditJob.Options in = new AuditJob.Options();
        in.input = o.input;
        in.table = o.table;
        in.format = o.format;
        Dataset<Row> data = AuditJob.read(spark, in);
        String source = o.table != null ? o.table : o.input;
        JsonNode p = model.get("profile");
        Profile profile;
        if (p != null && !p.isNull()) {
            profile = WindowsJson.profile(p);
        } else {
            Dataset<Row> first = ProbitySpark.loggedColumns(data, def).limit(FIRST_BATCH);
            List<Row> rows = first.collectAsList();
            if (rows.isEmpty()) {
                throw new InputException(source + " has no rows");
            }
            Frame f = ProbitySpark.frame(rows.iterator(), first.schema(), source + ", first rows");
            profile = LoggedWindow.profile(f, def);
            System.err.println("probity: the model has no profile yet; its drift columns are counted on the bins and levels of the first "
                    + f.rowCount() + " rows, which the import makes the model's");
        }
        SortedMap<Instant, LoggedWindow> windows = ProbitySpark.windows(data, def, profile, source);
        AuditJob.write(spark, WindowsJson.toString(name, def, profile, windows.values()), o.output);
        long n = windows.values().stream().mapToLong(LoggedWindow::predictions).sum();
        System.err.println("probity: " + windows.size() + " windows of " + n + " predictions written to " + o.output);
        return windows;
    }

    static JsonNode model(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new InputException("--model " + file + " could not be read: " + e.getMessage());
        }
        try {
            JsonNode n = new ObjectMapper().readTree(text);
            if (n == null || !n.isObject()) {
                throw new InputException("--model " + file + " holds no JSON object; save what GET /api/v1/models/{name} answers");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException("--model " + file + " is not JSON: " + e.getOriginalMessage());
        }
    }

    static final String USAGE = """
            usage: spark-submit --class dev.probity.spark.WindowsJob probity-spark.jar
                     (--input PATH | --table NAME) [--format parquet|csv|json]
                     --model FILE   (what GET /api/v1/models/{name} answers, saved to a file)
                     --output (PATH | URI | -)""";

    /** The job's options. */
    static final class Options {
        String input;
        String table;
        String format;
        String model;
        String output;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                if (a.equals("--help") || a.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (a.startsWith("--") && a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                } else {
                    if (i + 1 >= args.length) {
                        throw new InputException("the option " + a + " needs a value\n" + USAGE);
                    }
                    value = args[++i];
                }
                switch (a) {
                    case "--input" -> o.input = value;
                    case "--table" -> o.table = value;
                    case "--format" -> o.format = value;
                    case "--model" -> o.model = value;
                    case "--output" -> o.output = value;
                    default -> throw new InputException("unknown option " + a + "\n" + USAGE);
                }
            }
            if (o.help) {
                return o;
            }
            if ((o.input == null) == (o.table == null)) {
                throw new InputException("say what to read: --input PATH or --table NAME (one of them)\n" + USAGE);
            }
            if (o.model == null) {
                throw new InputException("say which model: --model FILE, what GET /api/v1/models/{name} answers\n" + USAGE);
            }
            if (o.output == null) {
                throw new InputException("say where the windows go: --output PATH, a file system URI, or - for standard output");
            }
            return o;
        }
    }
}
