package io.github.serverlessopenclaw.plugin.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.JoniRegularExpressionFactory;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads and validates the project's agent folder ({@code openclaw.agentDirectory}) before anything is synthesized:
 * only {@code workspace/}, {@code skills/} and {@code openclaw.json}; plain files (no links), plain relative paths,
 * OpenClaw's size limits; an overlay that names a key the bridge owns is refused naming the key and the parameter to use
 * instead, and the rest must satisfy OpenClaw's own configuration schema.
 *
 * <p>The schema is OpenClaw's {@code openclaw config schema} of the pinned version, extracted by
 * {@code scripts/extract-openclaw-schema} into the plugin's resources (gzipped): synth stays offline and needs neither
 * the OpenClaw package nor a Node that can run it, and OpenClawSchemaTest keeps it equal to the pinned gateway's.
 */
public final class AgentDirectory {
    /**
     * At most this many files: the bridge's role may read exactly the objects of its agent folder, one ARN each, and a
     * role's inline policies must stay under IAM's 10,240 characters.
     */
    public static final int MAX_FILES = 40;
    /** OpenClaw's limits for a skill bundle, applied to the whole folder. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    public static final long MAX_TOTAL_BYTES = 8 * 1024 * 1024;
    static final String SCHEMA_RESOURCE = "openclaw-config.schema.json.gz";
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static volatile JsonSchema schema;

    private AgentDirectory() {}

    /** The folder's bundle, or empty when the folder does not exist (a project without an agent folder). */
    public static Optional<AgentBundle> read(Path directory) {
        if (directory == null || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigurationException(
                    PropertyNames.AGENT_DIRECTORY + " " + dir + " is not a folder: point it at a folder holding"
                            + " workspace/, skills/ and openclaw.json (default " + AgentFolder.DEFAULT_DIRECTORY + ")");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> unknown = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")
                            && !name.equals(AgentFolder.WORKSPACE)
                            && !name.equals(AgentFolder.SKILLS)
                            && !name.equals(AgentFolder.OVERLAY)
                            && !name.equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw new ConfigurationException("the agent folder " + dir + " holds " + unknown
                        + ", which is not delivered:"
                        + " put instruction files in " + AgentFolder.WORKSPACE + "/, skills in " + AgentFolder.SKILLS
                        + "/<name>/SKILL.md and configuration in " + AgentFolder.OVERLAY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        SortedMap<String, Path> workspace = files(dir, AgentFolder.WORKSPACE);
        SortedMap<String, Path> skills = files(dir, AgentFolder.SKILLS);
        int count = workspace.size() + skills.size();
        if (count > MAX_FILES) {
            throw new ConfigurationException(
                    "the agent folder " + dir + " holds " + count + " files; at most " + MAX_FILES
                            + " are delivered (each is an object the container's role may read by name): keep instructions short"
                            + " and skills few");
        }
        long total = Stream.concat(workspace.values().stream(), skills.values().stream())
                .mapToLong(AgentDirectory::size)
                .sum();
        if (total > MAX_TOTAL_BYTES) {
            throw new ConfigurationException("the agent folder " + dir + " holds " + total + " bytes; at most "
                    + MAX_TOTAL_BYTES + " (OpenClaw's limit for a skill bundle)");
        }
        Path overlayFile = dir.resolve(AgentFolder.OVERLAY);
        Optional<String> overlay = Files.exists(overlayFile, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(validateOverlay(
                        plain(overlayFile, AgentFolder.OVERLAY),
                        (dir.endsWith(AgentFolder.DEFAULT_DIRECTORY) ? AgentFolder.DEFAULT_DIRECTORY : dir.toString())
                                + "/" + AgentFolder.OVERLAY))
                : Optional.empty();
        return Optional.of(new AgentBundle(dir, workspace, skills, overlay));
    }

    /** Checks an overlay as the bridge will merge it; returns it as canonical JSON. {@code name} is how messages call the file. */
    public static String validateOverlay(Path file, String name) {
        JsonNode overlay;
        try {
            overlay = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(name + " is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (overlay == null || !overlay.isObject()) {
            throw new ConfigurationException(name + " must hold one JSON object, the part of openclaw.json to set");
        }
        for (AgentFolder.OwnedKey owned : AgentFolder.OWNED_KEYS) {
            JsonNode node = overlay;
            for (String segment : owned.path().split("\\.")) {
                node = node == null ? null : node.get(segment);
            }
            if (node != null) {
                throw new ConfigurationException(owned.refusal(name));
            }
        }
        Set<ValidationMessage> errors = schema().validate(overlay);
        if (!errors.isEmpty()) {
            throw new ConfigurationException(name + " does not match OpenClaw's configuration schema (openclaw "
                    + "config schema): "
                    + errors.stream()
                            .map(ValidationMessage::getMessage)
                            .sorted()
                            .limit(10)
                            .collect(Collectors.joining("; ")));
        }
        try {
            return JSON.writeValueAsString(JSON.treeToValue(overlay, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema schema() {
        JsonSchema loaded = schema;
        if (loaded == null) {
            loaded = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(
                            schemaDocument(),
                            SchemaValidatorsConfig.builder()
                                    .regularExpressionFactory(JoniRegularExpressionFactory.getInstance())
                                    .build());
            schema = loaded;
        }
        return loaded;
    }

    /** The bundled schema with each embedded schema's own references anchored to it ({@link #anchorReferences}). */
    static JsonNode schemaDocument() {
        try (InputStream in = new GZIPInputStream(AgentDirectory.class.getResourceAsStream(SCHEMA_RESOURCE))) {
            JsonNode document = JSON.readTree(in);
            anchorReferences(document, "", "");
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenClaw's configuration schema from the plugin", e);
        }
    }

    /**
     * OpenClaw embeds each plugin's and channel's own schema, with its {@code $defs} and its {@code #/$defs/…} references,
     * into the configuration schema without an {@code $id}; in the combined document {@code #} is the root, which has no
     * {@code $defs}, so the validator could not resolve them (it threw on any overlay reaching such a subtree). Each
     * reference inside an embedded schema (one with its own {@code $schema} or {@code $defs}) is rewritten to the
     * absolute pointer of the schema it was written against.
     */
    static void anchorReferences(JsonNode node, String pointer, String base) {
        if (node.isObject()) {
            String embeddedBase = !pointer.isEmpty()
                            && (node.path("$schema").isTextual()
                                    || node.path("$defs").isObject())
                    ? pointer
                    : base;
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> property : List.copyOf(object.properties())) {
                String key = property.getKey();
                JsonNode child = property.getValue();
                if (key.equals("$ref")
                        && child.isTextual()
                        && child.asText().startsWith("#/")
                        && !embeddedBase.isEmpty()) {
                    object.put(key, "#" + embeddedBase + child.asText().substring(1));
                } else {
                    anchorReferences(
                            child, pointer + "/" + key.replace("~", "~0").replace("/", "~1"), embeddedBase);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                anchorReferences(node.get(i), pointer + "/" + i, base);
            }
        }
    }

    private static SortedMap<String, Path> files(Path dir, String section) {
        SortedMap<String, Path> files = new TreeMap<>();
        Path root = dir.resolve(section);
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        plain(root, section);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted().toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (path.equals(root)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    throw new ConfigurationException("the agent folder's " + section + "/" + relative
                            + " is a link; the" + " folder must hold the files themselves (copy it in)");
                }
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!AgentFolder.SAFE_PATH.matcher(relative).matches()) {
                    throw new ConfigurationException(
                            "the agent folder's " + section + "/" + relative + " is not a plain"
                                    + " path: use letters, digits, '.', '_', '-', '@', '+' and spaces in file and folder names");
                }
                if (size(path) > MAX_FILE_BYTES) {
                    throw new ConfigurationException("the agent folder's " + section + "/" + relative + " has "
                            + size(path) + " bytes; at most " + MAX_FILE_BYTES + " per file (OpenClaw's limit)");
                }
                files.put(relative, path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return files;
    }

    private static Path plain(Path path, String name) {
        if (Files.isSymbolicLink(path)) {
            throw new ConfigurationException(
                    "the agent folder's " + name + " is a link; the folder must hold the files themselves");
        }
        return path;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
