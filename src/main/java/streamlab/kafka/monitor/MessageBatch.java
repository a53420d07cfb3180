package streamlab.kafka.monitor;

import java.util.List;

/**
 * Messages after a given running number, and how many of them the bounded log no longer holds. Immutable.
 *
 * @param messages the messages, in the order the monitor read them
 * @param missed   messages after the asked-for number that were dropped from the bounded log before this call
 * @param lastSeq  the running number of the last message returned, or the asked-for one when none is returned
 */
public record MessageBatch(List<MessageMark> messages, long missed, long lastSeq) {

    public MessageBatch {
        messages = List.copyOf(messages);
    }
}
