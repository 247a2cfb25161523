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

    public static List<Sentence> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
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
