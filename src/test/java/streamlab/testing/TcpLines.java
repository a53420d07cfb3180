package streamlab.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real TCP peer for tests: accepts one connection and reads its lines to the end. Stateless. */
public final class TcpLines {

    private TcpLines() {
    }

    /** Accepts the next connection (within the server's SO_TIMEOUT) and returns every line it sent, in UTF-8. */
    public static List<String> acceptAndReadAll(ServerSocket server) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Socket s = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
