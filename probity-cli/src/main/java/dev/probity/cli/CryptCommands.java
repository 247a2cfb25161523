package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.privacy.crypto.FileCrypto;
import dev.probity.privacy.crypto.Keysets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code probity encrypt} and {@code probity decrypt}: envelope encryption of files. */
final class CryptCommands {
    private CryptCommands() {
    }

    abstract static class Base implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The file to read.")
        Path input;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (atomically; never the input).")
        Path out;
        @Option(names = "--key", required = true, paramLabel = "KEYSET", description = "The key-encryption keyset (probity keys create "
                + "--purpose aead).")
        Path key;
        @Mixin
        KeyOptions keys = new KeyOptions();
        @Mixin
        QuietOption quiet = new QuietOption();

        Keysets.Keyset kek() {
            return Keysets.read(key, keys.toRead(key));
        }

        void done(String what, long bytes) {
            if (!quiet.quiet) {
                spec.commandLine().getOut().printf(Locale.ROOT, "%s %s to %s (%,d bytes)%n", what, input, out, bytes);
                spec.commandLine().getOut().flush();
            }
        }

        void checkKeyIsNotAFile() {
            if (out.toAbsolutePath().normalize().equals(key.toAbsolutePath().normalize())) {
                throw new InputException("--out " + out + " is the keyset itself; writing it would destroy the key");
            }
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Encrypt a file of any size: a fresh data key per file (AES-256-GCM-HKDF, 1 MB segments, Tink's streaming AEAD), "
                + "itself encrypted under the key-encryption keyset and kept at the head of the file (envelope encryption)."},
            footer = {"", "Examples:",
                "  probity encrypt --input patients.csv --out patients.csv.enc --key kek.keyset",
                "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
    static final class Encrypt extends Base {
        @Override
        public void run() {
            checkKeyIsNotAFile();
            done("encrypted", FileCrypto.encrypt(input, out, kek().aead()));
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Decrypt a file made by probity encrypt. Every segment is authenticated before the output appears: a file that "
                + "was changed, truncated or encrypted for another key is refused and nothing is written. Files encrypted before a key "
                + "rotation still decrypt."},
            footer = {"", "Examples:",
                "  probity decrypt --input patients.csv.enc --out patients.csv --key kek.keyset",
                "", "Exit status: 0 success, 2 bad input or a failed authentication (nothing written), 3 internal error."})
    static final class Decrypt extends Base {
        @Override
        public void run() {
            checkKeyIsNotAFile();
            done("decrypted", FileCrypto.decrypt(input, out, kek().aead()));
        }
    }
}
