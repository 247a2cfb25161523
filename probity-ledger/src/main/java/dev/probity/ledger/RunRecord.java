package dev.probity.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code run} event: a piece of work, what it read and wrote (by SHA-256), its exit status, its result as JSON, and
 * what it cost in energy. The command line's {@code --ledger} records one per command; Java code records its own the
 * same way, so the registry ({@link dev.probity.ledger.registry.ModelState}) reads both alike: a run that wrote a model
 * file trained it, a run of {@code audit} that read it audited it.
 * <pre>{@code
 * byte[] e = RunRecord.of(List.of("train", "--data", "applicants.csv"))
 *         .input("data", Path.of("applicants.csv")).output("out", Path.of("model.json")).exit(0)
 *         .event("alice", Instant.now());
 * ledger.append(e);
 * }</pre>
 */
public final class RunRecord {
    /** Results larger than this are recorded by size and hash only (an entry holds at most 16 MiB). */
    public static final int MAX_RESULT = 8 << 20;

    private final List<String> command;
    private final Map<String, Object> tool = new LinkedHashMap<>();
    private final List<Object> inputs = new ArrayList<>();
    private final List<Object> outputs = new ArrayList<>();
    private String printed;
    private int exit;
    private String result;
    private Map<String, ?> energy;

    private RunRecord(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a run has a command: its name first, e.g. [\"train\", \"--data\", \"x.csv\"]");
        }
        this.command = List.copyOf(command);
    }

    /** A run of {@code command} (its name first, then its arguments). */
    public static RunRecord of(List<String> command) {
        return new RunRecord(command);
    }

    public RunRecord tool(String name, String version) {
        tool.put("name", name);
        tool.put("version", version);
        return this;
    }

    /** A file it read, by path, size and SHA-256 ({@code role}: data, model, test …). */
    public RunRecord input(String role, Path file) {
        inputs.add(Evidence.file(role, file));
        return this;
    }

    /** A bundled dataset it read, by name. */
    public RunRecord inputDataset(String role, String name) {
        inputs.add(Map.of("role", role, "dataset", name));
        return this;
    }

    /** A setting that named no file (e.g. a model kind, or '-' for standard input). */
    public RunRecord inputValue(String role, String value) {
        inputs.add(Map.of("role", role, "value", value));
        return this;
    }

    /** A file it wrote. */
    public RunRecord output(String role, Path file) {
        outputs.add(Evidence.file(role, file));
        return this;
    }

    /** The SHA-256 of what it printed. */
    public RunRecord printed(String sha256) {
        this.printed = sha256;
        return this;
    }

    public RunRecord exit(int status) {
        this.exit = status;
        return this;
    }

    /** Its result as a JSON text (recorded whole up to {@link #MAX_RESULT}, else by size and hash). */
    public RunRecord result(String json) {
        this.result = json;
        return this;
    }

    /** Its energy and CO₂ (as {@code dev.probity.core.energy.EnergyUse#toMap()} gives them). */
    public RunRecord energy(Map<String, ?> energy) {
        this.energy = energy;
        return this;
    }

    /** The canonical event, by {@code actor} at {@code time}. */
    public byte[] event(String actor, Instant time) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", command);
        if (!tool.isEmpty()) {
            f.put("tool", tool);
        }
        f.put("inputs", inputs);
        f.put("outputs", outputs);
        if (printed != null) {
            f.put("printed_sha256", printed);
        }
        f.put("exit", exit);
        if (result != null) {
            byte[] b = result.getBytes(StandardCharsets.UTF_8);
            if (b.length <= MAX_RESULT) {
                f.put("result", Jcs.parse(result));
            } else {
                f.put("result_omitted", Map.of("bytes", b.length, "sha256", Evidence.sha256(b),
                        "reason", "larger than " + (MAX_RESULT >> 20) + " MiB; keep the JSON output, whose hash is recorded"));
            }
        }
        if (energy != null) {
            f.put("energy", energy);
        }
        return Evidence.of("run", actor, time, f);
    }
}
