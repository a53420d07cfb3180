package streamlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import streamlab.StreamLabInfo;
import streamlab.text.Printable;

/**
 * Stateless, thread-safe. Turns every error of the command line into one line on stderr: a mistake in the input
 * (exit 2) names the problem and where help is; a fault of StreamLab itself (exit 1) says where its stack trace went.
 * Whatever the user typed is echoed through {@link Printable#escape}, so it cannot move the cursor or hide text.
 */
final class ErrorHandlers {

    private static final Pattern INVALID_VALUE = Pattern.compile(
            "Invalid value for (?:option '([^']+)'|positional parameter at index \\d+ \\(([^)]*)\\)): (.*)",
            Pattern.DOTALL);
    /** picocli's words for types that have no converter of ours, should an option of such a type be added. */
    private static final Pattern TYPE_WORD = Pattern.compile(
            "is not an? (?:int|long|short|byte|Integer|Long|Short|Byte|BigInteger)\\b");
    private static final Pattern DECIMAL_WORD = Pattern.compile(
            "is not an? (?:double|float|Double|Float|BigDecimal)\\b");
    private static final Pattern CANNOT_CONVERT = Pattern.compile("cannot convert '(.*)' to .*", Pattern.DOTALL);
    private static final Pattern ENUM = Pattern.compile("expected one of \\[(.*)\\] \\(case-\\w+\\) but was '(.*)'",
            Pattern.DOTALL);

    private ErrorHandlers() {
    }

    /** picocli's parameter exception handler: the option or argument could not be read. */
    static int parameterError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String who = cl.getCommandSpec().qualifiedName();
        String line = who + ": " + sentence(describe(ex, cl)) + " See '" + who + " --help'.";
        PrintWriter err = cl.getErr();
        err.println(Printable.escape(line));
        err.flush();
        return CliErrors.USAGE;
    }

    /** picocli's execution exception handler: the command threw. */
    static int executionError(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        String who = cl.getCommandSpec().qualifiedName();
        if (ex instanceof CliErrors.UserError userError) {
            String line = who + ": " + sentence(userError.getMessage());
            if (userError instanceof CliErrors.OptionError) {
                line += " See '" + who + " --help'.";
            }
            cl.getErr().println(Printable.escape(line));
            cl.getErr().flush();
            return CliErrors.USAGE;
        }
        return crash(ex, who, cl.getErr());
    }

    /**
     * A fault of StreamLab, not of the input (an OutOfMemoryError included): one line on stderr, and the stack trace,
     * which a bug report needs, in the log file. Without a log file the trace goes to stderr after all.
     */
    static int crash(Throwable t, String who, PrintWriter err) {
        String what = t instanceof OutOfMemoryError
                ? "out of memory (" + t.getMessage() + "). Give Java more, for example java -Xmx2g, or make the run "
                        + "smaller"
                : "unexpected error, a fault in StreamLab: " + t;
        Optional<Path> logged = Optional.empty();
        try {
            Optional<Path> file = StreamLabInfo.logFile();
            if (file.isPresent()) {
                long before = Files.isRegularFile(file.get()) ? Files.size(file.get()) : -1;
                long start = System.currentTimeMillis() / 1000 * 1000;
                LogManager.getLogger("streamlab.crash").error(who + ": unexpected error", t);
                // A log file from an earlier run proves nothing: the trace is there only if the file changed (it may
                // also have rolled over, and be smaller).
                if (Files.isRegularFile(file.get()) && (Files.size(file.get()) != before
                        || Files.getLastModifiedTime(file.get()).toMillis() >= start)) {
                    logged = file;
                }
            }
        } catch (Throwable loggingFailed) {
            // Out of memory again, or log4j broken: the trace goes to stderr below.
        }
        String line = who + ": " + sentence(what);
        if (logged.isPresent()) {
            err.println(Printable.escape(line + " Details in " + logged.get().toAbsolutePath() + "."));
        } else {
            err.println(Printable.escape(line));
            t.printStackTrace(err);
        }
        err.flush();
        return CliErrors.FAILED;
    }

    private static String describe(ParameterException ex, CommandLine cl) {
        if (ex instanceof UnmatchedArgumentException u) {
            return unmatched(u, cl);
        }
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        Matcher m = INVALID_VALUE.matcher(message);
        if (m.matches()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String detail = humanTypes(m.group(3));
            // A converter's "must be on or off, not 'x'" reads as a sentence about the option.
            return name + (detail.startsWith("must ") ? " " : ": ") + detail;
        }
        return lowerFirst(humanTypes(message));
    }

    private static String unmatched(UnmatchedArgumentException u, CommandLine cl) {
        List<String> suggestions = u.getSuggestions();
        String didYouMean = suggestions.isEmpty() ? ""
                : " (did you mean " + orList(suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
        List<String> unmatched = u.getUnmatched();
        String first = unmatched.isEmpty() ? "" : unmatched.get(0);
        if (u.isUnknownOption() || first.startsWith("-")) {
            return "unknown option '" + first + "'" + didYouMean;
        }
        if (!cl.getSubcommands().isEmpty() && cl.getCommandSpec().positionalParameters().isEmpty()) {
            return "'" + first + "' is not a command" + didYouMean + ". The commands are " + commands(cl);
        }
        return unmatched.size() == 1 ? "one argument too many: '" + first + "'"
                : "arguments too many: '" + String.join("', '", unmatched) + "'";
    }

    /** "contention, stream, listen, send, compare or help". */
    static String commands(CommandLine cl) {
        return orList(new ArrayList<>(cl.getSubcommands().keySet()));
    }

    private static String orList(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String humanTypes(String message) {
        Matcher e = ENUM.matcher(message);
        if (e.find()) {
            return "'" + e.group(2) + "' is not one of " + e.group(1);
        }
        Matcher c = CANNOT_CONVERT.matcher(message);
        if (c.find()) {
            return message.substring(0, c.start()) + "'" + c.group(1) + "' is not a valid value";
        }
        String s = TYPE_WORD.matcher(message).replaceAll("is not a whole number");
        return DECIMAL_WORD.matcher(s).replaceAll("is not a number");
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /** Ends the text with one full stop, so a hint can follow. */
    private static String sentence(String s) {
        String t = s == null ? "" : s.strip();
        return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
    }
}
