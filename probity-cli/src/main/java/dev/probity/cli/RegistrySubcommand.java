package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.NoteKey;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** What the registry's commands share: the log, the model version, who acts, and their signing key. */
abstract class RegistrySubcommand extends LedgerSubcommand {
    @Option(names = {"--ledger", "--log"}, required = true, paramLabel = "DIR", description = "The evidence log that holds the registry (made with 'probity ledger init').")
    Path ledger;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts (default: the operating system's user name; with --sign-key, the key's name).")
    String actor;

    @Option(names = "--sign-key", paramLabel = "FILE", description = "Sign with your own key (made by 'probity ledger keygen'); approvals and rejections must be signed.")
    Path signKey;

    @Option(names = "--key", paramLabel = "VKEY|FILE", description = "The log's verifier key as you were handed it, or a file holding it (repeatable; default: the log's own key.pub, which whoever can change the log can change too).")
    java.util.List<String> keys = new java.util.ArrayList<>();

    /** The registry, its log verified against the keys given (or its own key.pub) before anything is read. */
    dev.probity.ledger.registry.Registry registry() {
        return dev.probity.ledger.registry.Registry.open(ledger, trusted(keys));
    }

    static java.util.List<NoteKey> trusted(java.util.List<String> keys) {
        return keys.stream().map(k -> NoteKey.parseVerifier(java.nio.file.Files.isRegularFile(Path.of(k))
                ? new String(LedgerCommand.readInput(k, "--key"), StandardCharsets.UTF_8).trim() : k)).toList();
    }

    NoteKey signer() {
        if (signKey == null) {
            return null;
        }
        return NoteKey.parseSigner(new String(LedgerCommand.readInput(signKey.toString(), "--sign-key"), StandardCharsets.UTF_8).trim());
    }

    String who() {
        NoteKey k = signer();
        return k != null ? k.name() : actor != null ? actor : dev.probity.ledger.Evidence.defaultActor();
    }

    /** {@code NAME@VERSION} split in two. */
    static String[] model(String spec) {
        int at = spec == null ? -1 : spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new InputException("--model names a registered model version as NAME@VERSION (e.g. credit@3); got '"
                    + InputException.shown(String.valueOf(spec)) + "'");
        }
        return new String[] {spec.substring(0, at), spec.substring(at + 1)};
    }

    /** A JSON object of fields from a file ('-' for standard input), or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(String file, String option) {
        if (file == null) {
            return new java.util.LinkedHashMap<>();
        }
        byte[] b = LedgerCommand.readInput(file, option);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(option + " " + file + ": not UTF-8 (JSON is UTF-8; convert the file first)");
        }
        Object v;
        try {
            v = dev.probity.ledger.Jcs.parse(text);
        } catch (InputException e) {
            throw new InputException(option + " " + file + ": " + e.getMessage());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InputException(option + " " + file + " must hold a JSON object");
        }
        return new java.util.LinkedHashMap<>((Map<String, Object>) m);
    }
}
