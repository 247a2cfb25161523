package dev.probity.core.io;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a data file into a {@link Frame}, choosing the reader from {@link ReadOptions#format()} or the file
 * extension: CSV/TSV ({@link CsvReader}), JSON lines ({@link JsonLinesReader}), and formats read by a
 * {@link PathReader} found on the class path (Parquet: probity-sql). Text formats may be gzip-compressed
 * ({@code .csv.gz}).
 */
public final class DataReader {
    /** Files this large do not fit one array; they are audited by the SQL engine instead. */
    static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 64;

    private DataReader() {
    }

    public static Frame read(Path path, ReadOptions options) {
        Format format = options.format() != null ? options.format() : Format.fromFileName(path);
        checkReadable(path);
        if (format == Format.PARQUET) {
            for (PathReader r : java.util.ServiceLoader.load(PathReader.class, DataReader.class.getClassLoader())) {
                if (r.reads(format)) {
                    return r.read(path, options);
                }
            }
            throw new InputException(path + ": Parquet is read by the probity-sql module (DuckDB), which is not on the "
                    + "class path; add dev.probity:probity-sql, or convert the file to CSV");
        }
        String source = path.getFileName().toString();
        byte[] bytes = readBytes(path);
        return read(source, bytes, options, format);
    }

    /** Reads bytes already in memory; {@code source} names them in messages. */
    public static Frame read(String source, byte[] bytes, ReadOptions options, Format format) {
        return switch (format) {
            case CSV, TSV -> CsvReader.read(source, bytes, options, format);
            case JSONL -> JsonLinesReader.read(source, bytes, options);
            case PARQUET -> throw new IllegalArgumentException("Parquet is read from a file path");
        };
    }

    /** Reads a stream (e.g. a class-path resource) completely. */
    public static Frame read(String source, InputStream in, ReadOptions options, Format format) {
        try (InputStream s = in) {
            return read(source, s.readAllBytes(), options, format);
        } catch (IOException e) {
            throw new InputException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when the path is missing, a directory or unreadable. */
    public static void checkReadable(Path path) {
        if (!Files.exists(path)) {
            throw new InputException("file not found: " + path);
        }
        if (Files.isDirectory(path)) {
            throw new InputException(path + " is a directory, not a data file");
        }
        if (!Files.isReadable(path)) {
            throw new InputException("cannot read " + path + ": permission denied");
        }
    }

    static byte[] readBytes(Path path) {
        try {
            boolean gz = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
            if (!gz && Files.size(path) > MAX_IN_MEMORY_BYTES) {
                throw new InputException(path + " is larger than 2 GB; audit it with the SQL engine (set {{engine}} to duckdb)");
            }
            if (gz) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
                    return in.readAllBytes();
                } catch (java.util.zip.ZipException e) {
                    throw new InputException(path + ": not a valid gzip file (" + e.getMessage() + ")", e);
                }
            }
            return FileBytes.read(path);
        } catch (NoSuchFileException e) {
            throw new InputException("file not found: " + path, e);
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new InputException(path + " does not fit in memory; audit it with the SQL engine (set {{engine}} to duckdb)"
                    + " or give Java more heap (-Xmx)");
        }
    }
}
