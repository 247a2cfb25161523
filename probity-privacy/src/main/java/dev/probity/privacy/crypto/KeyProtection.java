package dev.probity.privacy.crypto;

import com.google.crypto.tink.Aead;

import java.util.Objects;

/** How a keyset file is protected on disk. */
public sealed interface KeyProtection {
    /**
     * Encrypted (AES-256-GCM) under a key derived from a passphrase with PBKDF2-HMAC-SHA-256 (a random 16-byte salt,
     * {@value Keysets#PBKDF2_ITERATIONS} iterations, OWASP's 2023 figure). The passphrase is copied; clear it after use.
     */
    record Passphrase(char[] passphrase) implements KeyProtection {
        public Passphrase {
            Objects.requireNonNull(passphrase, "passphrase");
            passphrase = passphrase.clone();
        }

        @Override
        public String toString() {
            return "passphrase";
        }
    }

    /**
     * Encrypted under a key-encryption key held elsewhere: a KMS's AEAD (Tink's integrations for Google Cloud KMS,
     * AWS KMS or HashiCorp Vault give one), or another keyset's AEAD.
     *
     * @param description what the KEK is, for messages (never the key itself)
     */
    record Kek(Aead kek, String description) implements KeyProtection {
        public Kek {
            Objects.requireNonNull(kek, "kek");
        }

        @Override
        public String toString() {
            return "key-encryption key " + description;
        }
    }

    /** Not encrypted: anyone who can read the file has the keys. For tests, or where the file system protects it. */
    record Cleartext() implements KeyProtection {
        @Override
        public String toString() {
            return "cleartext";
        }
    }
}
