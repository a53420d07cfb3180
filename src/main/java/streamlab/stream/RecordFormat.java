package streamlab.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable. How a record becomes a message: a template with {@code {Column}} names, the record as CSV, or a JSON
 * object keyed by the header. Template and JSON messages are always one line, so such a record never spans lines in
 * {@code out9.txt} nor in a TCP stream framed by newlines. How each form keeps a line break inside a field:
 * <ul>
 *   <li>template: a value's backslash is written {@code \\}, LF and CRLF {@code \n}, a lone CR {@code \r}, so a line
 *       break and a literal backslash-n stay distinguishable;</li>
 *   <li>JSON: JSON string escapes ({@code \n}, {@code \r}, {@code \\}), exact;</li>
 *   <li>CSV: a record without a line break in any field is the record's text as in the file, byte for byte; a record
 *       with one is written again the RFC 4180 way, in the file's delimiter, with each field that needs it quoted
 *       (quotes doubled) and the line break kept inside the quotes. Exact for any CSV reader, but that message spans
 *       more than one line (CSV has no escape for a line break).</li>
 * </ul>
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

    /** Thread-safe and costly to build (a new mapper per compile slowed every preview keystroke). */
    private static final ObjectWriter JSON_WRITER = new ObjectMapper().writer();

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
            case CSV -> RecordFormat::csv;
            case JSON -> json(columns);
            case TEMPLATE -> template == null || template.isBlank() ? allColumns(columns)
                    : compileTemplate(template, columns);
        };
    }

    /** The default template, built from column positions: a name holding a brace must not break it. */
    private static Formatter allColumns(List<String> columns) {
        String[] lits = new String[columns.size() + 1];
        int[] cols = new int[columns.size()];
        for (int i = 0; i < cols.length; i++) {
            lits[i] = i == 0 ? "[" : ", ";
            cols[i] = i;
        }
        lits[cols.length] = cols.length == 0 ? "[]" : "]";
        return templateFormatter(lits, cols);
    }

    private static Formatter json(List<String> columns) {
        ObjectWriter writer = JSON_WRITER;
        List<String> names = CsvInfo.uniqueNames(columns);
        return r -> {
            Map<String, String> map = new LinkedHashMap<>();
            List<String> f = r.fields();
            // A bad row sent anyway may have extra fields: they get names that cannot overwrite a column's value.
            List<String> keys = f.size() <= names.size() ? names : namesFor(names, f.size());
            for (int i = 0; i < f.size(); i++) {
                map.put(keys.get(i), f.get(i));
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
        String[] lits = literals.stream().map(RecordFormat::oneLine).toArray(String[]::new);
        int[] cols = refs.stream().mapToInt(Integer::intValue).toArray();
        return templateFormatter(lits, cols);
    }

    private static Formatter templateFormatter(String[] lits, int[] cols) {
        return r -> {
            StringBuilder sb = new StringBuilder(r.raw().length() + 16);
            List<String> f = r.fields();
            for (int k = 0; k < cols.length; k++) {
                sb.append(lits[k]);
                if (cols[k] < f.size()) {
                    escapeValue(f.get(cols[k]), sb);
                }
            }
            return sb.append(lits[cols.length]).toString();
        };
    }

    private static List<String> namesFor(List<String> columns, int count) {
        List<String> padded = new ArrayList<>(columns);
        while (padded.size() < count) {
            padded.add("");
        }
        return CsvInfo.uniqueNames(padded);
    }

    /** Appends a value for a template message: backslash as two, LF and CRLF as {@code \n}, a lone CR as {@code \r}. */
    static void escapeValue(String v, StringBuilder sb) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                boolean crlf = i + 1 < v.length() && v.charAt(i + 1) == '\n';
                sb.append(crlf ? "\\n" : "\\r");
                if (crlf) {
                    i++;
                }
            } else {
                sb.append(c);
            }
        }
    }

    /** Undoes {@link #escapeValue}, with CRLF read back as LF. */
    static String unescapeValue(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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

    /**
     * The record as CSV: the file's own text when no field holds a line break (the common case, and what the course
     * script sends); otherwise the fields written again with quotes, because the file's text may use the lenient
     * forms Python reads ({@code "a"b}), which a strict RFC 4180 reader refuses.
     */
    static String csv(CsvRecord r) {
        List<String> f = r.fields();
        boolean lineBreak = false;
        for (String v : f) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                lineBreak = true;
                break;
            }
        }
        if (!lineBreak) {
            return r.raw();
        }
        char d = delimiterOf(r);
        StringBuilder sb = new StringBuilder(r.raw().length() + 8);
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                sb.append(d);
            }
            String v = f.get(i);
            if (v.indexOf(d) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    /**
     * The delimiter of the file a record came from: the character of its text right after the first field. A record
     * holds its text and fields but not the delimiter, and the same delimiter keeps {@code out9.txt} one dialect.
     * Falls back to a comma for a one-field record (no delimiter needed) or a text that does not match its fields.
     */
    static char delimiterOf(CsvRecord r) {
        String raw = r.raw();
        List<String> f = r.fields();
        if (f.size() < 2) {
            return ',';
        }
        int i = 0;
        int value = 0;
        if (raw.startsWith("\"")) {
            // The quoted part, by the grammar of RecordScanner.split: "" is one quote, the next lone quote closes.
            i = 1;
            while (i < raw.length()) {
                char c = raw.charAt(i);
                if (c == '"') {
                    if (i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                        i += 2;
                        value++;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
                value++;
            }
        }
        // What follows an unquoted start, or a closing quote, is the field's text as it is, up to the delimiter.
        i += f.get(0).length() - value;
        return i >= 0 && i < raw.length() ? raw.charAt(i) : ',';
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
            case CSV -> "CSV";
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
