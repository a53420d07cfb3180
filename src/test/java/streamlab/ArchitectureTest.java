package streamlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import javafx.application.Platform;

@AnalyzeClasses(packages = "streamlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule enginesDoNotUseJavaFx = noClasses()
            .that().resideInAnyPackage("streamlab.contention..", "streamlab.stream..", "streamlab.net..",
                    "streamlab.kafka..", "streamlab.report..", "streamlab.text..", "streamlab.io..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("engines have no UI: the window and the CLI are thin layers over them");

    @ArchTest
    static final ArchRule enginesDoNotUseUiOrCli = noClasses()
            .that().resideInAnyPackage("streamlab.contention..", "streamlab.stream..", "streamlab.net..",
                    "streamlab.kafka..")
            .should().dependOnClassesThat().resideInAnyPackage("streamlab.ui..", "streamlab.cli..")
            .because("dependencies point one way: ui and cli depend on the engines");

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses()
            .that().resideInAPackage("streamlab.cli..")
            .should().dependOnClassesThat().resideInAPackage("streamlab.ui..")
            .because("the command line runs without a display");

    @ArchTest
    static final ArchRule shellKnowsTabsOnlyThroughTheRegistry = noClasses()
            .that().resideInAPackage("streamlab.ui.shell..")
            .should().dependOnClassesThat().resideInAnyPackage("streamlab.ui.contention..", "streamlab.ui.stream..",
                    "streamlab.ui.net..", "streamlab.ui.kafka..")
            .because("F5, Ctrl+L and Export run reach a tab through LabTab.Controls, never by casting to its class");

    /** Calls and method references ({@code Platform::runLater}) alike. */
    private static final DescribedPredicate<JavaAccess<?>> RUN_LATER = DescribedPredicate.describe(
            "Platform.runLater", a -> a.getTargetOwner().isEquivalentTo(Platform.class)
                    && a.getName().equals("runLater"));

    @ArchTest
    static final ArchRule viewsDoNotCallRunLater = noClasses()
            .that().resideInAPackage("streamlab.ui..").and().haveNameMatching(".*View(\\$.*)?")
            .should().accessTargetWhere(RUN_LATER)
            .because("views only bind; the FX executor (AppContext.fx()) is injected into the ViewModels");

    @ArchTest
    static final ArchRule viewModelsDoNotUseScene = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
            .because("a ViewModel holds state and commands, not controls or charts");
}
