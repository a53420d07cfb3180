package streamlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "streamlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule enginesDoNotUseJavaFx = noClasses()
            .that().resideInAnyPackage("streamlab.contention..", "streamlab.stream..", "streamlab.net..",
                    "streamlab.report..", "streamlab.text..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("engines have no UI: the window and the CLI are thin layers over them");

    @ArchTest
    static final ArchRule enginesDoNotUseUiOrCli = noClasses()
            .that().resideInAnyPackage("streamlab.contention..", "streamlab.stream..", "streamlab.net..")
            .should().dependOnClassesThat().resideInAnyPackage("streamlab.ui..", "streamlab.cli..")
            .because("dependencies point one way: ui and cli depend on the engines");

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses()
            .that().resideInAPackage("streamlab.cli..")
            .should().dependOnClassesThat().resideInAPackage("streamlab.ui..")
            .because("the command line runs without a display");
}
