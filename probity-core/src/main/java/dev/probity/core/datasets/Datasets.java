package dev.probity.core.datasets;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The datasets bundled in the repository's {@code data/} folder (and inside the probity-core jar), each
 * with its usual preparation:
 * <ul>
 *   <li>{@code compas} — ProPublica's two-year recidivism file, all 7,214 rows; preset {@code propublica}
 *       applies ProPublica's analysis filter (6,172 rows remain).</li>
 *   <li>{@code adult} and {@code adult-test} — UCI Adult's training (32,561 rows) and test (16,281 rows)
 *       files; fields trimmed, named, the test file's banner line skipped and the trailing dot of its
 *       labels removed, {@code ?} kept as its own category.</li>
 *   <li>{@code german} — UCI Statlog German credit (1,000 rows), coded attributes decoded to readable values,
 *       with {@code sex} derived from the personal-status code and {@code age_group} (AIF360's split at 25).</li>
 * </ul>
 */
public final class Datasets {
    private static final String ROOT = "/dev/probity/core/datasets/data/";

    /** ProPublica's filter, as in "How We Analyzed the COMPAS Recidivism Algorithm". */
    public static final String PROPUBLICA_FILTER = "days_b_screening_arrest BETWEEN -30 AND 30 AND is_recid <> -1 "
            + "AND c_charge_degree <> 'O' AND score_text <> 'N/A'";

    static final List<String> ADULT_COLUMNS = List.of("age", "workclass", "fnlwgt", "education", "education_num",
            "marital_status", "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
            "hours_per_week", "native_country", "income");

    private static final Map<String, Dataset> ALL = new LinkedHashMap<>();

    static {
        add(new Dataset("compas", "ProPublica COMPAS recidivism (two-year)",
                "Defendants scored by COMPAS in Broward County, Florida, 2013-2014, with whether they reoffended within two years.",
                "github.com/propublica/compas-analysis @ bafff5da, compas-scores-two-years.csv without the columns that name people "
                        + "(name, first, last, dob, case numbers; data/compas/make_extract.py)",
                "J. Angwin, J. Larson, S. Mattu, L. Kirchner, \"Machine Bias\", ProPublica, 2016",
                "published by ProPublica with the \"Machine Bias\" story; no license file (see data/compas/README.md)",
                "two_year_recid", "1", "decile_score >= 5", List.of("race", "sex", "age_cat"),
                Map.of("propublica", PROPUBLICA_FILTER), "defendants", "flagged high-risk", false, 7214,
                Datasets::compas));
        add(new Dataset("adult", "UCI Adult census income (training file)",
                "US census records (1994) with whether income exceeds $50K a year.",
                "UCI adult.data (md5 5d7c39d7…)", "B. Becker and R. Kohavi, \"Adult\", UCI Machine Learning Repository, 1996, DOI 10.24432/C5XW20",
                "CC BY 4.0", "income", ">50K", null, List.of("sex", "race"), Map.of(), "people",
                "predicted to earn over $50K", true, 32561, () -> adult("adult/adult.data", 0, "adult.data")));
        add(new Dataset("adult-test", "UCI Adult census income (test file)",
                "The held-out test records of UCI Adult; labels without the trailing dot of the original file.",
                "UCI adult.test (md5 35238206…)", "B. Becker and R. Kohavi, \"Adult\", UCI Machine Learning Repository, 1996, DOI 10.24432/C5XW20",
                "CC BY 4.0", "income", ">50K", null, List.of("sex", "race"), Map.of(), "people",
                "predicted to earn over $50K", true, 16281, () -> adult("adult/adult.test", 1, "adult.test")));
        add(new Dataset("german", "UCI Statlog German credit",
                "Loan applicants of a German bank classified as good or bad credit risks.",
                "UCI german.data (sha256 b21f3d81…)", "H. Hofmann, \"Statlog (German Credit Data)\", UCI Machine Learning Repository, 1994, DOI 10.24432/C5NC77",
                "CC BY 4.0", "credit", "good", null, List.of("sex", "age_group", "foreign_worker"), Map.of(),
                "applicants", "rated good credit", true, 1000, Datasets::german));
    }

    private Datasets() {
    }

    private static void add(Dataset d) {
        ALL.put(d.name(), d);
    }

    /** All bundled datasets, in a fixed order. */
    public static List<Dataset> all() {
        return List.copyOf(ALL.values());
    }

    /** The dataset of this name (case-insensitive). */
    public static Dataset get(String name) {
        Dataset d = ALL.get(name.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new InputException("no bundled dataset '" + name + "'; bundled: " + String.join(", ", ALL.keySet()));
        }
        return d;
    }

    public static boolean exists(String name) {
        return ALL.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Reads and prepares a bundled dataset. */
    public static Frame load(String name) {
        return get(name).load();
    }

    static InputStream resource(String path) {
        InputStream in = Datasets.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new InputException("bundled data file " + path + " is missing from the class path");
        }
        return in;
    }

    private static Frame compas() {
        return DataReader.read("compas-scores-two-years-extract.csv", resource("compas/compas-scores-two-years-extract.csv"),
                ReadOptions.defaults(), Format.CSV);
    }

    private static Frame adult(String path, int skip, String sourceName) {
        ReadOptions o = ReadOptions.defaults().header(false).columnNames(ADULT_COLUMNS).trim(true).skipLines(skip);
        Frame f = DataReader.read(sourceName, resource(path), o, Format.CSV);
        // adult.test writes its labels as ">50K." and "<=50K.": drop the dot so both files agree.
        StringColumn income = (StringColumn) f.column("income");
        String[] dict = income.dictionary().clone();
        for (int i = 0; i < dict.length; i++) {
            if (dict[i].endsWith(".")) {
                dict[i] = dict[i].substring(0, dict[i].length() - 1);
            }
        }
        return f.withColumn(new StringColumn("income", income.codes(), dict));
    }

    static final List<String> GERMAN_COLUMNS = List.of("checking_status", "duration_months", "credit_history",
            "purpose", "credit_amount", "savings", "employment_since", "installment_rate", "personal_status_sex",
            "other_debtors", "residence_since", "property", "age", "other_installment_plans", "housing",
            "existing_credits", "job", "dependents", "telephone", "foreign_worker", "credit_risk");

    /** Readable values of german.doc's attribute codes. */
    static final Map<String, String> GERMAN_CODES = Map.ofEntries(
            Map.entry("A11", "< 0 DM"), Map.entry("A12", "0 to < 200 DM"), Map.entry("A13", ">= 200 DM or salary assigned"),
            Map.entry("A14", "no checking account"),
            Map.entry("A30", "no credits taken / all paid back duly"), Map.entry("A31", "all credits at this bank paid back duly"),
            Map.entry("A32", "existing credits paid back duly till now"), Map.entry("A33", "delay in paying off in the past"),
            Map.entry("A34", "critical account / other credits elsewhere"),
            Map.entry("A40", "car (new)"), Map.entry("A41", "car (used)"), Map.entry("A42", "furniture/equipment"),
            Map.entry("A43", "radio/television"), Map.entry("A44", "domestic appliances"), Map.entry("A45", "repairs"),
            Map.entry("A46", "education"), Map.entry("A47", "vacation"), Map.entry("A48", "retraining"),
            Map.entry("A49", "business"), Map.entry("A410", "others"),
            Map.entry("A61", "< 100 DM"), Map.entry("A62", "100 to < 500 DM"), Map.entry("A63", "500 to < 1000 DM"),
            Map.entry("A64", ">= 1000 DM"), Map.entry("A65", "unknown / no savings account"),
            Map.entry("A71", "unemployed"), Map.entry("A72", "< 1 year"), Map.entry("A73", "1 to < 4 years"),
            Map.entry("A74", "4 to < 7 years"), Map.entry("A75", ">= 7 years"),
            Map.entry("A91", "male: divorced/separated"), Map.entry("A92", "female: divorced/separated/married"),
            Map.entry("A93", "male: single"), Map.entry("A94", "male: married/widowed"), Map.entry("A95", "female: single"),
            Map.entry("A101", "none"), Map.entry("A102", "co-applicant"), Map.entry("A103", "guarantor"),
            Map.entry("A121", "real estate"), Map.entry("A122", "building society savings / life insurance"),
            Map.entry("A123", "car or other"), Map.entry("A124", "unknown / no property"),
            Map.entry("A141", "bank"), Map.entry("A142", "stores"), Map.entry("A143", "none"),
            Map.entry("A151", "rent"), Map.entry("A152", "own"), Map.entry("A153", "for free"),
            Map.entry("A171", "unemployed / unskilled non-resident"), Map.entry("A172", "unskilled resident"),
            Map.entry("A173", "skilled employee / official"), Map.entry("A174", "management / self-employed / highly qualified"),
            Map.entry("A191", "none"), Map.entry("A192", "yes, registered"),
            Map.entry("A201", "yes"), Map.entry("A202", "no"));

    private static Frame german() {
        ReadOptions o = ReadOptions.defaults().header(false).delimiter(' ').columnNames(GERMAN_COLUMNS);
        Frame raw = DataReader.read("german.data", resource("german_credit/german.data"), o, Format.CSV);
        List<Column> out = new ArrayList<>();
        for (Column c : raw.columns()) {
            if (c instanceof StringColumn s) {
                String[] dict = s.dictionary().clone();
                for (int i = 0; i < dict.length; i++) {
                    String decoded = GERMAN_CODES.get(dict[i]);
                    if (decoded == null) {
                        throw new InputException("german.data: unknown attribute code '" + dict[i] + "' in column '"
                                + c.name() + "'");
                    }
                    dict[i] = decoded;
                }
                out.add(new StringColumn(c.name(), s.codes(), dict));
            } else if (!c.name().equals("credit_risk")) {
                out.add(c);
            }
        }
        int n = raw.rowCount();
        StringColumn personal = (StringColumn) raw.column("personal_status_sex");
        String[] sex = new String[n];
        String[] ageGroup = new String[n];
        String[] credit = new String[n];
        long[] age = ((LongColumn) raw.column("age")).values();
        long[] risk = ((LongColumn) raw.column("credit_risk")).values();
        for (int i = 0; i < n; i++) {
            String code = personal.getString(i);
            sex[i] = code.equals("A92") || code.equals("A95") ? "female" : "male";
            ageGroup[i] = age[i] > 25 ? "over 25" : "25 or under";
            credit[i] = risk[i] == 1 ? "good" : "bad";
        }
        out.add(StringColumn.of("sex", sex));
        out.add(StringColumn.of("age_group", ageGroup));
        out.add(StringColumn.of("credit", credit));
        return new Frame("german.data", out, raw.origin());
    }
}
