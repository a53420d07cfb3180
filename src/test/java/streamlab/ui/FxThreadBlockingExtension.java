package streamlab.ui;

import java.util.Arrays;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * Runs {@link FxThreadBlockingGuard} for the UI tests: installs it before a TestFX class (one with
 * {@code @ExtendWith(ApplicationExtension.class)}) or before a test under {@code streamlab.ui} that finds the FX
 * toolkit running, and fails a test after which StreamLab code is found to have blocked the FX thread. Registered
 * for the whole suite through {@code META-INF/services} (JUnit's extension auto-detection), so no UI test can forget
 * it. Tests that never start JavaFX (engines, CLI, headless ViewModels) are left alone and, run by themselves, do not
 * pay for BlockHound's start-up.
 */
public final class FxThreadBlockingExtension
        implements BeforeAllCallback, BeforeTestExecutionCallback, AfterEachCallback, AfterAllCallback {

    private static boolean inUiPackage(ExtensionContext context) {
        return context.getTestClass().map(c -> c.getName().startsWith("streamlab.ui.")).orElse(false);
    }

    private static boolean isUiTest(ExtensionContext context) {
        return inUiPackage(context) && FxThreadBlockingGuard.installed();
    }

    private static boolean usesTestFx(Class<?> testClass) {
        return AnnotationSupport.findRepeatableAnnotations(testClass, ExtendWith.class).stream()
                .anyMatch(e -> Arrays.asList(e.value()).contains(ApplicationExtension.class));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (inUiPackage(context) && context.getTestClass().map(FxThreadBlockingExtension::usesTestFx).orElse(false)) {
            // Before the class's @Start, so building the tab is checked too.
            FxThreadBlockingGuard.install();
        }
        if (isUiTest(context)) {
            // A window that an earlier class closed late may have blocked between two classes: still a failure, and
            // the stack in the message names the code, whichever class it lands on.
            FxThreadBlockingGuard.assertNoViolations();
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        // Classes that start JavaFX themselves (FxToolkit in @BeforeAll) are guarded from their first test on.
        if (inUiPackage(context) && !FxThreadBlockingGuard.installed() && FxToolkit.isFXApplicationThreadRunning()) {
            FxThreadBlockingGuard.install();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // Runs after the test's own @AfterEach, so closing the window is checked too.
        if (isUiTest(context)) {
            FxThreadBlockingGuard.assertNoViolations();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isUiTest(context)) {
            FxThreadBlockingGuard.assertNoViolations();
        }
    }
}
