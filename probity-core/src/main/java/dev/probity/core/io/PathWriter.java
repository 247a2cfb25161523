package dev.probity.core.io;

import dev.probity.core.frame.Frame;

import java.nio.file.Path;

/**
 * A writer for a format that core does not write itself, found with {@link java.util.ServiceLoader}: Parquet is
 * written by probity-sql (through DuckDB). Writers write atomically: a failed write leaves no file behind.
 */
public interface PathWriter {
    boolean writes(Format format);

    void write(Frame frame, Path file);
}
