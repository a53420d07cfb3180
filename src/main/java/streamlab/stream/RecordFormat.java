package streamlab.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable. How a record becomes a message: a template with {@code {Column}} names, the raw CSV line, or a JSON object
 * keyed by the header. Every message is one line: a line break inside a field is written as the two characters
 * {@code \n}, so a record never spans lines in {@code out9.txt}.
 *
 * @param kind     which form
 * @param template the template text, for {@link Kind#TEMPLATE}; null or blank means all columns, bracketed
 */
public record RecordFormat(Kind kind, String template) {

    /** The message forms. */
    public enum Kind { TEMPLATE, CSV, JSON }

    public static final RecordFormat DEFAULT = new RecordFormat(Kind.TEMPLATE, null);
    public static final RecordFormat CSV = new RecordFormat(Kind.CSV, null);
    public static final RecordFormat JSON = new RecordFormat(Kind.JSON, null);

    public static RecordFormat template(String template) {
        return new RecordFormat(Kind.TEMPLATE, template);
    }

    /** The course script's form: all columns, comma-space separated, in brackets. */
    public static String defaultTemplate(List<String> columns) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('{').append(columns.get(i)).append('}');
        }
        return sb.append(']').toString();
    }

    /** Checks the format against the columns and returns a function from record to message. */
    public Formatter compile(List<String> columns) throws StreamInputException {
        return switch (kind) {
            case CSV -> r -> oneLine(r.raw());
            case JSON -> json(columns);
            case TEMPLATE -> compileTemplate(template == null || template.isBlank()
                    ? defaultTemplate(columns) : template, columns);
        };
    }

    private static Formatter json(List<String> columns) {
        ObjectWriter writer = new ObjectMapper().writer();
        return r -> {
            Map<String, String> map = new LinkedHashMap<>();
            List<String> f = r.fields();
            for (int i = 0; i < f.size(); i++) {
                map.put(i < columns.size() ? columns.get(i) : "Column" + (i + 1), f.get(i));
            }
            try {
                return writer.writeValueAsString(map);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A map of strings always serialises", e);
            }
        };
    }

    private static Formatter compileTemplate(String template, List<String> columns) throws StreamInputException {
        List<String> literals = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new StreamInputException("The template has a '{' without a closing '}' at position "
                            + (i + 1) + ". Write column names as {Name}.");
                }
                String name = template.substring(i + 1, close).strip();
                int col = indexOf(columns, name);
                if (col < 0) {
                    throw new StreamInputException("The template names a column {" + name + "} that the file does"
                            + " not have. Columns are: " + String.join(", ", columns) + ".");
                }
                literals.add(lit.toString());
                lit.setLength(0);
                refs.add(col);
                i = close + 1;
            } else {
                lit.append(c);
                i++;
            }
        }
        literals.add(lit.toString());
        String[] lits = literals.toArray(String[]::new);
        int[] cols = refs.stream().mapToInt(Integer::intValue).toArray();
        return r -> {
            StringBuilder sb = new StringBuilder(r.raw().length() + 16);
            List<String> f = r.fields();
            for (int k = 0; k < cols.length; k++) {
                sb.append(lits[k]);
                if (cols[k] < f.size()) {
                    sb.append(f.get(cols[k]));
                }
            }
            sb.append(lits[cols.length]);
            return oneLine(sb.toString());
        };
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A short description for logs and the UI. */
    public String describe() {
        return switch (kind) {
            case CSV -> "raw CSV line";
            case JSON -> "JSON";
            case TEMPLATE -> template == null || template.isBlank() ? "all columns" : template;
        };
    }

    /** Turns a record into a message. Confined to the thread that uses it. */
    @FunctionalInterface
    public interface Formatter {
        String format(CsvRecord record);
    }
}
