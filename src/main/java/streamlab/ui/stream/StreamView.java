package streamlab.ui.stream;

import streamlab.ui.AppContext;

/** Controller of the Stream tab. Confined to the FX Application Thread. */
public final class StreamView {

    private final AppContext context;

    public StreamView(AppContext context) {
        this.context = context;
    }

    AppContext context() {
        return context;
    }
}
