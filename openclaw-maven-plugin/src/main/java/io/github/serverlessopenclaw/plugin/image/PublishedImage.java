package io.github.serverlessopenclaw.plugin.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The image in its repository, as {@code push-image} leaves it for {@code synth} and {@code deploy}
 * (in {@code target/openclaw/image.json}): the task definition uses {@link #reference()}, by digest.
 *
 * @param imageName    {@code host/repository}
 * @param tag          the content tag ({@link ImageRecipe#contentTag()})
 * @param digest       {@code sha256:…} of the manifest
 * @param pushed       false when the repository already had the image and nothing was built or sent
 * @param layers       our layers, bottom to top (base layers are not listed); sizes when known
 */
public record PublishedImage(
        String imageName, String tag, String digest, String architecture, boolean pushed, List<Layer> layers) {

    /** One layer: uncompressed size of its files (-1 when not built in this run), compressed blob size (-1 when unknown). */
    public record Layer(String name, long files, long uncompressedBytes, long compressedBytes, boolean uploaded) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where {@code push-image} writes it, under the project's build directory. */
    public static Path file(Path buildDirectory) {
        return buildDirectory.resolve("openclaw").resolve("image.json");
    }

    /** {@code host/repository@sha256:…}: immutable, so a new image is always a new task-definition revision. */
    public String reference() {
        return imageName + "@" + digest;
    }

    /** One line per layer: sizes and whether it was sent in this run. */
    public List<String> layerLines() {
        return layers.stream()
                .map(layer -> String.format(
                        "  %-20s %12s uncompressed %12s compressed  %s",
                        layer.name(),
                        size(layer.uncompressedBytes()),
                        size(layer.compressedBytes()),
                        layer.uploaded() ? "pushed" : "already present"))
                .toList();
    }

    /** How many layers were uploaded in this run. */
    public long uploadedLayers() {
        return layers.stream().filter(Layer::uploaded).count();
    }

    private static String size(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        return bytes < 1_000_000
                ? String.format("%.1f kB", bytes / 1_000.0)
                : String.format("%.1f MB", bytes / 1_000_000.0);
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image that {@code push-image} pushed for this project; fails with the fix when it has not run. */
    public static PublishedImage read(Path buildDirectory) {
        Path file = file(buildDirectory);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(
                    "no pushed image is recorded in " + file + ": run " + Goals.command(Goals.PUSH_IMAGE) + " first");
        }
        try {
            return JSON.readValue(file.toFile(), PublishedImage.class);
        } catch (IOException e) {
            throw new ConfigurationException(file + " is not readable (" + e.getMessage() + "): run "
                    + Goals.command(Goals.PUSH_IMAGE) + " again");
        }
    }
}
