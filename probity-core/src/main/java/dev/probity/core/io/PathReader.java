package dev.probity.core.io;

import dev.probity.core.frame.Frame;

import java.nio.file.Path;

/**
 * A reader for a format that core does not parse itself, found with {@link java.util.ServiceLoader}: Parquet is
 * read by probity-sql (through DuckDB), so that the audit's own dependencies stay small and the 80 MB engine is
 * only on the class path of applications that ask for it.
 */
public interface PathReader {
    /** Whether this reader reads {@code format}. */
    boolean reads(Format format);

    Frame read(Path path, ReadOptions options);

    /**
     * Reads the file in chunks of about {@code chunkBytes} of values, handing each to {@code each} in file order; returns
     * whether it did (by default it reads the whole file and hands it over as one chunk, and returns false).
     */
    default boolean stream(Path path, ReadOptions options, int chunkBytes, java.util.function.Consumer<Frame> each) {
        each.accept(read(path, options));
        return false;
    }
}
