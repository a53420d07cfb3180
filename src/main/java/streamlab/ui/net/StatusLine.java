package streamlab.ui.net;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Confined to the FX Application Thread. A status sentence under a part of the tab, and whether it reports success. */
final class StatusLine {

    /** NONE until the first sentence, so a fresh tab shows neither colour. */
    enum Kind { NONE, OK, ERROR }

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyObjectWrapper<Kind> kind = new ReadOnlyObjectWrapper<>(this, "kind", Kind.NONE);

    void ok(String sentence) {
        kind.set(Kind.OK);
        text.set(sentence);
    }

    void error(String sentence) {
        kind.set(Kind.ERROR);
        text.set(sentence);
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    String text() {
        return text.get();
    }

    boolean isOk() {
        return kind.get() == Kind.OK;
    }
}
