package streamlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.Mnemonic;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.MainWindowTestBase;

/** Alt + underlined letter: each letter means one thing, and a hidden tab's buttons never fire. */
class MnemonicsTest extends MainWindowTestBase {


    @Start
    void start(Stage stage) {
        openWindow(stage);
        // Tabs are built when first shown; these tests compare the mnemonics of all three.
        main.labTabs().specs().forEach(t -> main.labTabs().get(t.id()));
    }


    /** One registered mnemonic: the letter as written, and the control it belongs to. */
    private record Entry(String letter, Node node) {
        String key() {
            return letter.toUpperCase(Locale.ROOT);
        }
    }

    private List<Entry> mnemonics() {
        List<Entry> all = new ArrayList<>();
        for (Map.Entry<KeyCombination, javafx.collections.ObservableList<Mnemonic>> e
                : window.stage().getScene().getMnemonics().entrySet()) {
            // Controls register an internal KeyCombination whose name reads like Alt+'k'.
            String name = e.getKey().getName();
            String letter = name.substring(name.length() - 2, name.length() - 1);
            for (Mnemonic m : e.getValue()) {
                all.add(new Entry(letter, m.getNode()));
            }
        }
        return all;
    }

    private Node tab(String id) {
        return main.tabs().getTabs().stream().filter(t -> id.equals(t.getId())).map(Tab::getContent).findFirst()
                .orElseThrow();
    }

    private static boolean inside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static String name(Node n) {
        return n instanceof javafx.scene.control.Labeled l ? l.getText() : n.toString();
    }

    @Test
    void altSStartsOnContentionAndStreamAndSendHasItsOwnLetter() {
        Node contention = tab("contentionTab");
        Node stream = tab("streamTab");
        Node sockets = tab("socketsTab");
        List<Entry> all = mnemonics();
        List<Node> onS = all.stream().filter(e -> e.key().equals("S")).map(Entry::node).toList();
        assertTrue(onS.contains(contention.lookup("#startButton")), "Contention Start");
        assertTrue(onS.contains(stream.lookup("#startButton")), "Stream Start");
        assertEquals(List.of(), onS.stream().filter(n -> inside(n, sockets)).map(MnemonicsTest::name).toList(),
                "Sockets controls on Alt+S");
        assertTrue(all.contains(new Entry("n", sockets.lookup("#sendButton"))), "Send is Alt+N");
    }

    /**
     * JavaFX looks only at the first registered letter that matches the key, so an upper- and a lower-case use of one
     * letter hide each other; and when two visible controls share a letter, it moves the focus instead of firing.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"contentionTab", "streamTab", "socketsTab"})
    void everyMnemonicOfATabIsItsOwnInTheWindow(String tabId) {
        Node content = tab(tabId);
        MenuBar menuBar = (MenuBar) window.stage().getScene().getRoot().lookup(".menu-bar");
        List<Entry> all = mnemonics();
        List<Entry> ours = all.stream().filter(e -> inside(e.node(), content)).toList();
        assertFalse(ours.isEmpty());
        List<String> clashes = new ArrayList<>();
        for (Entry e : ours) {
            for (Entry other : all) {
                if (other.node() == e.node() || !other.key().equals(e.key())) {
                    continue;
                }
                if (inside(other.node(), content) || inside(other.node(), menuBar)) {
                    clashes.add("Alt+" + e.key() + ": " + name(e.node()) + " and " + name(other.node())
                            + ", visible together");
                } else if (!other.letter().equals(e.letter())) {
                    clashes.add("Alt+" + e.key() + ": " + name(e.node()) + " and " + name(other.node())
                            + " differ in case");
                }
            }
        }
        assertEquals(List.of(), clashes);
    }

    @Test
    void aHiddenTabsMnemonicDoesNotFire(FxRobot robot) throws Exception {
        Node contention = tab("contentionTab");
        Node stream = tab("streamTab");
        Node sockets = tab("socketsTab");
        Button streamStart = (Button) stream.lookup("#startButton");
        Button contentionStop = (Button) contention.lookup("#stopButton");
        // The Stream tab opens the course's sample file, which enables its Start button.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !streamStart.isDisabled());
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            receiver.setSoTimeout(5_000);
            robot.interact(() -> {
                main.tabs().getSelectionModel().select(2);
                ((TextField) sockets.lookup("#sendHost")).setText("127.0.0.1");
                ((TextField) sockets.lookup("#sendPort")).setText(String.valueOf(receiver.getLocalPort()));
                ((TextField) sockets.lookup("#sendMessage")).setText("sent with Alt+N");
            });
            Label sendStatus = (Label) sockets.lookup("#sendStatus");

            robot.press(KeyCode.ALT, KeyCode.S).release(KeyCode.S, KeyCode.ALT);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(streamStart.isDisabled(), "the hidden Stream tab did not start");
            assertTrue(contentionStop.isDisabled(), "the hidden Contention tab did not start");
            assertEquals("", java.util.Objects.toString(sendStatus.getText(), ""), "Alt+S does not send");

            robot.press(KeyCode.ALT, KeyCode.N).release(KeyCode.N, KeyCode.ALT);
            DatagramPacket packet = new DatagramPacket(new byte[256], 256);
            receiver.receive(packet);
            assertEquals("sent with Alt+N", new String(packet.getData(), 0, packet.getLength(),
                    StandardCharsets.UTF_8));
        }
    }
}
