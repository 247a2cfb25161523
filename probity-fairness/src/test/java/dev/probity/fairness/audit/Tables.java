package dev.probity.fairness.audit;

import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.List;

/** Builds small frames from confusion counts, for hand-computed tests. */
public final class Tables {
    private Tables() {
    }

    /** Rows with columns g, y, p: for each group name, {@code tp, fp, tn, fn} rows. */
    public static Frame confusion(Object... groupsAndCounts) {
        List<String> g = new ArrayList<>();
        List<Long> y = new ArrayList<>();
        List<Long> p = new ArrayList<>();
        for (int i = 0; i < groupsAndCounts.length; i += 5) {
            String name = (String) groupsAndCounts[i];
            int[] cells = {(Integer) groupsAndCounts[i + 1], (Integer) groupsAndCounts[i + 2], (Integer) groupsAndCounts[i + 3],
                (Integer) groupsAndCounts[i + 4]};
            long[][] yp = {{1, 1}, {0, 1}, {0, 0}, {1, 0}};
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < cells[c]; k++) {
                    g.add(name);
                    y.add(yp[c][0]);
                    p.add(yp[c][1]);
                }
            }
        }
        return Frame.of(StringColumn.of("g", g.toArray(new String[0])),
                LongColumn.of("y", y.stream().mapToLong(Long::longValue).toArray()),
                LongColumn.of("p", p.stream().mapToLong(Long::longValue).toArray()));
    }
}
