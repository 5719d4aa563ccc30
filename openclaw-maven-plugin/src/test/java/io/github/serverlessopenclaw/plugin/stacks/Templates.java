package io.github.serverlessopenclaw.plugin.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.assertions.Template;

/** Reading a synthesized assembly in tests: aws-cdk-lib's {@link Template} per stack, and plain JSON trees. */
final class Templates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Synthesizer.Result result;
    private final Map<String, JsonNode> trees = new TreeMap<>();

    Templates(Synthesizer.Result result) {
        this.result = result;
        for (Synthesizer.SynthesizedStack stack : result.stacks()) {
            trees.put(stack.artifactId(), read(stack.template()));
        }
    }

    Synthesizer.Result result() {
        return result;
    }

    Template template(ProductStack stack) {
        try {
            return Template.fromString(Files.readString(path(stack)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(ProductStack stack) {
        return result.stacks().stream()
                .filter(s -> s.artifactId().equals(stack.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("stack " + stack.id() + " was not synthesized"))
                .template();
    }

    JsonNode tree(ProductStack stack) {
        JsonNode tree = trees.get(stack.id());
        if (tree == null) {
            throw new AssertionError("stack " + stack.id() + " was not synthesized");
        }
        return tree;
    }

    Map<String, JsonNode> trees() {
        return trees;
    }

    /** Every resource of every template as (stack, logical id, resource). */
    List<Map.Entry<String, JsonNode>> allResources() {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        trees.forEach((stack, tree) -> tree.path("Resources")
                .fields()
                .forEachRemaining(e -> all.add(Map.entry(stack + "/" + e.getKey(), e.getValue()))));
        return all;
    }

    List<Path> allFiles() {
        try (Stream<Path> files = Files.walk(result.outDir())) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
