package dev.probity.core.datasets;

import dev.probity.core.frame.Frame;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A dataset bundled with Probity — real public data with the preparation its community uses, or a documented synthetic
 * generator (its description says "Synthetic") — and the roles an audit usually gives its columns.
 *
 * @param name short name ({@code compas}, {@code adult}, ...)
 * @param title human title
 * @param description what the rows are
 * @param source where the file comes from (repository, commit, checksum)
 * @param citation how to cite it
 * @param license the data's license as published
 * @param label the outcome column
 * @param positive the favourable or predicted-positive label value, as text
 * @param prediction a prediction column or expression commonly audited, or null
 * @param protectedAttributes the usual protected attributes
 * @param presets named row filters (SQL expressions), e.g. ProPublica's analysis filter
 * @param subjects plural noun for the rows ("defendants")
 * @param outcome phrase for a positive prediction ("flagged high-risk")
 * @param positiveFavorable whether a positive prediction is good for the person (false for "high risk")
 * @param loader reads and prepares the data
 */
public record Dataset(String name, String title, String description, String source, String citation,
                      String license, String label, String positive, String prediction,
                      List<String> protectedAttributes, Map<String, String> presets, String subjects,
                      String outcome, boolean positiveFavorable, int rows, Supplier<Frame> loader) {

    /** Reads and prepares the data. */
    public Frame load() {
        return loader.get();
    }
}
