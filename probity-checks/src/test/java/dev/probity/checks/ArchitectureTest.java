package dev.probity.checks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN.md's layering, enforced on the compiled classes of every module:
 * <pre>
 *   faces         cli, server, spark; the command line starts the server ({@code probity serve})
 *   rendering     report
 *   capabilities  mitigation, explain, ledger, monitor, privacy, text; sql (the SQL engine of the audit)
 *   the audit     fairness
 *   adapters      models
 *   core
 * </pre>
 * Arrows point down only; fairness (the audit) does not import models, so the audit runs without ONNX Runtime,
 * XGBoost or DuckDB; picocli stays in the command line; HTTP and the service's database stay in the server; Spark and
 * Scala stay in the Spark face; faces use no type marked {@code @Internal}.
 */
class ArchitectureTest {
    static final JavaClasses PROBITY = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.probity");

    static final String CORE = "dev.probity.core..";
    static final String MODELS = "dev.probity.models..";
    static final String FAIRNESS = "dev.probity.fairness..";
    static final String SQL = "dev.probity.sql..";
    static final String MITIGATION = "dev.probity.mitigation..";
    static final String EXPLAIN = "dev.probity.explain..";
    static final String REPORT = "dev.probity.report..";
    static final String CLI = "dev.probity.cli..";
    static final String BENCH = "dev.probity.bench..";
    static final String LEDGER = "dev.probity.ledger..";
    static final String MONITOR = "dev.probity.monitor..";
    static final String PRIVACY = "dev.probity.privacy..";
    static final String TEXT = "dev.probity.text..";
    static final String SERVER = "dev.probity.server..";
    static final String SPARK = "dev.probity.spark..";

    /**
     * Whole files are read with {@code FileBytes.read}: {@code Files.readAllBytes} asks for a file in one read, which the
     * JDK stages through a native buffer of the file's size, every page of it new (a 60 MB CSV: 260-350 ms against
     * 30-47 ms; docs/performance.md).
     */
    @Test
    void wholeFilesAreReadInPieces() {
        noClasses().that().resideOutsideOfPackage(BENCH)
                .should().callMethod(java.nio.file.Files.class, "readAllBytes", java.nio.file.Path.class)
                .because("Files.readAllBytes stages the whole file through fresh native memory; use dev.probity.core.io.FileBytes.read")
                .check(PROBITY);
    }

    @Test
    void coreDependsOnNothingAbove() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(MODELS, FAIRNESS, SQL, MITIGATION, EXPLAIN, REPORT, CLI, SERVER, BENCH, LEDGER, MONITOR, PRIVACY, TEXT)
                .check(PROBITY);
    }

    /** The monitor's statistics serve every face (the service and Spark will reuse them): no other capability, no face. */
    @Test
    void theMonitorStandsBelowTheFaces() {
        noClasses().that().resideInAPackage(MONITOR)
                .should().dependOnClassesThat().resideInAnyPackage(SQL, MITIGATION, EXPLAIN, LEDGER, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void modelsSitBelowTheCapabilities() {
        noClasses().that().resideInAPackage(MODELS)
                .should().dependOnClassesThat().resideInAnyPackage(FAIRNESS, SQL, MITIGATION, EXPLAIN, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void theAuditDoesNotImportModelsOrEngines() {
        noClasses().that().resideInAPackage(FAIRNESS)
                .should().dependOnClassesThat().resideInAnyPackage(MODELS, SQL, MITIGATION, EXPLAIN, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void theSqlEngineServesTheAuditOnly() {
        noClasses().that().resideInAPackage(SQL)
                .should().dependOnClassesThat().resideInAnyPackage(MODELS, MITIGATION, EXPLAIN, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void mitigationSitsAboveFairnessAndModels() {
        noClasses().that().resideInAPackage(MITIGATION)
                .should().dependOnClassesThat().resideInAnyPackage(SQL, EXPLAIN, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void explanationsDoNotDependOnOtherCapabilitiesOrFaces() {
        noClasses().that().resideInAPackage(EXPLAIN)
                .should().dependOnClassesThat().resideInAnyPackage(SQL, MITIGATION, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    /**
     * Privacy stands on core, and on the audit's statistics for the private audit: no other capability, no face (a trainer
     * comes in as core's contract).
     */
    @Test
    void privacyStandsOnCoreAndTheAudit() {
        noClasses().that().resideInAPackage(PRIVACY)
                .should().dependOnClassesThat().resideInAnyPackage(SQL, MITIGATION, EXPLAIN, LEDGER, MONITOR, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    /**
     * Text stands on core and models (the encoder runs on the models' ONNX Runtime; the head is a models estimator);
     * it may use the audit, explanations and the monitor as they arrive, never a face, the SQL engine or mitigation. No
     * module below it depends on it (reporting, which renders results, and the faces may).
     */
    @Test
    void textIsACapabilityOnCoreAndModels() {
        noClasses().that().resideInAPackage(TEXT)
                .should().dependOnClassesThat().resideInAnyPackage(SQL, MITIGATION, LEDGER, PRIVACY, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
        noClasses().that().resideInAnyPackage(MODELS, FAIRNESS, SQL, MITIGATION, EXPLAIN, LEDGER, MONITOR, PRIVACY)
                .should().dependOnClassesThat().resideInAPackage(TEXT)
                .check(PROBITY);
    }

    /** The ledger records evidence of any capability without depending on one: core and the JDK's cryptography only. */
    @Test
    void theLedgerStandsOnCoreAlone() {
        noClasses().that().resideInAPackage(LEDGER)
                .should().dependOnClassesThat().resideInAnyPackage(MODELS, FAIRNESS, SQL, MITIGATION, EXPLAIN, REPORT, CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void reportingRendersButIsNoFace() {
        noClasses().that().resideInAPackage(REPORT)
                .should().dependOnClassesThat().resideInAnyPackage(CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    /** The service is a face: nothing below it, and not the command line's commands, reach into it but {@code serve}. */
    @Test
    void httpAndTheServiceDatabaseStayInTheServer() {
        noClasses().that().resideOutsideOfPackage(SERVER)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.hikari..",
                        "org.h2..", "org.postgresql..", "io.micrometer..")
                .check(PROBITY);
        noClasses().that().resideInAPackage(SERVER)
                .should().dependOnClassesThat().resideInAnyPackage(CLI, BENCH)
                .check(PROBITY);
    }

    /**
     * Spark is a face: nothing else uses it (the benchmarks measure it), it uses no other face, and Spark's and Scala's
     * classes stay in it.
     */
    @Test
    void sparkStaysInTheSparkFace() {
        noClasses().that().resideOutsideOfPackages(SPARK, BENCH)
                .should().dependOnClassesThat().resideInAnyPackage(SPARK, "org.apache.spark..", "scala..")
                .check(PROBITY);
        noClasses().that().resideInAPackage(SPARK)
                .should().dependOnClassesThat().resideInAnyPackage(CLI, SERVER, BENCH)
                .check(PROBITY);
    }

    @Test
    void picocliStaysInTheCommandLine() {
        noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(PROBITY);
    }

    /**
     * Faces use the library's API only: nothing marked {@link dev.probity.core.Internal} (the engines' internals,
     * the optimizer, the frozen views), so that the service and Spark can stand on what the command line stands on.
     */
    @Test
    void facesUseOnlyThePublicApi() {
        noClasses().that().resideInAnyPackage(CLI, SERVER, SPARK)
                .should().dependOnClassesThat().areAnnotatedWith(dev.probity.core.Internal.class)
                .check(PROBITY);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.probity.(*)..").should().beFreeOfCycles().check(PROBITY);
    }
}
