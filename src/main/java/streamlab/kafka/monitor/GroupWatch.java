package streamlab.kafka.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns consecutive polls of the consumer groups into events: members that joined or left, and rebalances (a
 * stable group whose assignment differs from its last stable one). Confined to the monitor's poll thread.
 */
final class GroupWatch {

    /** What one group looked like at the previous poll and at its last stable one. */
    private static final class Seen {
        /** Member id to client id at the previous poll. */
        Map<String, String> members = Map.of();
        /** Partition to member id at the last poll where the group was stable (or empty). */
        Map<TopicPartitionId, String> stableAssignment = Map.of();
        /** Client ids that joined or left since the last rebalance event, for its detail line. */
        final Set<String> joined = new LinkedHashSet<>();
        final Set<String> left = new LinkedHashSet<>();
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private boolean first = true;

    /** The events between the previous poll and this one; the first poll only sets the baseline. */
    List<GroupEvent> next(long timeMs, List<GroupState> groups) {
        List<GroupEvent> events = new ArrayList<>();
        boolean baseline = first;
        first = false;
        Set<String> present = new LinkedHashSet<>();
        for (GroupState g : groups) {
            present.add(g.groupId());
            Seen s = seen.get(g.groupId());
            boolean fresh = s == null;
            if (fresh) {
                s = new Seen();
                seen.put(g.groupId(), s);
            }
            Map<String, String> now = new LinkedHashMap<>();
            for (GroupState.Member m : g.members()) {
                now.put(m.memberId(), m.clientId());
            }
            Map<TopicPartitionId, String> assignment = new HashMap<>();
            for (GroupState.Member m : g.members()) {
                for (TopicPartitionId tp : m.assignment()) {
                    assignment.put(tp, m.memberId());
                }
            }
            if (baseline) {
                s.members = now;
                s.stableAssignment = stable(g) ? assignment : Map.of();
                continue;
            }
            for (Map.Entry<String, String> e : now.entrySet()) {
                if (!s.members.containsKey(e.getKey())) {
                    events.add(new GroupEvent(timeMs, g.groupId(), GroupEvent.Kind.MEMBER_JOINED,
                            e.getValue() + " joined"));
                    s.joined.add(e.getValue());
                }
            }
            for (Map.Entry<String, String> e : s.members.entrySet()) {
                if (!now.containsKey(e.getKey())) {
                    events.add(new GroupEvent(timeMs, g.groupId(), GroupEvent.Kind.MEMBER_LEFT,
                            e.getValue() + " left"));
                    s.left.add(e.getValue());
                }
            }
            s.members = now;
            if ("Empty".equalsIgnoreCase(g.state()) || "Dead".equalsIgnoreCase(g.state())) {
                // Nobody holds anything: not a rebalance, but the next stable assignment is compared with nothing.
                s.stableAssignment = Map.of();
            } else if (stable(g) && !assignment.equals(s.stableAssignment)) {
                int moved = moved(s.stableAssignment, assignment);
                events.add(new GroupEvent(timeMs, g.groupId(), GroupEvent.Kind.REBALANCE, detail(s, moved)));
                s.stableAssignment = assignment;
                s.joined.clear();
                s.left.clear();
            }
        }
        for (var it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Seen> e = it.next();
            if (!present.contains(e.getKey())) {
                if (!baseline) {
                    for (String clientId : e.getValue().members.values()) {
                        events.add(new GroupEvent(timeMs, e.getKey(), GroupEvent.Kind.MEMBER_LEFT,
                                clientId + " left"));
                    }
                }
                it.remove();
            }
        }
        return events;
    }

    private static boolean stable(GroupState g) {
        return "Stable".equalsIgnoreCase(g.state());
    }

    private static int moved(Map<TopicPartitionId, String> before, Map<TopicPartitionId, String> after) {
        Set<TopicPartitionId> all = new LinkedHashSet<>(before.keySet());
        all.addAll(after.keySet());
        int n = 0;
        for (TopicPartitionId tp : all) {
            if (!Objects.equals(before.get(tp), after.get(tp))) {
                n++;
            }
        }
        return n;
    }

    private static String detail(Seen s, int moved) {
        List<String> parts = new ArrayList<>();
        if (!s.joined.isEmpty()) {
            parts.add(String.join(", ", s.joined) + " joined");
        }
        if (!s.left.isEmpty()) {
            parts.add(String.join(", ", s.left) + " left");
        }
        parts.add(moved + (moved == 1 ? " partition moved" : " partitions moved"));
        return String.join("; ", parts);
    }
}
