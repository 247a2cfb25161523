package dev.probity.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.datasets.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity datasets}: the bundled real datasets, their roles and provenance. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = {
    "List the bundled datasets: rows, label, protected attributes, presets and provenance. Use a name wherever a file "
        + "is expected: probity audit --data compas ..."})
final class DatasetsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @CommandLine.Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (quiet.quiet && !json) {
            return ExitCode.OK;
        }
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(TerminalWriter.raw(out)).useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Dataset d : Datasets.all()) {
                g.writeStartObject();
                g.writeStringField("name", d.name());
                g.writeStringField("title", d.title());
                g.writeNumberField("rows", d.rows());
                g.writeStringField("label", d.label());
                g.writeStringField("positive", d.positive());
                if (d.prediction() == null) {
                    g.writeNullField("prediction");
                } else {
                    g.writeStringField("prediction", d.prediction());
                }
                g.writeArrayFieldStart("protected");
                for (String p : d.protectedAttributes()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("presets");
                for (Map.Entry<String, String> e : d.presets().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeStringField("source", d.source());
                g.writeStringField("citation", d.citation());
                g.writeStringField("license", d.license());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            out.println();
            return ExitCode.OK;
        }
        for (Dataset d : Datasets.all()) {
            out.printf("%-11s %s%n", d.name(), d.title());
            out.printf("            %,d rows · label %s%s%s · protected %s%n", d.rows(), d.label(),
                    d.positive() == null ? "" : " (positive " + d.positive() + ")",
                    d.prediction() == null ? "" : " · prediction " + d.prediction(), String.join(", ", d.protectedAttributes()));
            for (Map.Entry<String, String> e : d.presets().entrySet()) {
                out.printf("            preset %s: %s%n", e.getKey(), e.getValue());
            }
            out.printf("            %s%n            %s; %s%n%n", d.description(), d.citation(), d.license());
        }
        out.println("Audit one by name, e.g.: probity audit --data compas --preset propublica");
        out.flush();
        return ExitCode.OK;
    }
}
