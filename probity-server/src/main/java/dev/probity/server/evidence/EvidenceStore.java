package dev.probity.server.evidence;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;
import dev.probity.ledger.registry.Registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The service's evidence log: the library's {@link Ledger} (RFC 6962 tree, signed checkpoints) holding the
 * {@link Registry}'s events, in a folder on the service's disk. The service opens the log for each request and closes
 * it after, so that the command line ({@code probity train --ledger DIR}, {@code probity registry … --ledger DIR}) can
 * record runs in the same log between requests; while a command holds the log, requests get {@link BusyException}
 * (503, retry), never a half-read log.
 *
 * <p>Beside the log: {@code approver-keys/} holds each approver's Ed25519 signing key, made on their first approval and
 * used only for approvals made with their token (the service signs on their behalf: the private half never leaves
 * the service's disk); {@code model-files/} holds model files registered over HTTP, named by their SHA-256.
 */
public final class EvidenceStore {
    /** The origin (key name) of a log the service creates. */
    public static final String ORIGIN = "probity-service";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Path keys;
    private final Path files;

    private EvidenceStore(Path dir) {
        this.dir = dir;
        Path parent = dir.toAbsolutePath().normalize().getParent();
        String base = dir.getFileName().toString();
        this.keys = parent.resolve(base + "-approver-keys");
        this.files = parent.resolve(base + "-model-files");
    }

    /** Opens the log in {@code dir}, creating it (with a new signing key) when the folder is absent or empty. */
    public static EvidenceStore open(Path dir) {
        boolean fresh;
        try {
            fresh = !Files.exists(dir) || Files.isDirectory(dir) && isEmpty(dir);
        } catch (IOException e) {
            throw new InputException("cannot read the evidence log's folder " + dir + ": " + e.getMessage(), e);
        }
        if (fresh) {
            try {
                Files.createDirectories(dir.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new InputException("cannot create the folder for the evidence log " + dir + ": " + e.getMessage(), e);
            }
            Ledger.create(dir, ORIGIN).close();
        }
        if (!Files.exists(dir.resolve("key.pub"))) {
            throw new InputException(dir + " is neither an evidence log nor empty: the service makes its log in a new or empty folder, "
                    + "or opens one made by 'probity ledger init' (give {{ledger}} another folder)");
        }
        EvidenceStore s = new EvidenceStore(dir);
        s.read(r -> r.ledger().size()); // a damaged or foreign folder is refused at start, not on the first request
        return s;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    public Path dir() {
        return dir;
    }

    /** Reads the registry (and its log, verified) as it is now. */
    public synchronized <T> T read(Function<Registry, T> f) {
        try (Registry r = openRegistry()) {
            return f.apply(r);
        }
    }

    /** Changes the registry or appends to the log; the change is on disk when this returns. */
    public synchronized <T> T write(Function<Registry, T> f) {
        return read(f);
    }

    private Registry openRegistry() {
        try {
            return Registry.open(dir);
        } catch (InputException e) {
            if (e.getMessage().contains("another process")) {
                throw new BusyException("the evidence log " + dir + " is in use by another process (a probity command recording to it); "
                        + "nothing was read or recorded — retry in a moment");
            }
            throw e;
        }
    }

    /**
     * The lifecycle stage of a registered model version ({@code name@version}) as the registry has it; a phrase saying
     * why there is none when it is null, not in the log, or the log is held by another process just now.
     */
    public String stageOf(String registered) {
        if (registered == null) {
            return "not registered";
        }
        int at = registered.lastIndexOf('@');
        String name = registered.substring(0, at);
        String version = registered.substring(at + 1);
        try {
            return read(r -> r.models().contains(registered)
                    ? dev.probity.ledger.registry.ModelState.of(r.log(), name, version).stage().label()
                    : registered + " is not in the evidence log");
        } catch (BusyException e) {
            return "unknown just now (the evidence log is in use)";
        }
    }

    /**
     * The signing key of the approver called {@code name} (a token's name), made on first use. Its name is the
     * approver's, so the registry's four-eyes gate compares it with who trained the model.
     */
    public synchronized NoteKey approverKey(String name) {
        try {
            NoteKey.generate(name); // checks the name can name a key
        } catch (InputException e) {
            throw new InputException("the token's name '" + InputException.shown(name) + "' cannot name an approver's signing key "
                    + "(no spaces or '+'); give approvers tokens named like jane.doe@bank.example", e);
        }
        Path f = keys.resolve(Evidence.sha256(name.getBytes(StandardCharsets.UTF_8)) + ".key");
        try {
            if (Files.exists(f)) {
                NoteKey k = NoteKey.parseSigner(Files.readString(f).trim());
                if (!k.name().equals(name)) {
                    throw new IllegalStateException(f + " holds the key of " + k.name() + ", not of " + name);
                }
                return k;
            }
            Files.createDirectories(keys);
            NoteKey k = NoteKey.generate(name);
            writeAtomically(f, (k.signerKey() + "\n").getBytes(StandardCharsets.UTF_8), true);
            return k;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the approver's key in " + keys + ": " + e.getMessage(), e);
        }
    }

    /** Keeps a model file sent over HTTP, named by its SHA-256; returns where it is (the same file when sent twice). */
    public synchronized Path keepModelFile(byte[] bytes, String extension) {
        String sha = Evidence.sha256(bytes);
        Path f = files.resolve(sha + extension);
        try {
            if (!Files.exists(f)) {
                Files.createDirectories(files);
                writeAtomically(f, bytes, false);
            }
            return f;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the model file in " + files + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code sha256} names a model file this service keeps. */
    public Path modelFile(String sha256, String extension) {
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            return null;
        }
        Path f = files.resolve(sha256 + extension);
        return Files.isRegularFile(f) ? f : null;
    }

    private static void writeAtomically(Path target, byte[] bytes, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".probity-", ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            Files.write(tmp, bytes);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The log is held by another process for the moment: the request did nothing and may be retried (503). */
    public static final class BusyException extends RuntimeException {
        public BusyException(String message) {
            super(message);
        }
    }
}
