package dev.probity.server;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled demo: COMPAS risk scores logged as a deployed model's predictions, one record per screening on its
 * screening date, windows of a month. The decision is "decile score ≥ 5" (ProPublica's medium or high risk), the label
 * is recidivism within two years. Loaded on the first start of an empty database, so the dashboard has something to show.
 */
public final class DemoData {
    public static final String MODEL = "compas-demo";

    private DemoData() {
    }

    /** Defines the demo model and logs its predictions, once; returns how many predictions were logged (0 if already there). */
    public static int load(ModelStore models, Ingestion ingestion) {
        if (models.get(MODEL).isPresent()) {
            return 0;
        }
        ModelDefinition def = new ModelDefinition(MODEL, List.of("race", "sex"), List.of("age", "priors_count"), "1", "1",
                Map.of("race", "Caucasian"), "1M", null);
        Frame f = Datasets.load("compas");
        Column id = f.column("id");
        Column date = f.column("compas_screening_date");
        Column race = f.column("race");
        Column sex = f.column("sex");
        Column age = f.column("age");
        Column priors = f.column("priors_count");
        Column decile = f.column("decile_score");
        Column label = f.column("two_year_recid");
        List<Records.Record> records = new ArrayList<>(f.rowCount());
        for (int i = 0; i < f.rowCount(); i++) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("race", race.isMissing(i) ? null : race.format(i));
            inputs.put("sex", sex.isMissing(i) ? null : sex.format(i));
            inputs.put("age", age.isMissing(i) ? null : Long.parseLong(age.format(i)));
            inputs.put("priors_count", priors.isMissing(i) ? null : Long.parseLong(priors.format(i)));
            int d = Integer.parseInt(decile.format(i));
            records.add(new Records.Record("compas-" + id.format(i), LocalDate.parse(date.format(i)).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    inputs, d >= 5 ? "1" : "0", d / 10.0, label.format(i)));
        }
        models.define(def, List.of());
        ingestion.predictions(MODEL, records, "demo-load", "demo");
        return records.size();
    }

    static Optional<String> describe(ModelStore models) {
        return models.get(MODEL).map(m -> MODEL + " (COMPAS screenings 2013–2014, windows of a month)");
    }
}
