package streamlab.ui.net;

import streamlab.ui.AppContext;

/** Controller of the Sockets tab. Confined to the FX Application Thread. */
public final class SocketsView {

    private final AppContext context;

    public SocketsView(AppContext context) {
        this.context = context;
    }

    AppContext context() {
        return context;
    }
}
