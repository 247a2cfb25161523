package dev.probity.server.store;

import dev.probity.core.InputException;
import dev.probity.privacy.budget.PrivacyBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The models' privacy budgets: one file of the library's {@link PrivacyBudget} per model, in {@code budgets/} under the
 * service's data folder ({@code budgets/<model>.budget}). The library's file is the single account: it debits under an
 * exclusive lock (between threads and between processes), forces each debit to the disk before the answer is computed,
 * and refuses what would overspend. The database holds no copy, so the two cannot disagree; back the folder up with
 * the database.
 */
public final class Budgets {
    private final Path folder;

    /** @param dataDir the service's data folder; null (an external database and no data folder): no budgets */
    public Budgets(Path dataDir) {
        this.folder = dataDir == null ? null : dataDir.resolve("budgets");
    }

    /** The model's budget, if one was created. */
    public Optional<PrivacyBudget> find(String model) {
        if (folder == null) {
            return Optional.empty();
        }
        Path f = file(model);
        return Files.isRegularFile(f) ? Optional.of(PrivacyBudget.open(f)) : Optional.empty();
    }

    /** The model's budget, or a conflict saying how to create one. */
    public PrivacyBudget require(String model) {
        return find(model).orElseThrow(() -> new ModelStore.ConflictException(folder == null
                ? "private queries need a data folder for the privacy budgets; this service runs without one"
                : "model " + model + " has no privacy budget: an admin creates one (POST /api/v1/models/" + model + "/budget)"));
    }

    /** Creates the model's budget; a second creation is a conflict (a budget is never replaced or raised). */
    public synchronized PrivacyBudget create(String model, BigDecimal epsilon, BigDecimal delta) {
        if (folder == null) {
            throw new ModelStore.ConflictException("private queries need a data folder for the privacy budgets; this service runs without one");
        }
        Optional<PrivacyBudget> existing = find(model);
        if (existing.isPresent()) {
            throw exists(model, existing.get());
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return PrivacyBudget.create(file(model), "model " + model, epsilon, delta);
        } catch (InputException e) {
            // another process created it in between: the library refuses to replace it
            Optional<PrivacyBudget> now = find(model);
            if (now.isPresent()) {
                throw exists(model, now.get());
            }
            throw e;
        }
    }

    private static ModelStore.ConflictException exists(String model, PrivacyBudget b) {
        return new ModelStore.ConflictException("model " + model + " has a privacy budget already (ε " + b.totalEpsilon().toPlainString() + ", δ "
                + b.totalDelta().toPlainString() + ", created " + b.created() + "); a budget is never replaced or raised");
    }

    private Path file(String model) {
        // a model's name is letters, digits, '.', '_' and '-', starting with a letter or digit (ModelDefinition): a safe file name
        return folder.resolve(model + ".budget");
    }
}
