package streamlab.cli;

/** Exit codes and the exception a command throws for a user mistake (printed as one line, no stack trace). */
public final class CliErrors {

    /** The run finished (lost updates or dropped datagrams are results, not failures). */
    public static final int OK = 0;
    /** The run did not reach its goal, for example a listener timed out. */
    public static final int FAILED = 1;
    /** A mistake in the input the user can fix: a bad option, a bad file, a port in use. */
    public static final int USAGE = 2;

    private CliErrors() {
    }

    /** A mistake the user can fix; its message names the problem and what to do. */
    public static class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A bad option value: like {@link UserError}, and the line ends with where the command's help is. */
    public static final class OptionError extends UserError {
        private static final long serialVersionUID = 1L;

        public OptionError(String message) {
            super(message);
        }

        public OptionError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
