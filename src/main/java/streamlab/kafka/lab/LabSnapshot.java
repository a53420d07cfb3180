package streamlab.kafka.lab;

import java.util.List;

/**
 * The built-in consumers at one moment. Immutable.
 *
 * @param consumers  each consumer, by number
 * @param processed  messages finished, duplicates included
 * @param duplicates messages processed more than once (the cost of at-least-once)
 * @param lost       messages whose offset was committed by a consumer that was killed before finishing them, and
 *                   that no consumer of the group processed (the cost of at-most-once)
 */
public record LabSnapshot(List<ConsumerState> consumers, long processed, long duplicates, long lost) {

    public LabSnapshot {
        consumers = List.copyOf(consumers);
    }

    /**
     * One consumer. Immutable.
     *
     * @param number     from 1; its client id is {@code streamlab-consumer-NUMBER}
     * @param status     what it is doing
     * @param assignment the partitions it holds, in order
     * @param processed  messages it finished
     * @param current    the message in hand as "partition/offset", or null
     */
    public record ConsumerState(int number, Status status, List<Integer> assignment, long processed, String current) {
        public ConsumerState {
            assignment = List.copyOf(assignment);
        }
    }

    /** A consumer's life. */
    public enum Status { STARTING, RUNNING, STOPPED, KILLED, FAILED }
}
