package streamlab.ui.contention;

import streamlab.contention.LockKind;
import streamlab.contention.Resource;
import streamlab.contention.WorkerKind;
import streamlab.ui.Settings.Key;

/** Immutable: the Contention tab's stored settings, by the names they have always been stored under. */
final class ContentionSettings {

    static final Key<Integer> THREADS = Key.ofInt("contention.threads", 3);
    static final Key<Integer> TASKS = Key.ofInt("contention.tasks", 2);
    /** The hold slider's position, 0 to 100. */
    static final Key<Double> HOLD = Key.ofDouble("contention.hold", 0);
    static final Key<Boolean> LOCK_ON = Key.ofBoolean("contention.lock", true);
    static final Key<Integer> BUSY_MS = Key.ofInt("contention.busyMs", 5_000);
    static final Key<LockKind> LOCK_KIND = Key.ofEnum("contention.kind", LockKind.REENTRANT);
    static final Key<Resource> RESOURCE = Key.ofEnum("contention.resource", Resource.COUNTER);
    static final Key<WorkerKind> WORKERS = Key.ofEnum("contention.workers", WorkerKind.THREAD);

    private ContentionSettings() {
    }
}
