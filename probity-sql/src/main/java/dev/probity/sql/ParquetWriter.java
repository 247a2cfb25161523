package dev.probity.sql;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.Format;
import dev.probity.core.io.FrameWriter;
import dev.probity.core.io.PathWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a frame as Apache Parquet through DuckDB: the rows go to a temporary CSV beside the target, DuckDB reads it
 * with each column's type given (so text that looks like numbers stays text) and copies it to a temporary Parquet
 * file, which is then moved into place. Found by {@link FrameWriter} as a {@link PathWriter} service.
 */
public final class ParquetWriter implements PathWriter {
    public ParquetWriter() {
    }

    @Override
    public boolean writes(Format format) {
        return format == Format.PARQUET;
    }

    @Override
    public void write(Frame frame, Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path csv = null;
        Path parquet = null;
        try {
            // named as Outputs names staged files, so that a run killed mid-write is cleaned up by the next
            String prefix = ".probity-" + ProcessHandle.current().pid() + "-";
            csv = Files.createTempFile(dir, prefix, ".csv.tmp");
            parquet = Files.createTempFile(dir, prefix, ".parquet.tmp");
            try (OutputStream out = Files.newOutputStream(csv)) {
                FrameWriter.write(frame, Format.CSV, out);
            }
            StringBuilder types = new StringBuilder();
            for (Column c : frame.columns()) {
                types.append(types.isEmpty() ? "" : ", ").append(DuckDb.literal(c.name())).append(": ").append(DuckDb.literal(switch (c.type()) {
                    case LONG -> "BIGINT";
                    case DOUBLE -> "DOUBLE";
                    case BOOLEAN -> "BOOLEAN";
                    case STRING -> "VARCHAR";
                }));
            }
            try (Connection db = DuckDb.open(1); Statement st = db.createStatement()) {
                st.execute("COPY (SELECT * FROM read_csv(" + DuckDb.literal(csv.toString()) + ", header = true, quote = '\"', escape = '\"', "
                        + "columns = {" + types + "})) TO " + DuckDb.literal(parquet.toString()) + " (FORMAT parquet)");
            }
            Files.move(parquet, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            parquet = null;
        } catch (IOException e) {
            throw new InputException(file + ": cannot write: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new InputException(file + ": DuckDB cannot write Parquet: " + e.getMessage().lines().findFirst().orElse(""), e);
        } finally {
            deleteQuietly(csv);
            deleteQuietly(parquet);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the temporary file has a recognisable name
            }
        }
    }
}
