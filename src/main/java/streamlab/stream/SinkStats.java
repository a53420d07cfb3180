package streamlab.stream;

/**
 * Immutable. What one sink has done so far.
 *
 * @param name      a short label: {@code file out/out9.txt}, {@code udp localhost:9999}
 * @param sent      records delivered
 * @param failed    records not delivered (including dropped ones)
 * @param dropped   records dropped because the sink was disconnected (TCP)
 * @param state     a word for the UI: {@code ok}, {@code failing}, {@code connected}, {@code reconnecting}
 * @param lastError the last error message, or empty
 */
public record SinkStats(String name, long sent, long failed, long dropped, String state, String lastError) {
}
