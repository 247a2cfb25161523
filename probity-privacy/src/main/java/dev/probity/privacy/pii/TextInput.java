package dev.probity.privacy.pii;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decode(file.toString(), bytes, charset);
    }

    /** The bytes decoded strictly; the error names {@code source}, the line and the byte offset of the first bad byte. */
    public static String decode(String source, byte[] bytes, Charset charset) {
        int from = 0;
        if (charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF) {
            from = 3;
        }
        CharsetDecoder dec = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) ((bytes.length - from) * (double) dec.maxCharsPerByte()) + 16));
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            long line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException(source + " is not valid " + charset.name() + " text: line " + line + ", byte offset " + at
                    + " (0x" + String.format("%02X", bytes[at] & 0xff) + "); if the file is in another encoding (e.g. ISO-8859-1), "
                    + "name it ({{encoding}})", new InputException.Location(source, line, 0, null, null));
        }
        out.flip();
        return out.toString();
    }
}
