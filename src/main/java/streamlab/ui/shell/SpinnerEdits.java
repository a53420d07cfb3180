package streamlab.ui.shell;

import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;

/** Commits the text typed into a spinner before a shortcut acts on the tab. Call on the FX Application Thread. */
final class SpinnerEdits {

    private SpinnerEdits() {
    }

    /**
     * Commits the editor text of the spinner that has the focus, if any. The editor's own action runs first (a tab may
     * read "1,000" or clamp there, as Enter does), then the spinner's converter; text neither reads is put back to
     * the spinner's value.
     */
    static void commitFocused(Scene scene) {
        Node node = scene == null ? null : scene.getFocusOwner();
        while (node != null && !(node instanceof Spinner)) {
            node = node.getParent();
        }
        if (!(node instanceof Spinner<?> spinner) || !spinner.isEditable()) {
            return;
        }
        TextField editor = spinner.getEditor();
        editor.fireEvent(new ActionEvent(editor, editor));
        commit(spinner);
    }

    private static <T> void commit(Spinner<T> spinner) {
        SpinnerValueFactory<T> factory = spinner.getValueFactory();
        if (factory == null || factory.getConverter() == null) {
            return;
        }
        try {
            T value = factory.getConverter().fromString(spinner.getEditor().getText());
            if (value != null) {
                factory.setValue(value);
            }
        } catch (RuntimeException e) {
            // Text the spinner cannot read: fall through and show its value again.
        }
        spinner.cancelEdit();
    }
}
