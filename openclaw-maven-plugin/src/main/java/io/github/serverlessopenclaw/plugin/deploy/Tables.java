package io.github.serverlessopenclaw.plugin.deploy;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for the console: columns padded to the widest cell, a rule under the header. */
public final class Tables {
    private Tables() {
    }

    public static List<String> format(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows.get(r).length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(i == rows.get(r).length - 1 ? rows.get(r)[i] : pad(rows.get(r)[i], widths[i]));
            }
            lines.add(line.toString());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    rule.append(i > 0 ? "  " : "").append("-".repeat(widths[i]));
                }
                lines.add(rule.toString());
            }
        }
        return lines;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }
}
