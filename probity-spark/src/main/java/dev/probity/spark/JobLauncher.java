package dev.probity.spark;

import dev.probity.core.InputException;
import org.apache.spark.sql.SparkSession;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/** What every spark-submit job does around its work: usage, one session, exit statuses, messages in the job's words. */
final class JobLauncher {
    private JobLauncher() {
    }

    /** Runs a job's main: 0 on success, 2 and the library's message (settings named as options) on bad input. */
    static void main(IntSupplier run) {
        int status;
        try {
            status = run.getAsInt();
        } catch (InputException e) {
            System.err.println("probity: " + e.message(k -> "--" + k));
            status = 2;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Prints the usage when asked, else runs {@code work} in a session named {@code appName}, stopped afterwards. */
    static int withSession(boolean help, String usage, String appName, Consumer<SparkSession> work) {
        if (help) {
            System.out.println(usage);
            return 0;
        }
        SparkSession spark = SparkSession.builder().appName(appName).getOrCreate();
        try {
            work.accept(spark);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /**
     * Refuses an output that is one of the job's inputs (the same local file, or the same URI): writing it would destroy
     * the input. Checked before any work, so nothing is written.
     */
    static void outputIsNoInput(String output, String... inputs) {
        if (output == null || output.equals("-")) {
            return;
        }
        for (String in : inputs) {
            if (in != null && same(in, output)) {
                throw new InputException("--output " + output + " is the same file as the input " + in
                        + "; writing it would destroy the input. Give another output; nothing was written");
            }
        }
    }

    private static boolean same(String a, String b) {
        java.nio.file.Path pa = local(a);
        java.nio.file.Path pb = local(b);
        if (pa == null || pb == null) {
            return a.equals(b);
        }
        try {
            if (java.nio.file.Files.exists(pa) && java.nio.file.Files.exists(pb)) {
                return java.nio.file.Files.isSameFile(pa, pb);
            }
        } catch (java.io.IOException e) {
            return pa.equals(pb);
        }
        return pa.toAbsolutePath().normalize().equals(pb.toAbsolutePath().normalize());
    }

    private static java.nio.file.Path local(String s) {
        try {
            java.net.URI uri = java.net.URI.create(s);
            if (uri.getScheme() == null) {
                return java.nio.file.Path.of(s);
            }
            return uri.getScheme().equals("file") ? java.nio.file.Path.of(uri) : null;
        } catch (IllegalArgumentException e) {
            return java.nio.file.Path.of(s);
        }
    }
}
