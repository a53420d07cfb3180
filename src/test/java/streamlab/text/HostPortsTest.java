package streamlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.net.HostAndPort;
import org.junit.jupiter.api.Test;

class HostPortsTest {

    @Test
    void readsHostPortTheSameWayEverywhere() {
        assertEquals(HostAndPort.fromParts("localhost", 9999), HostPorts.parse("localhost:9999"));
        assertEquals(HostAndPort.fromParts("127.0.0.1", 1), HostPorts.parse(" 127.0.0.1:1 "));
        assertEquals(HostAndPort.fromParts("::1", 65535), HostPorts.parse("[::1]:65535"));
        assertEquals(HostAndPort.fromParts("localhost", 9999), HostPorts.parse(":9999"));
        assertEquals(HostAndPort.fromParts("localhost", 9999), HostPorts.parse("9999"));
    }

    @Test
    void aBadPortIsNamedAndAnythingElseIsNotHostPort() {
        assertEquals("abc", assertThrows(HostPorts.BadPort.class, () -> HostPorts.parse("localhost:abc")).port());
        assertEquals("0", assertThrows(HostPorts.BadPort.class, () -> HostPorts.parse("localhost:0")).port());
        assertEquals("65536", assertThrows(HostPorts.BadPort.class, () -> HostPorts.parse("h:65536")).port());
        for (String bad : new String[] {"", "localhost", "[::1]", "a b:1", ":"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPorts.parse(bad), bad);
        }
    }
}
