package dev.probity.cli;

import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Oversight;
import dev.probity.ledger.registry.Raci;
import dev.probity.ledger.registry.Registry;
import dev.probity.report.json.RegistryJson;
import dev.probity.report.text.RegistryText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probity registry status|raci|oversight}: what the registry's evidence says. */
final class RegistryQueries {
    private RegistryQueries() {
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A model version's stage and lineage: the data, training runs, audits, evaluations, explanations, documentation, approvals and deployments behind it; without --model, every registered version.")
    static final class Status extends RegistrySubcommand {
        @Option(names = "--model", paramLabel = "NAME@VERSION", description = "The model version (default: list them all).")
        String model;
        @Option(names = "--json", description = "Print JSON (probity.registry/v1).")
        boolean json;

        @Override
        public Integer call() {
            try (Registry r = registry()) {
                if (model == null) {
                    EvidenceLog log = r.log();
                    for (String key : r.models()) {
                        int at = key.lastIndexOf('@');
                        ModelState m = ModelState.of(log, key.substring(0, at), key.substring(at + 1));
                        out().println(key + "  " + m.stage().label() + "  owner " + m.owner());
                    }
                    if (r.models().isEmpty()) {
                        out().println("no model is registered in " + ledger);
                    }
                } else {
                    String[] mv = model(model);
                    ModelState m = r.model(mv[0], mv[1]);
                    (json ? TerminalWriter.raw(out()) : out()).print(json ? RegistryJson.state(m) : RegistryText.state(m));
                }
                out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "raci", mixinStandardHelpOptions = true,
            description = "Who was responsible, accountable, consulted and informed at each stage of a model version (or of one case's decision), each row with its entries' inclusion proofs.")
    static final class RaciCmd extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version.")
        String model;
        @Option(names = "--case", paramLabel = "ID", description = "One decision's table instead of the model's.")
        String caseId;
        @Option(names = "--json", description = "Print JSON (probity.raci/v1) with the proofs' hashes.")
        boolean json;

        @Override
        public Integer call() {
            String[] mv = model(model);
            try (Registry r = registry()) {
                EvidenceLog log = r.log();
                Raci t = Raci.of(log, ModelState.of(log, mv[0], mv[1]), caseId);
                (json ? TerminalWriter.raw(out()) : out()).print(json ? RegistryJson.raci(t) : RegistryText.raci(t));
                out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "oversight", mixinStandardHelpOptions = true,
            description = "Override and appeal rates by group: the fairness of the humans in the loop, each rate with a Wilson interval and a test against the other groups.")
    static final class OversightCmd extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version.")
        String model;
        @Option(names = "--by", required = true, paramLabel = "ATTR", description = "The attribute whose groups are compared (as recorded with the decisions).")
        String by;
        @Option(names = "--confidence", paramLabel = "LEVEL", description = "Interval confidence level (default 0.95).")
        double confidence = 0.95;
        @Option(names = "--json", description = "Print JSON (probity.oversight/v1).")
        boolean json;

        @Override
        public Integer call() {
            String[] mv = model(model);
            try (Registry r = registry()) {
                Oversight o = Oversight.of(r.model(mv[0], mv[1]), by, confidence);
                (json ? TerminalWriter.raw(out()) : out()).print(json ? RegistryJson.oversight(o) : RegistryText.oversight(o));
                out().flush();
            }
            return ExitCode.OK;
        }
    }
}
