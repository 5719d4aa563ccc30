package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.common.Capability;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The agent as the project defines it (its agent folder, fallback models, capabilities), applied by the bridge at
 * start: the overlay and the fallbacks go into {@code openclaw.json}, the skills into the gateway's managed skills
 * folder, the workspace files into each workspace ({@link ProjectWorkspace}), and the capabilities keep their skip
 * flags off. The folder comes from a local directory ({@link Env#OPENCLAW_AGENT_DIRECTORY}: local runs, tests) or
 * from its manifest in S3 ({@link Env#OPENCLAW_AGENT_MANIFEST}: what the plugin deployed).
 */
final class ProjectAgent {
    static final ProjectAgent NONE = new ProjectAgent(Map.of(), Map.of(), null, List.of(), Set.of());

    private final Map<String, byte[]> workspace;
    private final Map<String, byte[]> skills;
    private final ObjectNode overlay;
    private final List<String> fallbacks;
    private final Set<Capability> capabilities;

    ProjectAgent(
            Map<String, byte[]> workspace,
            Map<String, byte[]> skills,
            ObjectNode overlay,
            List<String> fallbacks,
            Set<Capability> capabilities) {
        this.workspace = Map.copyOf(workspace);
        this.skills = Map.copyOf(skills);
        this.overlay = overlay == null ? null : withoutOwnedKeys(overlay.deepCopy());
        this.fallbacks = List.copyOf(fallbacks);
        this.capabilities = Set.copyOf(capabilities);
    }

    static ProjectAgent fromEnvironment(Map<String, String> env, Supplier<S3Client> s3) {
        List<String> fallbacks = env.get(Env.OPENCLAW_MODEL_FALLBACKS) == null
                ? List.of()
                : Arrays.stream(env.get(Env.OPENCLAW_MODEL_FALLBACKS).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        Set<Capability> capabilities = Capability.parse(env.get(Env.OPENCLAW_CAPABILITIES));
        String directory = env.get(Env.OPENCLAW_AGENT_DIRECTORY);
        String manifest = env.get(Env.OPENCLAW_AGENT_MANIFEST);
        ProjectAgent files = directory != null && !directory.isBlank()
                ? fromDirectory(Path.of(directory))
                : manifest != null && !manifest.isBlank() ? fromS3(s3.get(), URI.create(manifest)) : NONE;
        return new ProjectAgent(files.workspace, files.skills, files.overlay, fallbacks, capabilities);
    }

    /** The agent folder as it is in the project (a missing folder is an empty one). */
    static ProjectAgent fromDirectory(Path folder) {
        try {
            Path overlayFile = folder.resolve(AgentFolder.OVERLAY);
            ObjectNode overlay =
                    Files.isRegularFile(overlayFile) ? (ObjectNode) Json.read(Files.readString(overlayFile)) : null;
            return new ProjectAgent(
                    files(folder.resolve(AgentFolder.WORKSPACE)),
                    files(folder.resolve(AgentFolder.SKILLS)),
                    overlay,
                    List.of(),
                    Set.of());
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("cannot read the agent folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** The folder as the plugin delivered it: the manifest at {@code s3://bucket/key}, each file by its key in that bucket. */
    static ProjectAgent fromS3(S3Client s3, URI manifest) {
        String bucket = manifest.getHost();
        String key = manifest.getPath().replaceFirst("^/", "");
        JsonNode root =
                Json.read(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        JsonNode overlay = root.path("overlay");
        ProjectAgent agent = new ProjectAgent(
                download(s3, bucket, root.path(AgentFolder.WORKSPACE)),
                download(s3, bucket, root.path(AgentFolder.SKILLS)),
                overlay.isObject() ? (ObjectNode) overlay : null,
                List.of(),
                Set.of());
        Log.info("agent folder " + key + ": " + agent.workspace.size() + " workspace file(s), " + agent.skills.size()
                + " skill file(s)" + (agent.overlay == null ? "" : ", an openclaw.json overlay"));
        return agent;
    }

    private static Map<String, byte[]> download(S3Client s3, String bucket, JsonNode entries) {
        Map<String, byte[]> files = new TreeMap<>();
        entries.fields().forEachRemaining(entry -> {
            requireSafe(entry.getKey());
            files.put(
                    entry.getKey(),
                    s3.getObjectAsBytes(
                                    b -> b.bucket(bucket).key(entry.getValue().asText()))
                            .asByteArray());
        });
        return files;
    }

    static String requireSafe(String path) {
        if (!AgentFolder.SAFE_PATH.matcher(path).matches()) {
            throw new IllegalStateException("agent folder path '" + path + "' is not a plain relative path");
        }
        return path;
    }

    Map<String, byte[]> workspaceFiles() {
        return workspace;
    }

    Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * The configuration the gateway gets: the overlay under the bridge's own settings (the bridge's keys win; the
     * plugin already refused an overlay naming them, and they are dropped here too), then the fallback models.
     */
    ObjectNode customize(ObjectNode bridgeConfig) {
        ObjectNode config = overlay == null ? bridgeConfig : merge(overlay.deepCopy(), bridgeConfig);
        if (!fallbacks.isEmpty()) {
            ObjectNode model = object(object(object(config, "agents"), "defaults"), "model");
            ArrayNode list = model.putArray("fallbacks");
            fallbacks.forEach(list::add);
            JsonNode custom = config.path("models")
                    .path("providers")
                    .path(AgentFolder.CUSTOM_PROVIDER)
                    .path("models");
            for (String fallback : fallbacks) {
                String prefix = AgentFolder.CUSTOM_PROVIDER + "/";
                if (fallback.startsWith(prefix)
                        && custom.isArray()
                        && !contains(custom, fallback.substring(prefix.length()))) {
                    String id = fallback.substring(prefix.length());
                    ((ArrayNode) custom).addObject().put("id", id).put("name", id);
                }
            }
        }
        allowCapabilityPlugins(config);
        return config;
    }

    /** A plugin the bridge denies by default ({@link GatewayConfigFile#DISABLED_PLUGINS}) loads when its capability runs. */
    private void allowCapabilityPlugins(ObjectNode config) {
        JsonNode deny = config.path("plugins").path("deny");
        if (deny.isArray()) {
            Set<String> needed = new HashSet<>();
            capabilities.forEach(c -> needed.addAll(c.plugins()));
            Iterator<JsonNode> names = deny.elements();
            while (names.hasNext()) {
                if (needed.contains(names.next().asText())) {
                    names.remove();
                }
            }
        }
    }

    /** Leaves the skip flags of the capabilities that run unset. */
    void adjustEnvironment(Map<String, String> gatewayEnv) {
        capabilities.forEach(c -> c.skipFlags().forEach(gatewayEnv::remove));
    }

    /**
     * Writes the skills into {@code <state dir>/skills}, which holds exactly the project's skills: the state folder is
     * the container's own (never backed up), and what an earlier local run left there is cleared first.
     */
    void installSkills(Path stateDir) {
        Path root = stateDir.resolve(AgentFolder.SKILLS);
        try {
            if (Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            if (skills.isEmpty()) {
                return;
            }
            for (Map.Entry<String, byte[]> skill : skills.entrySet()) {
                Path target = root.resolve(requireSafe(skill.getKey())).normalize();
                Files.createDirectories(target.getParent());
                Files.write(target, skill.getValue());
            }
            Log.info(skills.size() + " skill file(s) of the project installed in " + root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the project's skills into " + root, e);
        }
    }

    private static boolean contains(JsonNode models, String id) {
        for (JsonNode model : models) {
            if (id.equals(model.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        return child instanceof ObjectNode node ? node : parent.putObject(field);
    }

    /** Deep merge of {@code top} into {@code base}: objects merge key by key, anything else of {@code top} replaces. */
    static ObjectNode merge(ObjectNode base, ObjectNode top) {
        Iterator<Map.Entry<String, JsonNode>> fields = top.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode into && field.getValue() instanceof ObjectNode from) {
                merge(into, from);
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return base;
    }

    private static ObjectNode withoutOwnedKeys(ObjectNode overlay) {
        for (AgentFolder.OwnedKey owned : AgentFolder.OWNED_KEYS) {
            List<String> path = new ArrayList<>(List.of(owned.path().split("\\.")));
            String last = path.remove(path.size() - 1);
            JsonNode node = overlay;
            for (String segment : path) {
                node = node == null ? null : node.get(segment);
            }
            if (node instanceof ObjectNode parent && parent.remove(last) != null) {
                Log.warn("the agent folder's overlay sets " + owned.path() + ", which the bridge owns; ignored");
            }
        }
        return overlay;
    }
}
