package streamlab.kafka.monitor;

import java.util.List;

/**
 * Messages after a given running number, and how many of them the bounded log no longer holds. Immutable.
 *
 * @param messages the messages, in the order the monitor read them
 * @param missed   messages after the asked-for number that were dropped from the bounded log before this call
 * @param lastSeq  the running number of the last message returned; when none is returned, the highest number looked
 *                 at (the asked-for one when nothing newer was read), so a reader that goes on from it never hears of
 *                 the same missed messages twice
 */
public record MessageBatch(List<MessageMark> messages, long missed, long lastSeq) {

    public MessageBatch {
        messages = List.copyOf(messages);
    }
}
