package dev.probity.text.ner;

import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CoNLL-format token files: one token a line, its columns separated by white space, the token first and the tag
 * last (CoNLL-2003 puts part-of-speech and chunk columns between); a blank line ends a sentence; {@code -DOCSTART-}
 * lines are skipped. Tags are IOB2 or IOB1 ({@code B-PER}, {@code I-PER}, {@code O}).
 */
public final class Conll {
    /** One sentence: its tokens and their tags. */
    public record Sentence(List<String> tokens, List<String> tags) {
        public Sentence {
            tokens = List.copyOf(tokens);
            tags = List.copyOf(tags);
            if (tokens.size() != tags.size()) {
                throw new IllegalArgumentException(tokens.size() + " tokens, " + tags.size() + " tags");
            }
        }
    }

    private Conll() {
    }

    /** A CoNLL file's sentences and the SHA-256 of the bytes they were read from. */
    public record Corpus(Path file, List<Sentence> sentences, String sha256) {
        public Corpus {
            sentences = List.copyOf(sentences);
        }

        public int tokens() {
            return sentences.stream().mapToInt(s -> s.tokens().size()).sum();
        }
    }

    public static List<Sentence> read(Path file) {
        return load(file).sentences();
    }

    /** Reads a CoNLL file once: its sentences and the hash of exactly the bytes parsed. */
    public static Corpus load(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": a directory, not a CoNLL file");
        }
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such file");
        }
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        String text = dev.probity.core.io.TextEncoding.decodeStrict(file.toString(), bytes, StandardCharsets.UTF_8, false);
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Corpus(file, parse(text.lines().toList(), file.toString()), sha);
    }

    public static List<Sentence> parse(List<String> lines, String source) {
        List<Sentence> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("-DOCSTART-")) {
                if (!tokens.isEmpty()) {
                    out.add(new Sentence(tokens, tags));
                    tokens = new ArrayList<>();
                    tags = new ArrayList<>();
                }
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length < 2) {
                throw new InputException(source + ":" + n + ": expected a token and its tag, got '" + s + "'");
            }
            String tag = f[f.length - 1];
            if (!tag.equals("O") && !tag.matches("[BIES]-.+")) {
                throw new InputException(source + ":" + n + ": tag '" + tag + "' is neither O nor B-, I-, E-, S- and a type");
            }
            tokens.add(f[0]);
            tags.add(tag);
        }
        if (!tokens.isEmpty()) {
            out.add(new Sentence(tokens, tags));
        }
        return out;
    }

    /**
     * The lines of a raw text file to tag, one sentence a line: strictly UTF-8 (the error names the line and byte), without
     * a byte-order mark.
     */
    public static List<String> readLines(Path file) {
        dev.probity.core.io.DataReader.checkReadable(file);
        try {
            return dev.probity.core.io.TextEncoding.decodeStrict(file.toString(), dev.probity.core.io.FileBytes.read(file), StandardCharsets.UTF_8, false)
                    .lines().toList();
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The tokens of a line of raw text, as CoNLL files usually cut them: at white space, with punctuation at the start
     * or end of a word split off as tokens of its own ("Oslo." is "Oslo" and "."; "O'Brien" and "e-mail" stay whole).
     */
    public static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int start = 0;
            int end = w.length();
            List<String> tail = new ArrayList<>();
            while (start < end && isPunctuation(w.codePointAt(start))) {
                int n = Character.charCount(w.codePointAt(start));
                out.add(w.substring(start, start + n));
                start += n;
            }
            while (end > start && isPunctuation(w.codePointBefore(end))) {
                int n = Character.charCount(w.codePointBefore(end));
                tail.add(0, w.substring(end - n, end));
                end -= n;
            }
            if (start < end) {
                out.add(w.substring(start, end));
            }
            out.addAll(tail);
        }
        return out;
    }

    private static boolean isPunctuation(int cp) {
        int t = Character.getType(cp);
        return t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION || t == Character.OTHER_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.DASH_PUNCTUATION || t == Character.CONNECTOR_PUNCTUATION;
    }

    /** Sentences back in the two-column format. */
    public static String format(List<Sentence> sentences) {
        StringBuilder b = new StringBuilder();
        for (Sentence s : sentences) {
            for (int i = 0; i < s.tokens().size(); i++) {
                b.append(s.tokens().get(i)).append(' ').append(s.tags().get(i)).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }
}
