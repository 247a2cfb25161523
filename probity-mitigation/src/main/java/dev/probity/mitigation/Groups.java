package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * The protected groups a mitigation method works with: every row's group, where a group is one value of
 * one protected attribute or, with several attributes, one combination of their values (their
 * intersection). Missing values form their own group.
 */
public record Groups(List<String> attributes, int[] of, List<String> names) {
    public Groups {
        attributes = List.copyOf(attributes);
        names = List.copyOf(names);
    }

    /** Groups the rows of {@code data} by {@code attributes}; a column that does not exist is an error naming it. */
    public static Groups of(Frame data, List<String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            throw new InputException("name at least one protected attribute ({{protected}})");
        }
        List<String> resolved = new ArrayList<>();
        for (String a : attributes) {
            if (!data.has(a)) {
                throw new InputException("protected attribute: " + data.unknownColumnMessage(a));
            }
            resolved.add(data.column(a).name());
        }
        Grouping g = data.groupBy(resolved);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < g.groupCount(); k++) {
            names.add(String.join(" & ", g.labels(k)));
        }
        return new Groups(resolved, g.rowGroups(), names);
    }

    public int count() {
        return names.size();
    }

    public int rows() {
        return of.length;
    }

    public Groups select(int[] rows) {
        int[] o = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            o[i] = of[rows[i]];
        }
        return new Groups(attributes, o, names);
    }

    /** Group sizes. */
    public int[] sizes() {
        int[] s = new int[count()];
        for (int g : of) {
            s[g]++;
        }
        return s;
    }

    /** The same groups over other rows of the same attributes (e.g. test data), matched by name. */
    public static Groups matching(Groups fitted, Frame data) {
        Groups fresh = of(data, fitted.attributes());
        int[] o = new int[fresh.rows()];
        for (int i = 0; i < o.length; i++) {
            String name = fresh.names().get(fresh.of()[i]);
            int k = fitted.names().indexOf(name);
            if (k < 0) {
                throw new InputException(data.source() + ": group '" + name + "' of " + fitted.attributes()
                        + " was not seen when the method was fitted (" + fitted.names() + ") at " + data.origin().describe(i));
            }
            o[i] = k;
        }
        return new Groups(fitted.attributes(), o, fitted.names());
    }
}
