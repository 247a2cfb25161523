package dev.probity.core.io;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output files of one piece of work, written all or none, and never over an input.
 *
 * <p>Declare the inputs and the outputs <em>before</em> the work starts: {@link #add} refuses at once an output
 * that is the same file as an input (compared by file identity, so {@code ./x/../data.csv}, symbolic and hard
 * links are caught), two outputs that are one file, an output in a folder that does not exist, and an output that
 * is a folder. Then stage each output's content ({@link #write}); nothing is visible until {@link #commit} renames
 * every staged file into place. Closing without committing deletes what was staged, so a failure leaves no output
 * and every old file as it was.
 *
 * <p>An output that is a symbolic link is written through: the file it points to is replaced (or created, when it does
 * not exist yet in an existing folder) and the link stays.
 * Staged files are named {@code .probity-PID-RANDOM.NAME.tmp} in the output's folder; one left behind by a process
 * that was killed is deleted by the next {@code Outputs} that writes to that folder, once that process is gone.
 *
 * <pre>{@code
 * try (Outputs out = Outputs.protecting(Map.of("data", dataFile))) {
 *     Path json = out.add("json", Path.of("audit.json"));
 *     ... the work ...
 *     out.write(json, o -> AuditJson.write(result, o));
 *     out.commit();
 * }
 * }</pre>
 *
 * <p>Messages name an input or output by its setting ({@code {{json}}}), which each face words its own way.
 */
public final class Outputs implements AutoCloseable {
    /** Our staged files: {@code .probity-PID-RANDOM.NAME.tmp}. */
    static final Pattern STAGED = Pattern.compile("\\.probity-(\\d+)-[0-9a-z]+\\..*\\.tmp");

    private record Input(String setting, Path path) {}

    /** {@code special}: the target exists and is not a regular file (a device such as /dev/null, a named pipe): written into, never replaced. */
    private record Output(String setting, Path given, Path target, boolean special) {}

    private final List<Input> inputs = new ArrayList<>();
    private final Map<Path, Output> outputs = new LinkedHashMap<>();
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;

    private Outputs() {
    }

    /** Outputs that must not overwrite these inputs (setting key → file; files that do not exist are ignored). */
    public static Outputs protecting(Map<String, Path> inputs) {
        Outputs o = new Outputs();
        inputs.forEach(o::input);
        return o;
    }

    /** One more input to protect; {@code null} and paths that are not files (a bundled dataset's name) are ignored. */
    public Outputs input(String setting, Path file) {
        if (file != null && Files.exists(file)) {
            inputs.add(new Input(setting, file));
            for (Output o : outputs.values()) {
                checkNotInput(o);
            }
        }
        return this;
    }

    /**
     * Declares an output and checks it now; returns the file that will be written (the target of a symbolic link),
     * to pass to {@link #write}.
     */
    public Path add(String setting, Path file) {
        Path target = file.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(file) && Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
                // a link to a device or a pipe (/dev/stdout): opened through the link, as a shell's > does. A pipe has
                // no real path (/dev/stdout -> /proc/self/fd/1 -> "pipe:[…]"), so the link is kept as given.
                target = file.toAbsolutePath().normalize();
            } else if (Files.isSymbolicLink(file)) {
                // written through, as a shell's > does: the file the link points to, which may not exist yet
                target = Files.exists(file) ? file.toRealPath()
                        : file.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(file)).normalize();
            }
            Path dir = target.getParent();
            if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new InputException("cannot write " + label(setting) + file + ": " + dir + " is a file, not a folder; "
                        + "nothing was written");
            }
            if (dir == null || !Files.isDirectory(dir)) {
                throw new InputException("cannot write " + label(setting) + file + ": the folder "
                        + (dir == null ? "" : dir + " ") + "does not exist; nothing was written");
            }
            if (Files.isDirectory(target)) {
                throw new InputException("cannot write " + label(setting) + file + ": it is a folder; nothing was written");
            }
            target = dir.toRealPath().resolve(target.getFileName());
        } catch (IOException e) {
            throw new InputException("cannot write " + label(setting) + file + ": " + reason(e), e);
        }
        boolean special = Files.exists(target) && !Files.isRegularFile(target);
        Output o = new Output(setting, file, target, special);
        Output same = outputs.get(target);
        if (same != null) {
            throw new InputException(label(same.setting) + same.given + " and " + label(setting) + file
                    + " are the same file; give each output its own; nothing was written");
        }
        for (Output other : outputs.values()) {
            if (Files.exists(target) && Files.exists(other.target) && sameFile(target, other.target)) {
                throw new InputException(label(other.setting) + other.given + " and " + label(setting) + file
                        + " are the same file (linked); give each output its own; nothing was written");
            }
        }
        checkNotInput(o);
        outputs.put(target, o);
        if (!special) {
            cleanStale(target.getParent());
        }
        return target;
    }

    private void checkNotInput(Output o) {
        if (!Files.exists(o.target)) {
            return;
        }
        for (Input in : inputs) {
            if (sameFile(o.target, in.path)) {
                throw new InputException(label(o.setting) + o.given + " is the same file as the input "
                        + label(in.setting) + in.path + "; writing it would destroy the input. Give another output "
                        + "file; nothing was written");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stages the content of a declared output; it appears at {@link #commit}. */
    public void write(Path target, AtomicFiles.Content content) {
        stage(target, tmp -> {
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream raw = java.nio.channels.Channels.newOutputStream(ch)) {
                OutputStream buffered = new java.io.BufferedOutputStream(raw, 1 << 16);
                // The content may close what it is given (JSON generators do); the file is ours to close.
                content.writeTo(new java.io.FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        // in pieces: the channel stages each write in a native buffer of its size (see FileBytes);
                        // a 4 MB report took 20 ms in one write and 9-12 ms in 1 MiB ones
                        for (int done = 0; done < len; done += FileBytes.PIECE) {
                            out.write(b, off + done, Math.min(FileBytes.PIECE, len - done));
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                buffered.flush();
                ch.force(true);
            }
        });
    }

    /** Writes a staged file by path (for writers that need one, such as Parquet through DuckDB). */
    @FunctionalInterface
    public interface PathContent {
        void writeTo(Path staged) throws IOException;
    }

    /** Stages a declared output written by a writer that needs a path; it appears at {@link #commit}. */
    public void stage(Path target, PathContent content) {
        Output o = outputs.get(target);
        if (o == null) {
            throw new IllegalStateException(target + " was not declared with add()");
        }
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        Path tmp = staged.remove(target);
        try {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            // a device or a pipe is written into at commit; its content waits in the temporary folder, not beside it
            tmp = o.special() ? newStagedFile(Path.of(System.getProperty("java.io.tmpdir")), ".tmp")
                    : newStagedFile(target.getParent(), "." + target.getFileName() + ".tmp");
            staged.put(target, tmp);
            if (!o.special()) {
                permissions(tmp, target);
            }
            content.writeTo(tmp);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputException("cannot write " + label(o.setting) + o.given + ": permission denied", e);
        } catch (IOException e) {
            throw new InputException("cannot write " + label(o.setting) + o.given + ": " + reason(e), e);
        }
    }

    /**
     * Renames every staged file into place, in the order declared. Each rename is atomic; a failure midway (the
     * disk removed between two renames) leaves the outputs renamed so far, and says which.
     */
    public List<Path> commit() {
        List<Path> done = new ArrayList<>();
        for (Map.Entry<Path, Path> e : new ArrayList<>(staged.entrySet())) {
            Path target = e.getKey();
            try {
                if (outputs.get(target).special()) {
                    // never replace a device or a pipe with a file: write into it, as a shell's > does
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                        Files.copy(e.getValue(), out);
                    }
                    Files.deleteIfExists(e.getValue());
                } else {
                    try {
                        Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException ex) {
                        Files.move(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                staged.remove(target);
                done.add(target);
            } catch (IOException ex) {
                // a device or a pipe may have taken part of it before it failed (a reader that stopped reading)
                String partly = outputs.get(target).special() ? "; it may have received part of it" : "";
                throw new InputException("cannot write " + label(outputs.get(target).setting) + outputs.get(target).given
                        + ": " + reason(ex) + partly
                        + (done.isEmpty() ? partly.isEmpty() ? "; nothing was written" : "" : "; already written: " + done), ex);
            }
        }
        committed = true;
        return done;
    }

    /** Deletes whatever was staged and not committed. */
    @Override
    public void close() {
        for (Path tmp : staged.values()) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the failure that brought us here matters more
            }
        }
        staged.clear();
    }

    /** Deletes staged files in {@code dir} left by processes that no longer run (killed mid-write). */
    static int cleanStale(Path dir) {
        int removed = 0;
        for (Path f : stagedNames(dir)) {
            Matcher m = STAGED.matcher(f.getFileName().toString());
            if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            try {
                if (Files.deleteIfExists(f)) {
                    removed++;
                }
            } catch (IOException | SecurityException e) {
                // a file we cannot delete stays; the write itself reports what matters
            }
        }
        return removed;
    }

    /**
     * The files in a folder whose names look like staged files ({@code .probity-*.tmp}). The folder's names are read
     * in one call ({@code File.list}), not through a {@code DirectoryStream}: listing /tmp (336 entries) that way took
     * 9-12 ms of each command that writes a report there, in the interpreter; a folder we cannot list gives none.
     */
    private static List<Path> stagedNames(Path dir) {
        List<Path> found = new ArrayList<>();
        if (dir.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
            String[] names = dir.toFile().list();
            if (names != null) {
                for (String name : names) {
                    if (name.startsWith(".probity-") && name.endsWith(".tmp")) {
                        found.add(dir.resolve(name));
                    }
                }
            }
            return found;
        }
        DirectoryStream.Filter<Path> ours = f -> {
            String name = f.getFileName().toString();
            return name.startsWith(".probity-") && name.endsWith(".tmp");
        };
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ours)) {
            files.forEach(found::add);
        } catch (IOException | SecurityException e) {
            // a folder we cannot list keeps its files; the write itself reports what matters
        }
        return found;
    }

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /**
     * A new empty file {@code .probity-PID-RANDOM<suffix>} in {@code dir}, private (rw-------) where the file system has
     * POSIX permissions, as {@link Files#createTempFile} makes it: created only if no file or link has the name (a
     * taken name is drawn again), never replacing or following anything. {@code Files.createTempFile} draws its names
     * from a {@code SecureRandom}, whose first use loads the security providers (9-10 ms of a command that writes a
     * report); the name must be unique, not secret, so a {@code ThreadLocalRandom} draws it.
     */
    static Path newStagedFile(Path dir, String suffix) throws IOException {
        return newStagedFile(dir, suffix, () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    static Path newStagedFile(Path dir, String suffix, java.util.function.LongSupplier draw) throws IOException {
        String prefix = ".probity-" + ProcessHandle.current().pid() + "-";
        java.nio.file.attribute.FileAttribute<?>[] attributes = POSIX
                ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
        for (int attempt = 1; ; attempt++) {
            String random = Long.toUnsignedString(draw.getAsLong());
            try {
                return Files.createFile(dir.resolve(prefix + random + suffix), attributes);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Staged files are private (rw-------); a report is not. Keep the permissions of the file being replaced, else
     * use rw-r--r--, where the file system has POSIX permissions.
     */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, p);
    }

    /** How a message names a setting: {@code {{json}} } for the face to word, or nothing for a plain file. */
    private static String label(String setting) {
        return setting == null ? "" : "{{" + setting + "}} ";
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            // its message names our staged file, which means nothing to the reader; the reason does
            return f.getReason() != null ? f.getReason() : "the folder does not accept new files";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
