package dev.probity.cli;

import dev.probity.privacy.crypto.KeyProtection;
import dev.probity.privacy.crypto.Keysets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code probity keys}: Tink keysets on disk — create, rotate, show. */
@Command(name = "keys", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {KeysCommand.Create.class, KeysCommand.Rotate.class, KeysCommand.Show.class},
        description = {"Keysets for encryption and for the MACs of secret shares (Google's Tink): created for a purpose, kept on disk "
            + "encrypted under a passphrase (PBKDF2-HMAC-SHA-256, 600,000 iterations; AES-256-GCM), rotated without losing what the "
            + "old keys protect."},
        footer = {"", "Examples:",
            "  PROBITY_PASSPHRASE=... probity keys create --purpose aead --out kek.keyset",
            "  probity keys rotate --key kek.keyset",
            "  probity keys show --key kek.keyset",
            "", "Exit status: 0 success, 2 bad input (a wrong passphrase, a changed file), 3 internal error."})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(PrintWriter out, Path file, Keysets.Keyset k) {
        out.printf(Locale.ROOT, "%s: %s keyset, %d key%s%n", file, k.purpose().key(), k.keys().size(), k.keys().size() == 1 ? "" : "s");
        for (Keysets.KeyInfo i : k.keys()) {
            out.printf(Locale.ROOT, "  key %d  %s%s%n", i.id(), i.status(), i.primary() ? "  primary (new data uses it)" : "");
        }
        out.flush();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a keyset of one fresh key (never replaces a file).")
    static final class Create implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--purpose", required = true, paramLabel = "KIND", description = "aead (values, and key-encryption keys for files), "
                + "streaming-aead (files, directly), mac (secret shares) or deterministic-aead (pii pseudonyms).")
        String purpose;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The keyset file to create.")
        Path out;
        @Option(names = "--cleartext-key", description = "Store the keyset in clear: anyone who can read the file has the keys. For tests, "
                + "or where the file system alone protects it.")
        boolean cleartext;
        @Mixin
        KeyOptions keys = new KeyOptions();

        @Override
        public void run() {
            KeyProtection p = cleartext ? new KeyProtection.Cleartext() : keys.passphrase();
            Keysets.Keyset k = Keysets.create(Keysets.Purpose.parse(purpose));
            Keysets.write(k, out, p, false);
            if (!quiet.quiet) {
                print(spec.commandLine().getOut(), out, k);
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Add a new primary key; the old keys stay to decrypt and "
            + "verify what they protected. The file is rewritten atomically under the same protection.")
    static final class Rotate implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--key", required = true, paramLabel = "KEYSET", description = "The keyset file.")
        Path key;
        @Mixin
        KeyOptions keys = new KeyOptions();

        @Override
        public void run() {
            KeyProtection p = keys.toRead(key);
            Keysets.Keyset k = Keysets.rotate(Keysets.read(key, p));
            Keysets.write(k, key, p, true);
            if (!quiet.quiet) {
                print(spec.commandLine().getOut(), key, k);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The keys of a keyset: ids, status, which is primary (never the secrets).")
    static final class Show implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--key", required = true, paramLabel = "KEYSET", description = "The keyset file.")
        Path key;
        @Mixin
        KeyOptions keys = new KeyOptions();

        @Override
        public void run() {
            Keysets.Keyset k = Keysets.read(key, keys.toRead(key));
            if (!quiet.quiet) {
                print(spec.commandLine().getOut(), key, k);
            }
        }
    }
}
