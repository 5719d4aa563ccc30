package io.github.serverlessopenclaw.plugin.outputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.serverlessopenclaw.plugin.report.TextTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stack outputs as a file ({@code target/openclaw/outputs.json}, shaped like the CDK CLI's
 * {@code --outputs-file}: stack name → output key → value) and as a console table.
 */
public final class OutputsFile {
    /** Where the goals write it, relative to the project's build directory. */
    public static final String DEFAULT_RELATIVE_PATH = "openclaw/outputs.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OutputsFile() {}

    public static void write(Path file, Map<String, Map<String, String>> outputsByStack) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(outputsByStack) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static Map<String, Map<String, String>> read(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> result = JSON.readValue(file.toFile(), Map.class);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** stack | output | value, one row per output. */
    public static List<String> table(Map<String, Map<String, String>> outputsByStack) {
        TextTable table = new TextTable("stack", "output", "value");
        outputsByStack.forEach((stack, outputs) -> outputs.forEach((key, value) -> table.row(stack, key, value)));
        return table.lines();
    }
}
