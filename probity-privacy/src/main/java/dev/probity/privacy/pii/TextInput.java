package dev.probity.privacy.pii;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading a text file exactly: bytes that are not valid in the file's encoding are an error naming the file, the
 * line and the byte offset — never a U+FFFD that a redaction would then silently write out. A UTF-8 byte-order mark
 * is skipped.
 */
public final class TextInput {
    private TextInput() {
    }

    /** The file's text in the given encoding (UTF-8 unless the data's owner knows otherwise). */
    public static String read(Path file, Charset charset) {
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decode(file.toString(), bytes, charset);
    }

    /** The bytes decoded strictly; the error names {@code source}, the line and the byte offset of the first bad byte. */
    public static String decode(String source, byte[] bytes, Charset charset) {
        return dev.probity.core.io.TextEncoding.decodeStrict(source, bytes, charset, true);
    }
}
