package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.net.HostAndPort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reading of the stream settings that the command line and the tab share. */
class StreamConfigBuilderTest {

    @Test
    void hostAndPortAsTyped() {
        assertEquals(HostAndPort.fromParts("localhost", 9999), StreamConfigBuilder.hostPort("--udp", "localhost:9999"));
        assertEquals(HostAndPort.fromParts("localhost", 9999), StreamConfigBuilder.hostPort("--udp", ":9999"));
        assertEquals(HostAndPort.fromParts("localhost", 9999), StreamConfigBuilder.hostPort("--udp", "9999"));
        assertEquals(HostAndPort.fromParts("::1", 9998), StreamConfigBuilder.hostPort("--tcp", "[::1]:9998"));
        assertEquals(HostAndPort.fromParts("example.org", 1), StreamConfigBuilder.hostPort("--tcp", " example.org:1 "));
        for (String bad : List.of("localhost:x", "localhost:0", "localhost:65536", "localhost", "", "a:b:c", "::1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StreamConfigBuilder.hostPort("The UDP target", bad), bad);
            assertEquals("The UDP target '" + bad + "' is not HOST:PORT with a port from 1 to 65535, for example"
                    + " localhost:9999.", e.getMessage());
        }
    }

    @Test
    void buildsWhatBothFrontEndsAskFor() {
        Path in = Path.of("in.csv");
        StreamConfig c = new StreamConfigBuilder(in).charset("ISO-8859-1").header(false).delimiter("tab")
                .pacing("2s", "", 2, "--speed").reverse(true).loop(true).limit(5, "--limit").format("JSON")
                .badRows("Send", "--bad-rows").file(Path.of("o.txt"), true, 3, "--flush-every")
                .udp(":9999", "--udp").tcp("localhost:9998", true, "--tcp").log().build();
        assertEquals(new CsvOptions(in, java.nio.charset.StandardCharsets.ISO_8859_1, false, '\t'), c.csv());
        assertEquals(Pacing.parse("2s").withSpeed(2), c.pacing());
        assertEquals(RecordFormat.JSON, c.format());
        assertEquals(StreamConfig.BadRows.SEND, c.badRows());
        assertEquals(List.of(new SinkSpec.File(Path.of("o.txt"), true, 3), new SinkSpec.Udp("localhost", 9999),
                new SinkSpec.Tcp("localhost", 9998, true), new SinkSpec.Log()), c.sinks());
        assertEquals(5, c.limit());
        assertEquals(RecordFormat.CSV, new StreamConfigBuilder(in).format("csv").build().format());
        assertEquals(RecordFormat.DEFAULT, new StreamConfigBuilder(in).format((String) null).build().format());
        assertEquals(Pacing.timestamps("when"), new StreamConfigBuilder(in).pacing("bad", "when", 1, "x").build()
                .pacing());
        assertEquals(null, new StreamConfigBuilder(in).delimiter(StreamConfigBuilder.DETECT).build().csv().delimiter());
    }

    @Test
    void mistakesNameTheSettingAndTheFix() {
        StreamConfigBuilder b = new StreamConfigBuilder(Path.of("in.csv"));
        assertEquals("Unknown charset 'klingon'. Use UTF-8, ISO-8859-1 or windows-1252.",
                assertThrows(IllegalArgumentException.class, () -> b.charset("klingon")).getMessage());
        assertEquals("--bad-rows must be skip or send, not 'maybe'.",
                assertThrows(IllegalArgumentException.class, () -> b.badRows("maybe", "--bad-rows")).getMessage());
        assertEquals("The speed must be a positive number, not 0.0.",
                assertThrows(IllegalArgumentException.class, () -> b.pacing("1s", null, 0, "The speed"))
                        .getMessage());
        assertEquals("--limit must be 0 (no limit) or more, not -1.",
                assertThrows(IllegalArgumentException.class, () -> b.limit(-1, "--limit")).getMessage());
        assertEquals("--flush-every must be 0 (auto) or more, not -2.", assertThrows(IllegalArgumentException.class,
                () -> b.file(Path.of("o"), false, -2, "--flush-every")).getMessage());
    }
}
