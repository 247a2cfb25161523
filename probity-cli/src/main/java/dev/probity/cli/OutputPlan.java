package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.io.Format;
import dev.probity.core.io.FrameWriter;
import dev.probity.core.io.Outputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command's outputs: declared before the work (and checked against its inputs then), written all together at
 * the end or not at all. {@code -} sends one output to standard output instead of a file; it is printed after the
 * files are in place, so a failure prints nothing either.
 */
final class OutputPlan implements AutoCloseable {
    private static final Path STDOUT = Path.of("-");

    private final Outputs files;
    private final PrintWriter stdout;
    private final Map<String, Path> given = new LinkedHashMap<>();
    private final Map<String, Path> targets = new LinkedHashMap<>();
    private String toStdout;
    private byte[] stdoutBytes;

    private OutputPlan(Outputs files, PrintWriter stdout) {
        this.files = files;
        this.stdout = stdout;
    }

    /**
     * A plan that protects the given inputs: option name (without dashes) and the file or dataset the user gave,
     * in pairs; nulls and names of bundled datasets are skipped.
     */
    static OutputPlan protecting(PrintWriter stdout, Object... settingAndInput) {
        // one setting may name several inputs (anonymize's --hierarchies: a file per column): each is protected
        Outputs outputs = Outputs.protecting(Map.of());
        for (int i = 0; i + 1 < settingAndInput.length; i += 2) {
            Object v = settingAndInput[i + 1];
            if (v == null) {
                continue;
            }
            Path p;
            try {
                p = v instanceof Path path ? path : Path.of(v.toString());
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            outputs.input((String) settingAndInput[i], p);
        }
        return new OutputPlan(outputs, stdout);
    }

    /** Declares an output (null: not asked for; {@code -}: standard output). */
    OutputPlan add(String setting, Object file) {
        if (file == null) {
            return this;
        }
        Path p = file instanceof Path path ? path : Path.of(file.toString());
        if (p.equals(STDOUT)) {
            if (toStdout != null) {
                throw new InputException("only one output can go to standard output, but {{" + toStdout + "}} and {{"
                        + setting + "}} are both '-'");
            }
            toStdout = setting;
            given.put(setting, STDOUT);
            return this;
        }
        targets.put(setting, files.add(setting, p));
        given.put(setting, p);
        return this;
    }

    boolean has(String setting) {
        return given.containsKey(setting);
    }

    /** Whether an output goes to standard output (then the command prints nothing else there). */
    boolean usesStdout() {
        return toStdout != null;
    }

    /** Where the user will find an output, for the closing lines; null for standard output or none. */
    Path shown(String setting) {
        Path p = given.get(setting);
        return p == null || p.equals(STDOUT) ? null : p.toAbsolutePath().normalize();
    }

    /** Stages an output's content (nothing when the output was not asked for). */
    void write(String setting, AtomicFiles.Content content) {
        if (!given.containsKey(setting)) {
            return;
        }
        if (setting.equals(toStdout)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                content.writeTo(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stdoutBytes = b.toByteArray();
            return;
        }
        files.write(targets.get(setting), content);
    }

    void writeString(String setting, String text) {
        write(setting, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Stages rows in the format the file name says (CSV on standard output). */
    void writeFrame(String setting, Frame frame) {
        if (!given.containsKey(setting)) {
            return;
        }
        if (setting.equals(toStdout)) {
            write(setting, o -> FrameWriter.write(frame, Format.CSV, o));
            return;
        }
        FrameWriter.stage(frame, Format.fromFileName(given.get(setting)), files, targets.get(setting));
    }

    /** Puts every file in place, then prints the standard-output one. */
    void commit() {
        files.commit();
        if (stdoutBytes != null) {
            // data, exactly as written: not through the terminal's escaping
            PrintWriter raw = TerminalWriter.raw(stdout);
            String text = new String(stdoutBytes, StandardCharsets.UTF_8);
            raw.print(text);
            if (!text.endsWith("\n")) {
                raw.println();
            }
            raw.flush();
        }
    }

    @Override
    public void close() {
        files.close();
    }
}
