package streamlab.ui.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The Stream view model holds plain data: charts and other scene nodes belong to the view. */
class StreamViewModelPlainDataTest {

    @Test
    void theStreamViewModelUsesNoSceneClasses() {
        JavaClasses classes = new ClassFileImporter().importPackages("streamlab.ui.stream");
        noClasses().that().haveNameMatching("streamlab\\.ui\\.stream\\.StreamViewModel.*")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .check(classes);
    }
}
