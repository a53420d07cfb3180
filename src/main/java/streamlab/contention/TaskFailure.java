package streamlab.contention;

/**
 * A task that failed in a way a student should see, such as SQLite's "database is locked"; the message is short and
 * names the problem. Immutable.
 */
final class TaskFailure extends Exception {

    private static final long serialVersionUID = 1L;

    TaskFailure(String message, Throwable cause) {
        super(message, cause);
    }

    TaskFailure(String message) {
        super(message);
    }
}
