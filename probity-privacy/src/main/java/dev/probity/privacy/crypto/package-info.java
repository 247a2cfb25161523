/**
 * Authenticated encryption with Google's Tink: keysets on disk (protected by a passphrase, by a key-encryption key
 * such as a KMS key, or deliberately in clear), key rotation, envelope encryption of files of any size with streaming
 * AEAD, and encryption of single values (columns). No cryptography is written here: the primitives are Tink's, the
 * passphrase's key derivation the JDK's PBKDF2. A ciphertext that was changed is refused, never decrypted to garbage.
 */
package dev.probity.privacy.crypto;
