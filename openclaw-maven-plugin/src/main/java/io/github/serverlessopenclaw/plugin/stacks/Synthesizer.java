package io.github.serverlessopenclaw.plugin.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Synthesizes the product's stacks into a cloud assembly directory, offline (no AWS account), and summarizes
 * what it wrote. The one entry point for {@code openclaw:synth} and the deploy pipeline.
 */
public final class Synthesizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stack of the assembly. {@code dependsOn} are the artifact ids of the stacks deployed before it. */
    public record SynthesizedStack(
            String artifactId, String stackName, Path template, int resourceCount, List<String> dependsOn) {}

    /** One file asset: its hash (the object key in the asset bucket), where it comes from, and how it is packed. */
    public record Asset(String stackName, String hash, Path source, String packaging) {}

    public record Result(
            Path outDir, List<SynthesizedStack> stacks, List<Asset> assets, List<String> warnings, Duration elapsed) {}

    /**
     * The jsii runtime behind aws-cdk-lib is one node process per JVM and is not thread-safe; in a parallel build
     * (mvn -T) several modules synthesize in the same plugin class loader, so syntheses take turns.
     */
    private static final Object JSII = new Object();

    public Result synthesize(StackConfig config, Path outDir) {
        synchronized (JSII) {
            return synthesizeAlone(config, outDir);
        }
    }

    private Result synthesizeAlone(StackConfig config, Path outDir) {
        Path dir = outDir.toAbsolutePath().normalize();
        clean(dir);
        long start = System.nanoTime();
        CloudAssembly assembly = OpenClawApp.synth(config, dir);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        List<SynthesizedStack> stacks = new ArrayList<>();
        List<Asset> assets = new ArrayList<>();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            List<String> dependsOn = new ArrayList<>();
            for (CloudArtifact dependency : stack.getDependencies()) {
                if (dependency instanceof CloudFormationStackArtifact) {
                    dependsOn.add(dependency.getId());
                }
            }
            dependsOn.sort(Comparator.comparing(Synthesizer::order));
            stacks.add(new SynthesizedStack(
                    stack.getId(),
                    stack.getStackName(),
                    dir.resolve(stack.getTemplateFile()),
                    resourceCount(stack.getTemplate()),
                    List.copyOf(dependsOn)));
            assets.addAll(assetsOf(stack.getStackName(), dir.resolve(stack.getId() + ".assets.json")));
        }
        stacks.sort(Comparator.comparing(s -> order(s.artifactId())));
        List<String> warnings = new ArrayList<>();
        if (config.image().isEmpty()) {
            warnings.add("No container image given: the task definition uses the placeholder "
                    + StackConfig.PLACEHOLDER_IMAGE + "; run " + Goals.goal(Goals.PUSH_IMAGE) + " (or "
                    + Goals.goal(Goals.DEPLOY) + ") for a real digest");
        }
        return new Result(dir, List.copyOf(stacks), List.copyOf(assets), List.copyOf(warnings), elapsed);
    }

    /** Position in {@link ProductStack} (dependency order) for stable listings. */
    private static int order(String artifactId) {
        for (ProductStack stack : ProductStack.values()) {
            if (stack.id().equals(artifactId)) {
                return stack.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The file assets a stack's asset manifest lists, except its own template (what the stack packages). */
    private static List<Asset> assetsOf(String stackName, Path assetManifest) {
        List<Asset> assets = new ArrayList<>();
        if (!Files.isRegularFile(assetManifest)) {
            return assets;
        }
        JsonNode files;
        try {
            files = JSON.readTree(assetManifest.toFile()).path("files");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + assetManifest, e);
        }
        files.fields().forEachRemaining(entry -> {
            String path = entry.getValue().path("source").path("path").asText("");
            if (!path.isEmpty() && !path.endsWith(".template.json")) {
                assets.add(new Asset(
                        stackName,
                        entry.getKey(),
                        assetManifest.getParent().resolve(path),
                        entry.getValue().path("source").path("packaging").asText("file")));
            }
        });
        return assets;
    }

    @SuppressWarnings("unchecked")
    private static int resourceCount(Object template) {
        Object resources = ((Map<String, Object>) template).get("Resources");
        return resources instanceof Map<?, ?> map ? map.size() : 0;
    }

    /** Removes the previous assembly (stale templates of stacks no longer enabled), never anything else. */
    private static void clean(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.exists(dir.resolve("manifest.json"))) {
                throw new ConfigurationException("The synth output directory " + dir + " is not empty and holds no"
                        + " cloud assembly (manifest.json); choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
