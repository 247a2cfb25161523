package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.ledger.registry.Registry;
import dev.probity.ledger.registry.Stage;
import dev.probity.ledger.registry.Transition;
import dev.probity.report.json.RegistryJson;
import dev.probity.report.text.RegistryText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code probity registry}: models and datasets with versions, lifecycle stages and their gates, kept in an evidence log. */
@Command(name = "registry", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        subcommands = {RegistryCommand.Register.class, RegistryCommand.Dataset.class, RegistryCommand.Document.class,
            RegistryCommand.Promote.class, RegistryCommand.Reject.class, RegistryDecisions.Decide.class, RegistryDecisions.OverrideCmd.class,
            RegistryDecisions.Appeal.class, RegistryQueries.Status.class, RegistryQueries.RaciCmd.class, RegistryQueries.OversightCmd.class},
        description = {
            "A model registry kept in an evidence log: every registration, stage change, approval, deployment, decision, "
                + "override and appeal is an event in the log, so the registry is as tamper-evident as the log.",
            "",
            "Stages: draft → validated → approved → deployed → retired. Gates: validated needs a recorded training run that "
                + "wrote the file and a passing audit of it recorded after that run; approved needs an approval signed with the "
                + "approver's own key by someone who did not train it (four eyes); deployed needs that approval to postdate the last "
                + "training run.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  probity registry register --ledger ev --model credit@1 --file model.json --owner head-of-credit",
            "  probity registry promote --ledger ev --model credit@1 --to validated",
            "  probity registry promote --ledger ev --model credit@1 --to approved --sign-key jdoe.key --rationale 'audit ok'",
            "  probity registry status --ledger ev --model credit@1",
            "",
            "Exit status: 0 success, 1 a gate refused the transition (nothing recorded), 2 bad input, 3 internal error."
        })
final class RegistryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a model version as a model file (by its SHA-256), with its owner and who is kept informed.")
    static final class Register extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model's name and version, e.g. credit@3.")
        String model;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The model file (Probity, ONNX or XGBoost).")
        Path file;
        @Option(names = "--owner", paramLabel = "NAME", description = "Who is accountable for the model (default: whoever registers it).")
        String owner;
        @Option(names = "--informed", split = ",", paramLabel = "NAME", description = "People or teams kept informed (comma-separated).")
        List<String> informed = new ArrayList<>();

        @Override
        public Integer call() {
            String[] mv = model(model);
            dev.probity.core.model.Model m = dev.probity.models.io.ModelFiles.load(file, null);
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("algorithm", m.info().algorithm());
            about.put("features", m.info().features().stream().map(dev.probity.core.model.Feature::name).toList());
            about.put("classes", m.info().classes());
            try (Registry r = registry()) {
                long i = r.registerModel(mv[0], mv[1], file, owner, informed, who(), Instant.now(), about);
                out().println(mv[0] + "@" + mv[1] + " registered as entry " + i + " (stage draft)");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "dataset", mixinStandardHelpOptions = true, description = "Register a dataset version (a file by its SHA-256, or a bundled dataset) with its datasheet.")
    static final class Dataset extends RegistrySubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME@VERSION", description = "The dataset's name and version, e.g. applicants@2026-q3.")
        String name;
        @Option(names = "--file", paramLabel = "FILE", description = "The data file.")
        Path file;
        @Option(names = "--bundled", paramLabel = "NAME", description = "A bundled dataset instead of a file (see probity datasets).")
        String bundled;
        @Option(names = "--datasheet", paramLabel = "FILE", description = "A JSON object: the datasheet (Gebru et al. 2021): motivation, composition, collection, preprocessing, uses, distribution, maintenance.")
        String datasheet;

        @Override
        public Integer call() {
            String[] nv = model(name);
            if (bundled != null) {
                if (!dev.probity.core.datasets.Datasets.exists(bundled)) {
                    throw new InputException("no bundled dataset called '" + InputException.shown(bundled) + "' (see probity datasets)");
                }
            }
            try (Registry r = registry()) {
                long i = r.registerDataset(nv[0], nv[1], file, bundled, fields(datasheet, "--datasheet"), who(), Instant.now());
                out().println(nv[0] + "@" + nv[1] + " registered as entry " + i);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "document", mixinStandardHelpOptions = true,
            description = "Record what a model version is for: a JSON object with intended_use, users, out_of_scope, limitations, instructions, human_oversight, contest …; sign it with --sign-key.")
    static final class Document extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version.")
        String model;
        @Option(names = "--json-file", required = true, paramLabel = "FILE", description = "The documentation as a JSON object ('-' for standard input).")
        String jsonFile;

        @Override
        public Integer call() {
            String[] mv = model(model);
            Map<String, Object> f = fields(jsonFile, "--json-file");
            try (Registry r = registry()) {
                long i = r.document(mv[0], mv[1], f, actor, signer(), Instant.now());
                out().println("documentation of " + model + " recorded as entry " + i);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Move a model version to the next stage, if every gate holds; prints the gates.")
    static final class Promote extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version.")
        String model;
        @Option(names = "--to", required = true, paramLabel = "STAGE", description = "validated, approved, deployed or retired.")
        String to;
        @Option(names = "--rationale", paramLabel = "TEXT", description = "Why (recorded with the transition).")
        String rationale;
        @Option(names = "--role", paramLabel = "ROLE", description = "The role in which you act, e.g. 'model risk officer'.")
        String role;
        @Option(names = "--environment", paramLabel = "NAME", description = "Deployment: where (e.g. production-eu).")
        String environment;
        @Option(names = "--json", description = "Print the transition as JSON.")
        boolean json;

        @Override
        public Integer call() {
            String[] mv = model(model);
            Map<String, Object> f = new LinkedHashMap<>();
            put(f, "rationale", rationale);
            put(f, "role", role);
            put(f, "environment", environment);
            try (Registry r = registry()) {
                Transition t = r.promote(mv[0], mv[1], Stage.parse(to), actor, signer(), f, Instant.now());
                (json ? TerminalWriter.raw(out()) : out()).print(json ? RegistryJson.transition(t) : RegistryText.transition(t));
                out().flush();
                return t.done() ? ExitCode.OK : ExitCode.RULE_BROKEN;
            }
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a validated model version (signed); it returns to draft.")
    static final class Reject extends RegistrySubcommand {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The model version.")
        String model;
        @Option(names = "--rationale", required = true, paramLabel = "TEXT", description = "Why.")
        String rationale;
        @Option(names = "--role", paramLabel = "ROLE", description = "The role in which you act.")
        String role;

        @Override
        public Integer call() {
            String[] mv = model(model);
            Map<String, Object> f = new LinkedHashMap<>();
            put(f, "rationale", rationale);
            put(f, "role", role);
            try (Registry r = registry()) {
                Transition t = r.reject(mv[0], mv[1], signer(), f, Instant.now());
                out().print(RegistryText.transition(t));
                out().flush();
                return t.done() ? ExitCode.OK : ExitCode.RULE_BROKEN;
            }
        }
    }

    static void put(Map<String, Object> f, String k, String v) {
        if (v != null) {
            f.put(k, v);
        }
    }
}
