package streamlab.ui.contention;

import streamlab.ui.AppContext;

/** Controller of the Contention tab. Confined to the FX Application Thread. */
public final class ContentionView {

    private final AppContext context;

    public ContentionView(AppContext context) {
        this.context = context;
    }

    AppContext context() {
        return context;
    }
}
