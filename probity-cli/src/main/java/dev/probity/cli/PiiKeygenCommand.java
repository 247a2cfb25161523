package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.privacy.crypto.KeyProtection;
import dev.probity.privacy.crypto.Keysets;
import dev.probity.privacy.pii.KeyedHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code probity pii keygen}: the keys that hashing and pseudonyms need. */
@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a new key. For pseudonymize: a keyset of one AES-256-SIV key (Tink), in the format of 'probity keys "
            + "create --purpose deterministic-aead', kept under a passphrase (PBKDF2-HMAC-SHA-256, then AES-256-GCM) from "
            + "PROBITY_PASSPHRASE, --passphrase-env or --passphrase-file; 'probity keys rotate' rotates it, and tokens made "
            + "before still reverse. --cleartext-key stores it in clear instead. For hash: 256 random bits as hexadecimal "
            + "text, in clear. Whoever can read a key in clear can reverse every pseudonym (or confirm guesses of hashed "
            + "values): keep key files apart from the redacted data. An existing file is never replaced."},
        footer = {"", "Examples:",
            "  PROBITY_PASSPHRASE=... probity pii keygen --out pii.keyset",
            "  probity pii keygen --passphrase-file pass.txt --out pii.keyset",
            "  probity pii keygen --cleartext-key --out test.keyset",
            "  probity pii keygen --operator hash --out hash.key",
            "", "Exit status: 0 success, 2 bad input, 3 internal error."})
final class PiiKeygenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();
    @Option(names = "--operator", paramLabel = "NAME", description = "pseudonymize (default) or hash.")
    String operator = "pseudonymize";
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The new key file (never replaces one).")
    Path out;
    @Option(names = "--cleartext-key", description = "For pseudonymize: store the keyset in clear, without a passphrase. For tests, "
            + "or where the file system alone protects it.")
    boolean cleartext;
    @CommandLine.Mixin
    KeyOptions keys = new KeyOptions();

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        switch (operator.toLowerCase(Locale.ROOT)) {
            case "pseudonymize", "pseudonymise" -> {
                KeyProtection protection;
                if (cleartext) {
                    protection = new KeyProtection.Cleartext();
                } else {
                    try {
                        protection = keys.passphrase();
                    } catch (InputException e) {
                        throw new InputException(e.getMessage() + " (or store the key in clear with --cleartext-key)");
                    }
                }
                Keysets.Keyset k = Keysets.create(Keysets.Purpose.DETERMINISTIC_AEAD);
                Keysets.write(k, out, protection, false);
                if (!quiet.quiet) {
                    stdout.println("Keyset written to " + out.toAbsolutePath().normalize() + (cleartext
                            ? " (readable only by you; the key is in clear: protect the file)"
                            : " (readable only by you; under the passphrase, which every command that opens it needs)"));
                }
            }
            case "hash" -> {
                if (cleartext || keys.passphraseEnv != null || keys.passphraseFile != null) {
                    throw new InputException("a hash key is hexadecimal text in clear: --cleartext-key, --passphrase-env and "
                            + "--passphrase-file are for --operator pseudonymize");
                }
                dev.probity.privacy.crypto.SecretFiles.createNew(out, KeyedHash.newKeyText());
                if (!quiet.quiet) {
                    stdout.println("Key written to " + out.toAbsolutePath().normalize()
                            + " (readable only by you; it is the key in clear: protect it)");
                }
            }
            default -> throw new InputException("--operator " + operator + ": keys are for pseudonymize or hash");
        }
        stdout.flush();
    }
}
