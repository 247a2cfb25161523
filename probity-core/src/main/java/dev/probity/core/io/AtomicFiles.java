package dev.probity.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one file so that a reader sees either the old content or the complete new content, never a part: the
 * bytes go to a staged file in the same folder, flushed to disk and then renamed over the target. If anything
 * fails the staged file is deleted and the target is left as it was. Several outputs of one piece of work, checked
 * against its inputs and written all or none, go through {@link Outputs}, which this uses.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) {
        try (Outputs out = Outputs.protecting(Map.of())) {
            Path t = out.add(null, target);
            out.write(t, content);
            out.commit();
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
