package dev.probity.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md's arrows point down only: faces depend on capabilities, capabilities on core, never back. */
class ArchitectureTest {
    static final JavaClasses PROBITY = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.probity");

    @Test
    void coreDependsOnNothingAbove() {
        noClasses().that().resideInAPackage("dev.probity.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.probity.models..", "dev.probity.fairness..",
                        "dev.probity.report..", "dev.probity.cli..")
                .check(PROBITY);
    }

    @Test
    void capabilitiesDoNotDependOnFaces() {
        noClasses().that().resideInAnyPackage("dev.probity.fairness..", "dev.probity.report..")
                .should().dependOnClassesThat().resideInAPackage("dev.probity.cli..")
                .check(PROBITY);
        noClasses().that().resideInAPackage("dev.probity.fairness..")
                .should().dependOnClassesThat().resideInAPackage("dev.probity.report..")
                .check(PROBITY);
    }

    @Test
    void modelsSitBelowTheCapabilities() {
        noClasses().that().resideInAPackage("dev.probity.models..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.probity.fairness..", "dev.probity.report..",
                        "dev.probity.cli..")
                .check(PROBITY);
    }

    @Test
    void explanationsDoNotDependOnOtherCapabilitiesOrFaces() {
        noClasses().that().resideInAPackage("dev.probity.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.probity.fairness..", "dev.probity.report..",
                        "dev.probity.cli..")
                .check(PROBITY);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.probity.(*)..").should().beFreeOfCycles().check(PROBITY);
    }
}
