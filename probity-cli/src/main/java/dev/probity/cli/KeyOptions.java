package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.privacy.crypto.KeyProtection;
import dev.probity.privacy.crypto.Keysets;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a keyset's passphrase comes from: an environment variable or a file, never the command line. */
final class KeyOptions {
    static final String DEFAULT_VARIABLE = "PROBITY_PASSPHRASE";

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "The environment variable holding the keyset's passphrase "
            + "(default: " + DEFAULT_VARIABLE + "). Never put a passphrase on the command line.")
    String passphraseEnv;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "A file whose first line is the keyset's passphrase.")
    Path passphraseFile;

    /** The protection a keyset file declares, with the passphrase it needs. */
    KeyProtection toRead(Path keyset) {
        String stored = Keysets.protectionOf(keyset);
        return switch (stored) {
            case "cleartext" -> new KeyProtection.Cleartext();
            case "passphrase" -> passphrase();
            default -> throw new InputException(keyset + " is encrypted with a key-encryption key (a KMS): open it from Java with "
                    + "KeyProtection.Kek");
        };
    }

    /** The passphrase, from the file, the named variable or the default one. */
    KeyProtection.Passphrase passphrase() {
        if (passphraseFile != null) {
            try {
                String first = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                if (first.isEmpty()) {
                    throw new InputException("--passphrase-file " + passphraseFile + ": its first line is empty");
                }
                return new KeyProtection.Passphrase(first.toCharArray());
            } catch (java.nio.charset.MalformedInputException e) {
                throw new InputException("--passphrase-file " + passphraseFile + " is not UTF-8 text");
            } catch (IOException e) {
                throw new InputException("cannot read --passphrase-file " + passphraseFile + ": " + e.getMessage());
            }
        }
        String var = passphraseEnv != null ? passphraseEnv : DEFAULT_VARIABLE;
        String value = System.getenv(var);
        if (value == null || value.isEmpty()) {
            throw new InputException(passphraseEnv != null ? "the environment variable " + var + " (--passphrase-env) is not set"
                    : "the keyset needs a passphrase: set " + DEFAULT_VARIABLE + ", or name another variable with --passphrase-env, "
                    + "or give --passphrase-file");
        }
        return new KeyProtection.Passphrase(value.toCharArray());
    }
}
