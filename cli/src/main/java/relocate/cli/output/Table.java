package relocate.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table (or CSV) for the terminal: columns padded to their widest cell, numbers right-aligned. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    public void print(PrintStream out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println(line(headers, width));
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        for (List<String> r : rows) {
            out.println(line(r, width));
        }
    }

    public void printCsv(PrintStream out) {
        out.println(String.join(",", headers.stream().map(Table::csv).toList()));
        for (List<String> r : rows) {
            out.println(String.join(",", r.stream().map(Table::csv).toList()));
        }
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean number = !c.isEmpty() && c.chars().allMatch(ch -> Character.isDigit(ch) || ch == ',' || ch == '.');
            b.append(number ? " ".repeat(width[i] - c.length()) + c : c + " ".repeat(width[i] - c.length()));
            b.append("  ");
        }
        return b.toString().stripTrailing();
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
