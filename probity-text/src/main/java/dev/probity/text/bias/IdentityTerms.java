package dev.probity.text.bias;

import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identity terms by dimension and group, aligned by position: in each dimension every group lists the same number of
 * terms, and the i-th term of one group is the counterpart of the i-th of another ({@code he} ↔ {@code she},
 * {@code John} ↔ {@code Mary}). The file has one group per line, tab- or {@code |}-separated: the dimension, the group,
 * then its terms; {@code #} starts a comment. A term may be several words.
 *
 * <p>{@link #swap} rewrites a sentence into one group's version: every term of the dimension it mentions (whole words,
 * any case) becomes that group's counterpart, keeping an initial capital. A term listed twice in a group (English
 * {@code her} is both {@code him} and {@code his}) maps to its first counterpart: the file's order decides.
 */
public final class IdentityTerms {
    private final Map<String, Map<String, List<String>>> dimensions;

    public IdentityTerms(Map<String, Map<String, List<String>>> dimensions) {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        dimensions.forEach((d, groups) -> {
            if (groups.size() < 2) {
                throw new InputException("identity terms: dimension '" + d + "' needs at least two groups, has " + groups.keySet());
            }
            int size = -1;
            Map<String, List<String>> g = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : groups.entrySet()) {
                if (size >= 0 && e.getValue().size() != size) {
                    throw new InputException("identity terms: in dimension '" + d + "' group '" + e.getKey() + "' has "
                            + e.getValue().size() + " terms, the others " + size + "; the terms are aligned by position");
                }
                size = e.getValue().size();
                g.put(e.getKey(), List.copyOf(e.getValue()));
            }
            copy.put(d, g);
        });
        this.dimensions = copy;
    }

    /** Probity's own term lists (pronoun, person, name, religion): {@code identity-terms.txt} in this package. */
    public static IdentityTerms builtIn() {
        return parse(resourceLines("identity-terms.txt"), "the built-in identity terms");
    }

    static List<String> resourceLines(String name) {
        try (var in = IdentityTerms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static IdentityTerms read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the identity terms: " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    public static IdentityTerms parse(List<String> lines, String source) {
        Map<String, Map<String, List<String>>> dims = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s*[\\t|]\\s*");
            if (f.length < 3) {
                throw new InputException(source + ":" + n + ": expected a dimension, a group and its terms, separated by tabs or |");
            }
            List<String> terms = new ArrayList<>();
            for (int i = 2; i < f.length; i++) {
                if (!f[i].isBlank()) {
                    terms.add(f[i].strip());
                }
            }
            if (dims.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], terms) != null) {
                throw new InputException(source + ":" + n + ": group '" + f[1] + "' of '" + f[0] + "' is listed twice");
            }
        }
        if (dims.isEmpty()) {
            throw new InputException(source + ": no identity terms");
        }
        return new IdentityTerms(dims);
    }

    public List<String> dimensions() {
        return List.copyOf(dimensions.keySet());
    }

    public List<String> groups(String dimension) {
        return List.copyOf(groupsOf(dimension).keySet());
    }

    public List<String> terms(String dimension, String group) {
        return groupsOf(dimension).get(group);
    }

    private Map<String, List<String>> groupsOf(String dimension) {
        Map<String, List<String>> g = dimensions.get(dimension);
        if (g == null) {
            throw new IllegalArgumentException("no dimension '" + dimension + "' in " + dimensions.keySet());
        }
        return g;
    }

    private Pattern pattern(String dimension) {
        List<String> all = new ArrayList<>();
        groupsOf(dimension).values().forEach(all::addAll);
        all.sort((a, b) -> b.length() - a.length());
        StringBuilder b = new StringBuilder("(?<![\\p{L}\\p{N}])(");
        for (int i = 0; i < all.size(); i++) {
            b.append(i == 0 ? "" : "|").append(Pattern.quote(all.get(i)));
        }
        return Pattern.compile(b.append(")(?![\\p{L}\\p{N}])").toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The groups of {@code dimension} that {@code text} mentions (by any of their terms), in the file's order. */
    public List<String> mentioned(String dimension, String text) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : groupsOf(dimension).entrySet()) {
            for (String t : e.getValue()) {
                if (Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(t) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find()) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    /** Whether {@code text} mentions any term of {@code dimension}. */
    public boolean mentions(String dimension, String text) {
        return pattern(dimension).matcher(text).find();
    }

    /** {@code text} with every term of {@code dimension} replaced by its counterpart in {@code group}. */
    public String swap(String dimension, String text, String group) {
        Map<String, List<String>> groups = groupsOf(dimension);
        List<String> target = groups.get(group);
        if (target == null) {
            throw new IllegalArgumentException("no group '" + group + "' in dimension '" + dimension + "'");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (List<String> terms : groups.values()) {
            for (int i = 0; i < terms.size(); i++) {
                index.putIfAbsent(terms.get(i).toLowerCase(Locale.ROOT), i);
            }
        }
        // the target group's own terms map to themselves first
        for (int i = 0; i < target.size(); i++) {
            index.put(target.get(i).toLowerCase(Locale.ROOT), i);
        }
        Matcher m = pattern(dimension).matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group(1);
            String replacement = target.get(index.get(found.toLowerCase(Locale.ROOT)));
            if (Character.isUpperCase(found.codePointAt(0)) && !replacement.isEmpty()) {
                replacement = replacement.substring(0, 1).toUpperCase(Locale.ROOT) + replacement.substring(1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
