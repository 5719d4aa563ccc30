package io.github.serverlessopenclaw.plugin.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A synthesized cloud assembly ({@code cdk.out}) read with our own tolerant JSON model: fields we do not
 * know are ignored, nested assemblies (CDK Stages) are walked, and a schema major version newer than the
 * one we test against gives a warning instead of a failure. No jsii, no Node.
 */
public final class CloudAssembly {
    /** The cloud-assembly schema major version the engine is tested against (aws-cdk-lib 2.263 writes 54). */
    public static final int TESTED_SCHEMA_MAJOR = 54;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String schemaVersion;
    private final List<StackArtifact> stacks;
    private final Map<String, AssetManifest> assetManifests;
    private final List<String> warnings;

    private CloudAssembly(
            Path directory,
            String schemaVersion,
            List<StackArtifact> stacks,
            Map<String, AssetManifest> assetManifests,
            List<String> warnings) {
        this.directory = directory;
        this.schemaVersion = schemaVersion;
        this.stacks = List.copyOf(stacks);
        this.assetManifests = Collections.unmodifiableMap(assetManifests);
        this.warnings = List.copyOf(warnings);
    }

    /** Reads {@code dir/manifest.json} and everything it points to. */
    public static CloudAssembly load(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new ConfigurationException("No cloud assembly at " + dir + " (manifest.json is missing): run" + " "
                    + Goals.command(Goals.SYNTH) + " first, or point " + PropertyNames.ASSEMBLY_DIRECTORY
                    + " at a cdk.out directory");
        }
        List<StackArtifact> stacks = new ArrayList<>();
        Map<String, AssetManifest> assets = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String version = readAssembly(dir, "", stacks, assets, warnings);
        return new CloudAssembly(dir, version, stacks, assets, warnings);
    }

    private static String readAssembly(
            Path dir,
            String idPrefix,
            List<StackArtifact> stacks,
            Map<String, AssetManifest> assets,
            List<String> warnings) {
        JsonNode root = readJson(dir.resolve("manifest.json"));
        String version = root.path("version").asText("");
        checkVersion(dir.resolve("manifest.json"), version, warnings);
        JsonNode artifacts = root.path("artifacts");
        List<String> stackIds = new ArrayList<>();
        List<String> assetIds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = artifacts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> artifact = it.next();
            String type = artifact.getValue().path("type").asText();
            if (type.equals("aws:cloudformation:stack")) {
                stackIds.add(artifact.getKey());
            } else if (type.equals("cdk:asset-manifest")) {
                assetIds.add(artifact.getKey());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = artifacts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            JsonNode artifact = entry.getValue();
            JsonNode properties = artifact.path("properties");
            switch (artifact.path("type").asText()) {
                case "cdk:asset-manifest" ->
                    assets.put(
                            idPrefix + id,
                            readAssetManifest(
                                    idPrefix + id,
                                    dir,
                                    dir.resolve(properties.path("file").asText()),
                                    warnings));
                case "aws:cloudformation:stack" ->
                    stacks.add(readStack(idPrefix, id, dir, artifact, stackIds, assetIds));
                case "cdk:cloud-assembly" -> {
                    String nested = properties.path("directoryName").asText();
                    readAssembly(dir.resolve(nested), idPrefix + nested + "/", stacks, assets, warnings);
                }
                default -> {} // tree, metadata-only and future artifact types do not deploy anything
            }
        }
        return version;
    }

    private static StackArtifact readStack(
            String idPrefix, String id, Path dir, JsonNode artifact, List<String> stackIds, List<String> assetIds) {
        JsonNode p = artifact.path("properties");
        List<String> dependencies = new ArrayList<>();
        List<String> manifests = new ArrayList<>();
        List<String> declared = new ArrayList<>(strings(artifact.path("dependencies")));
        declared.addAll(strings(p.path("additionalDependencies")));
        for (String dependency : declared) {
            if (stackIds.contains(dependency) && !dependencies.contains(idPrefix + dependency)) {
                dependencies.add(idPrefix + dependency);
            } else if (assetIds.contains(dependency) && !manifests.contains(idPrefix + dependency)) {
                manifests.add(idPrefix + dependency);
            }
        }
        return new StackArtifact(
                idPrefix + id,
                artifact.path("displayName").asText(id),
                p.path("stackName").asText(id),
                dir.resolve(p.path("templateFile").asText()),
                artifact.path("environment").asText(""),
                text(p, "assumeRoleArn"),
                text(p, "cloudFormationExecutionRoleArn"),
                text(p, "stackTemplateAssetObjectUrl"),
                p.has("requiresBootstrapStackVersion")
                        ? Optional.of(p.get("requiresBootstrapStackVersion").asInt())
                        : Optional.empty(),
                text(p, "bootstrapStackVersionSsmParameter"),
                stringMap(p.path("tags")),
                stringMap(p.path("parameters")),
                p.path("terminationProtection").asBoolean(false),
                strings(p.path("notificationArns")),
                dependencies,
                manifests);
    }

    static AssetManifest readAssetManifest(String id, Path dir, Path file, List<String> warnings) {
        JsonNode root = readJson(file);
        checkVersion(file, root.path("version").asText(""), warnings);
        List<AssetManifest.FileAsset> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode source = entry.getValue().path("source");
            if (!source.has("path")) {
                warnings.add("File asset " + entry.getKey()
                        + " has no source path (executable sources are not supported); skipped");
                continue;
            }
            List<AssetManifest.FileDestination> destinations = new ArrayList<>();
            for (JsonNode d : destinations(entry.getValue())) {
                destinations.add(new AssetManifest.FileDestination(
                        d.path("bucketName").asText(),
                        d.path("objectKey").asText(),
                        text(d, "assumeRoleArn"),
                        text(d, "region")));
            }
            AssetManifest.Packaging packaging =
                    source.path("packaging").asText("file").equals("zip")
                            ? AssetManifest.Packaging.ZIP_DIRECTORY
                            : AssetManifest.Packaging.FILE;
            files.add(new AssetManifest.FileAsset(
                    entry.getKey(),
                    entry.getValue().path("displayName").asText(entry.getKey()),
                    dir.resolve(source.path("path").asText()),
                    packaging,
                    destinations));
        }
        List<AssetManifest.ImageAsset> images = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.path("dockerImages").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<AssetManifest.ImageDestination> destinations = new ArrayList<>();
            for (JsonNode d : destinations(entry.getValue())) {
                destinations.add(new AssetManifest.ImageDestination(
                        d.path("repositoryName").asText(),
                        d.path("imageTag").asText(),
                        text(d, "assumeRoleArn"),
                        text(d, "region")));
            }
            images.add(new AssetManifest.ImageAsset(
                    entry.getKey(), entry.getValue().path("displayName").asText(entry.getKey()), destinations));
        }
        return new AssetManifest(id, files, images);
    }

    private static List<JsonNode> destinations(JsonNode asset) {
        List<JsonNode> result = new ArrayList<>();
        asset.path("destinations").elements().forEachRemaining(result::add);
        return result;
    }

    private static void checkVersion(Path file, String version, List<String> warnings) {
        String major = version.split("\\.", 2)[0];
        try {
            if (Integer.parseInt(major) > TESTED_SCHEMA_MAJOR) {
                warnings.add(file.getFileName() + " uses cloud-assembly schema " + version + ", newer than the "
                        + TESTED_SCHEMA_MAJOR + ".x this plugin is tested with; unknown fields are ignored");
            }
        } catch (NumberFormatException e) {
            warnings.add(file.getFileName() + " has no readable schema version ('" + version + "')");
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + file + " (" + e.getMessage() + "): synthesize again"
                    + " with " + Goals.command(Goals.SYNTH));
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty()
                ? Optional.empty()
                : Optional.of(value.asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.elements().forEachRemaining(n -> result.add(n.asText()));
        return result;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> result = new TreeMap<>();
        object.fields()
                .forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    public Path directory() {
        return directory;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    /** Every stack, including those of nested assemblies, in manifest order. */
    public List<StackArtifact> stacks() {
        return stacks;
    }

    public Optional<StackArtifact> stack(String idOrName) {
        return stacks.stream().filter(s -> s.isNamedBy(idOrName)).findFirst();
    }

    public AssetManifest assetManifest(String id) {
        AssetManifest manifest = assetManifests.get(id);
        if (manifest == null) {
            throw new ConfigurationException("The cloud assembly at " + directory + " names asset manifest " + id
                    + " but does not contain it: synthesize again");
        }
        return manifest;
    }

    public Map<String, AssetManifest> assetManifests() {
        return assetManifests;
    }

    /** Things the user should know (newer schema, unsupported asset sources); never fatal. */
    public List<String> warnings() {
        return warnings;
    }
}
