package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.ledger.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code probity registry decide|override|appeal}: individual decisions and what people did about them. */
final class RegistryDecisions {
    private RegistryDecisions() {
    }

    @Command(name = "decide", mixinStandardHelpOptions = true,
            description = {"Record decisions a deployed model version made about individual cases: one with --case, or many from a file (one row per case); "
                + "a case is decided once. Each decision is on disk when acknowledged; an interrupted import keeps those written (resume with --skip-recorded).",
                "Groups (--group) let 'registry oversight' compare override and appeal rates across them."})
    static final class Decide extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version that decided.")
        String model;
        @Option(names = "--case", paramLabel = "ID", description = "One case: its identifier.")
        String caseId;
        @Option(names = "--outcome", paramLabel = "VALUE", description = "One case: the decision (e.g. approved, declined).")
        String outcome;
        @Option(names = "--group", paramLabel = "ATTR=GROUP", description = "One case: a group it belongs to (repeatable), e.g. sex=Female.")
        List<String> groups = new ArrayList<>();
        @Option(names = "--file", paramLabel = "FILE", description = "Many cases: a CSV (or Parquet, JSON lines) file, one row per case.")
        Path file;
        @Option(names = "--case-column", paramLabel = "COL", description = "With --file: the case identifier column (default: case).")
        String caseColumn = "case";
        @Option(names = "--outcome-column", paramLabel = "COL", description = "With --file: the decision column (default: outcome).")
        String outcomeColumn = "outcome";
        @Option(names = "--group-columns", split = ",", paramLabel = "COL", description = "With --file: columns holding groups, e.g. sex,race.")
        List<String> groupColumns = new ArrayList<>();
        @Option(names = "--skip-recorded", description = "Leave out cases already decided (to resume an interrupted import); without it they are refused.")
        boolean skipRecorded;

        @Override
        public Integer call() {
            String[] mv = model(model);
            List<Map<String, Object>> decisions = file != null ? fromFile() : List.of(one());
            try (Registry r = registry()) {
                List<Long> idx = r.recordDecisions(mv[0], mv[1], decisions, who(), Instant.now(), skipRecorded);
                out().println(idx.isEmpty() ? "no new decision: every case was already recorded"
                        : idx.size() == 1 ? "decision recorded as entry " + idx.get(0)
                        : idx.size() + " decisions recorded as entries " + idx.get(0) + " to " + idx.get(idx.size() - 1)
                        + (idx.size() < decisions.size() ? " (" + (decisions.size() - idx.size()) + " already recorded, left out)" : ""));
            }
            return ExitCode.OK;
        }

        private Map<String, Object> one() {
            if (caseId == null) {
                throw new InputException("give --case ID for one decision, or --file FILE for many");
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("case", caseId);
            RegistryCommand.put(d, "outcome", outcome);
            Map<String, Object> g = new LinkedHashMap<>();
            for (String s : groups) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new InputException("--group is ATTR=GROUP, e.g. sex=Female; got '" + InputException.shown(s) + "'");
                }
                g.put(s.substring(0, eq), s.substring(eq + 1));
            }
            d.put("groups", g);
            return d;
        }

        private List<Map<String, Object>> fromFile() {
            if (caseId != null) {
                throw new InputException("give --case for one decision or --file for many, not both");
            }
            Frame f = DataReader.read(file, ReadOptions.defaults());
            Column id = f.column(caseColumn);
            Column out = f.has(outcomeColumn) ? f.column(outcomeColumn) : null;
            if (!f.has(outcomeColumn) && !outcomeColumn.equals("outcome")) {
                throw new InputException(file + ": " + f.unknownColumnMessage(outcomeColumn));
            }
            List<Column> gs = groupColumns.stream().map(f::column).toList();
            List<Map<String, Object>> rows = new ArrayList<>(f.rowCount());
            for (int i = 0; i < f.rowCount(); i++) {
                if (id.isMissing(i)) {
                    throw new InputException(file + ", row " + (i + 1) + ": the case identifier (" + caseColumn + ") is missing");
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("case", id.format(i));
                if (out != null && !out.isMissing(i)) {
                    d.put("outcome", out.format(i));
                }
                Map<String, Object> g = new LinkedHashMap<>();
                for (Column c : gs) {
                    if (!c.isMissing(i)) {
                        g.put(c.name(), c.format(i));
                    }
                }
                d.put("groups", g);
                rows.add(d);
            }
            if (rows.isEmpty()) {
                throw new InputException(file + " has no rows");
            }
            return rows;
        }
    }

    @Command(name = "override", mixinStandardHelpOptions = true, description = "Record a person changing a model's decision about a case, with the reason.")
    static final class OverrideCmd extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version that decided.")
        String model;
        @Option(names = "--case", required = true, paramLabel = "ID", description = "The case (its decision must be recorded).")
        String caseId;
        @Option(names = "--to", required = true, paramLabel = "VALUE", description = "The decision the person made instead.")
        String to;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;
        @Option(names = "--role", paramLabel = "ROLE", description = "The reviewer's role.")
        String role;

        @Override
        public Integer call() {
            String[] mv = model(model);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("to", to);
            f.put("reason", reason);
            RegistryCommand.put(f, "role", role);
            try (Registry r = registry()) {
                out().println("override recorded as entry " + r.override(mv[0], mv[1], caseId, f, actor, signer(), Instant.now()));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "appeal", mixinStandardHelpOptions = true, description = "Record an appeal of a decision and its result (upheld, overturned or pending).")
    static final class Appeal extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version that decided.")
        String model;
        @Option(names = "--case", required = true, paramLabel = "ID", description = "The case (its decision must be recorded).")
        String caseId;
        @Option(names = "--result", required = true, paramLabel = "RESULT", description = "upheld, overturned or pending.")
        String result;
        @Option(names = "--reason", paramLabel = "TEXT", description = "The appellant's grounds, or the ruling's reason.")
        String reason;

        @Override
        public Integer call() {
            String[] mv = model(model);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("result", result);
            RegistryCommand.put(f, "reason", reason);
            try (Registry r = registry()) {
                out().println("appeal recorded as entry " + r.appeal(mv[0], mv[1], caseId, f, actor, signer(), Instant.now()));
            }
            return ExitCode.OK;
        }
    }
}
