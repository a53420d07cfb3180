package streamlab.ui.net;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.net.Addresses;
import streamlab.net.Framing;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;
import streamlab.ui.Settings;

/**
 * Confined to the FX Application Thread: binding a port is quick, so starts run there. The UDP and TCP listeners:
 * their ports as typed, on or off, their lights and the status line, and the TCP server's connections.
 */
final class ListenersViewModel implements AutoCloseable {

    /** What a listener's light shows; the view turns it into the style class {@code light-on} and so on. */
    enum Light { OFF, ON, ERROR }

    /** One listener: UDP or TCP. */
    final class Listener {

        private final Protocol protocol;
        private final Settings.Key<String> settingsKey;
        private final StringProperty portText = new SimpleStringProperty(this, "portText",
                String.valueOf(UdpListener.DEFAULT_PORT));
        private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper(this, "label");
        private final ReadOnlyObjectWrapper<Light> light = new ReadOnlyObjectWrapper<>(this, "light", Light.OFF);
        private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
        private UdpListener udp;
        private TcpServer tcp;

        private Listener(Protocol protocol, Settings.Key<String> settingsKey) {
            this.protocol = protocol;
            this.settingsKey = settingsKey;
            label.set(protocol + " :" + portText.get().strip());
            portText.addListener((o, a, b) -> {
                if (!running.get()) {
                    label.set(protocol + " :" + (b == null ? "" : b.strip()));
                }
            });
        }

        /** The port as typed; while listening, the port it got (a free one when 0 was typed). */
        StringProperty portTextProperty() {
            return portText;
        }

        /** The toggle's text: {@code UDP :9999}, with {@code listening} or {@code error} after it. */
        ReadOnlyStringProperty labelProperty() {
            return label.getReadOnlyProperty();
        }

        ReadOnlyObjectProperty<Light> lightProperty() {
            return light.getReadOnlyProperty();
        }

        ReadOnlyBooleanProperty runningProperty() {
            return running.getReadOnlyProperty();
        }

        boolean isRunning() {
            return running.get();
        }

        /** Starts or stops, as the toggle asks; after a failed start it stays off. */
        void setOn(boolean on) {
            if (on) {
                start();
            } else {
                stop();
            }
        }

        /** Starts listening on the typed port; a problem turns the light to error and says what to do. */
        void start() {
            int port;
            try {
                port = SocketsInputs.port(portText.get(), protocol + " listener port");
            } catch (NetError e) {
                failed(e);
                return;
            }
            try {
                start(bindHost(), port);
            } catch (NetError e) {
                // start has shown it.
            }
        }

        /**
         * Starts listening on a bind address and port, and shows it as {@link #start()} does.
         *
         * @return the bound port
         * @throws NetError with a message to show
         */
        int start(String bind, int port) {
            int actual;
            try {
                actual = open(bind, port);
            } catch (NetError e) {
                failed(e);
                throw e;
            }
            // Running first: the port the system picked is shown, but never stored as the one to use next time.
            running.set(true);
            portText.set(String.valueOf(actual));
            label.set(protocol + " :" + actual + "  listening");
            light.set(Light.ON);
            refreshAnyRunning();
            String warning = Addresses.wildcardWarning(bind).map(w -> " " + w).orElse("");
            String sentence = protocol + " listening on " + bind + ":" + actual + "." + warning;
            if (warning.isEmpty()) {
                status.ok(sentence);
            } else {
                status.error(sentence);
            }
            return actual;
        }

        private void failed(NetError e) {
            running.set(false);
            refreshAnyRunning();
            label.set(protocol + " :" + portText.get().strip() + "  error");
            light.set(Light.ERROR);
            status.error(e.getMessage());
        }

        /**
         * Opens the engine listener, stopping a running one first.
         *
         * @return the bound port
         * @throws NetError with a message to show
         */
        private int open(String bind, int port) {
            close();
            if (protocol == Protocol.UDP) {
                udp = UdpListener.open(bind, port, log, null);
                return udp.port();
            }
            tcp = TcpServer.open(bind, port, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log, null);
            return tcp.port();
        }

        void stop() {
            close();
            running.set(false);
            label.set(protocol + " :" + portText.get().strip());
            light.set(Light.OFF);
            refreshAnyRunning();
            status.ok(protocol + " listener stopped.");
        }

        private void close() {
            if (udp != null) {
                udp.close();
                udp = null;
            }
            if (tcp != null) {
                tcp.close();
                tcp = null;
            }
        }

        private long received() {
            return (udp == null ? 0 : udp.received()) + (tcp == null ? 0 : tcp.received());
        }
    }

    private final TrafficLog log;
    private final Listener udp = new Listener(Protocol.UDP, SocketsSettings.UDP_PORT);
    private final Listener tcp = new Listener(Protocol.TCP, SocketsSettings.TCP_PORT);
    private final BooleanProperty allInterfaces = new SimpleBooleanProperty(this, "allInterfaces");
    private final ReadOnlyBooleanWrapper anyRunning = new ReadOnlyBooleanWrapper(this, "anyRunning");
    private final StatusLine status = new StatusLine();
    private final ObservableList<String> connections = FXCollections.observableArrayList();

    ListenersViewModel(TrafficLog log) {
        this.log = log;
    }

    Listener udp() {
        return udp;
    }

    Listener tcp() {
        return tcp;
    }

    /** Off: loopback only. On: every interface, which the status line warns about. */
    BooleanProperty allInterfacesProperty() {
        return allInterfaces;
    }

    /** True while a listener runs: the bind address cannot change under it. */
    ReadOnlyBooleanProperty anyRunningProperty() {
        return anyRunning.getReadOnlyProperty();
    }

    StatusLine status() {
        return status;
    }

    /** The TCP server's connections as lines, newest last; see {@link #refreshConnections}. */
    ObservableList<String> connections() {
        return connections;
    }

    String bindHost() {
        return allInterfaces.get() ? "0.0.0.0" : Addresses.LOOPBACK;
    }

    private void refreshAnyRunning() {
        anyRunning.set(udp.isRunning() || tcp.isRunning());
    }

    /** The TCP server's connections, newest last; empty when it is stopped. */
    List<TcpServer.Connection> connectionRecords() {
        return tcp.tcp == null ? List.of() : tcp.tcp.connections();
    }

    /** Datagrams and TCP messages received by the listeners. */
    long received() {
        return udp.received() + tcp.received();
    }

    /** The listeners as an export's key parameters: {@code on, port 9999} or {@code off}. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        for (Listener l : List.of(udp, tcp)) {
            p.put(l.protocol + " listener", l.isRunning() ? "on, port " + l.portText.get().strip() : "off");
        }
        return p;
    }

    /** Reads the TCP server's connections again; the list changes only when a line does. */
    void refreshConnections() {
        List<String> lines = connectionRecords().stream().map(c -> String.format(Locale.ROOT,
                "#%d %s  %s  %,d msgs, %,d B%s", c.id(), c.peer(), c.open() ? "open" : "closed", c.messages(),
                c.bytes(), c.open() ? "" : " (" + c.closeNote() + ")")).toList();
        if (!lines.equals(connections)) {
            connections.setAll(lines);
        }
    }

    /**
     * Puts back the last session's ports (a stored value that no longer reads keeps the default) and stores them as
     * they change. All interfaces is not stored on purpose: each start listens on loopback only until the user opts
     * in again, so a choice made once never opens the ports to the network in a later session unnoticed.
     */
    void useSettings(Settings settings) {
        for (Listener l : List.of(udp, tcp)) {
            l.portText.set(settings.getOr(l.settingsKey, l.portText.get()));
            // A running listener's field shows the port it got, which for 0 is a free port picked this time:
            // store only what was typed while the listener was stopped.
            l.portText.addListener((o, a, v) -> {
                if (!l.isRunning()) {
                    settings.put(l.settingsKey, v);
                }
            });
        }
    }

    /** Stops both listeners and their threads. */
    @Override
    public void close() {
        for (Listener l : List.of(udp, tcp)) {
            l.close();
            l.running.set(false);
        }
        refreshAnyRunning();
    }
}
