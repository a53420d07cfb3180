package streamlab.ui.net;

import streamlab.net.ExperimentConfig;
import streamlab.net.Protocol;
import streamlab.ui.Settings.Key;

/**
 * Immutable: the Sockets tab's stored settings, by the names they have always been stored under. A text key keeps only
 * what the tab's own parser reads; anything else leaves the field at its starting value.
 */
final class SocketsSettings {

    static final Key<String> UDP_PORT = Key.ofText("sockets.udpPort", t -> SocketsInputs.port(t, "UDP listener port"));
    static final Key<String> TCP_PORT = Key.ofText("sockets.tcpPort", t -> SocketsInputs.port(t, "TCP listener port"));

    static final Key<Protocol> SEND_PROTOCOL = Key.ofEnum("sockets.send.protocol", Protocol.UDP);
    static final Key<String> SEND_HOST = Key.ofText("sockets.send.host", SocketsInputs::host);
    static final Key<String> SEND_PORT = Key.ofText("sockets.send.port", SocketsInputs::receiverPort);

    static final Key<String> EXPERIMENT_COUNT = Key.ofText("sockets.experiment.count",
            t -> ExperimentConfig.defaults().withCount(SocketsInputs.wholeNumber(t, "message count")));
    static final Key<String> EXPERIMENT_RATE = Key.ofText("sockets.experiment.rate",
            t -> ExperimentConfig.defaults().withRate(SocketsInputs.wholeNumber(t, "rate")));
    static final Key<String> EXPERIMENT_DROP = Key.ofText("sockets.experiment.drop",
            t -> ExperimentConfig.defaults().withLink(SocketsInputs.number(t, "drop percentage"), 0));
    static final Key<String> EXPERIMENT_REORDER = Key.ofText("sockets.experiment.reorder",
            t -> ExperimentConfig.defaults().withLink(0, SocketsInputs.number(t, "reorder percentage")));

    private SocketsSettings() {
    }
}
