package dev.probity.text.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json} whose normalizer is
 * {@code BertNormalizer}, pre-tokenizer {@code BertPreTokenizer} and model {@code WordPiece}. It does what those
 * components document: drop control characters and turn whitespace into spaces, put spaces around CJK ideographs,
 * lowercase and strip accents (NFD, then drop non-spacing marks); split on whitespace and on every punctuation
 * character (ASCII symbols as BERT counts them, and Unicode's P categories); then split each word greedily into the
 * longest vocabulary pieces, later pieces prefixed with {@code ##}, a word with no such split (or longer than the
 * limit) becoming {@code [UNK]}. Sequences are framed as {@code [CLS] … [SEP]} and cut to a maximum length.
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final String prefix;
    private final int maxCharsPerWord;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int pad;

    private WordPieceTokenizer(Map<String, Integer> vocab, String prefix, int maxCharsPerWord, boolean lowercase,
                               boolean stripAccents) {
        this.vocab = vocab;
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.unk = id("[UNK]");
        this.cls = id("[CLS]");
        this.sep = id("[SEP]");
        this.pad = id("[PAD]");
    }

    private int id(String token) {
        Integer i = vocab.get(token);
        if (i == null) {
            throw new IllegalArgumentException("the tokenizer's vocabulary has no " + token);
        }
        return i;
    }

    /** Reads a {@code tokenizer.json}; refuses any other normalizer, pre-tokenizer or model. */
    public static WordPieceTokenizer fromJson(byte[] tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizer.json is not JSON", e);
        }
        JsonNode model = root.path("model");
        require("model", model.path("type").asText(), "WordPiece");
        require("normalizer", root.path("normalizer").path("type").asText(), "BertNormalizer");
        require("pre_tokenizer", root.path("pre_tokenizer").path("type").asText(), "BertPreTokenizer");
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode norm = root.path("normalizer");
        boolean lowercase = norm.path("lowercase").asBoolean(true);
        // BertNormalizer: strip_accents null means "follow lowercase"
        boolean strip = norm.path("strip_accents").isNull() || norm.path("strip_accents").isMissingNode()
                ? lowercase : norm.path("strip_accents").asBoolean();
        return new WordPieceTokenizer(vocab, model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100), lowercase, strip);
    }

    private static void require(String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("tokenizer.json: " + what + " is " + actual + ", only " + expected
                    + " is supported");
        }
    }

    public int padId() {
        return pad;
    }

    public int clsId() {
        return cls;
    }

    public int sepId() {
        return sep;
    }

    public int vocabularySize() {
        return vocab.size();
    }

    /** The word pieces of {@code text}, without the framing tokens. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : words(normalize(text))) {
            pieces(word, out);
        }
        return out;
    }

    /** Token ids of {@code text} framed as [CLS] pieces [SEP], at most {@code maxLength} in all. */
    public int[] encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
        List<String> pieces = tokenize(text);
        int n = Math.min(pieces.size(), maxLength - 2);
        int[] ids = new int[n + 2];
        ids[0] = cls;
        for (int i = 0; i < n; i++) {
            ids[i + 1] = vocab.getOrDefault(pieces.get(i), unk);
        }
        ids[n + 1] = sep;
        return ids;
    }

    String normalize(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                b.append(' ');
            } else if (isCjk(cp)) {
                b.append(' ').appendCodePoint(cp).append(' ');
            } else {
                b.appendCodePoint(cp);
            }
        });
        String s = b.toString();
        if (stripAccents) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder c = new StringBuilder(s.length());
            s.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(c::appendCodePoint);
            s = c.toString();
        }
        if (lowercase) {
            s = s.toLowerCase(java.util.Locale.ROOT);
        }
        return s;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ' || Character.isWhitespace(cp)) {
                flush(w, out);
            } else if (isPunctuation(cp)) {
                flush(w, out);
                out.add(new String(Character.toChars(cp)));
            } else {
                w.appendCodePoint(cp);
            }
        }
        flush(w, out);
        return out;
    }

    private static void flush(StringBuilder w, List<String> out) {
        if (!w.isEmpty()) {
            out.add(w.toString());
            w.setLength(0);
        }
    }

    private void pieces(String word, List<String> out) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            out.add("[UNK]");
            return;
        }
        List<String> found = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String piece = null;
            while (start < end) {
                String candidate = (start > 0 ? prefix : "") + word.substring(start, end);
                if (vocab.containsKey(candidate)) {
                    piece = candidate;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (piece == null) {
                out.add("[UNK]");
                return;
            }
            found.add(piece);
            start = end;
        }
        out.addAll(found);
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
