package dev.probity.mitigation;

import dev.probity.core.Internal;
import dev.probity.core.frame.Frame;

import java.util.List;

/**
 * The protected groups a method was fitted on, without the rows: the attributes and the group names in the order
 * the fitted parameters use. A post-processed or pre-processed model keeps one to find the group of each new row
 * from its attribute values; a value never seen in fitting is an error naming the row.
 */
@Internal("use MitigationTask")
public record GroupIndex(List<String> attributes, List<String> names) {
    public GroupIndex {
        attributes = List.copyOf(attributes);
        names = List.copyOf(names);
    }

    public static GroupIndex of(Groups g) {
        return new GroupIndex(g.attributes(), g.names());
    }

    /** The groups of the rows of {@code data}, numbered as in fitting. */
    public Groups rows(Frame data) {
        return Groups.matching(new Groups(attributes, new int[0], names), data);
    }

    public int count() {
        return names.size();
    }
}
