package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The project owns the files of its agent folder's {@code workspace/} in every user's workspace: a file the project
 * changed is replaced, a file the project removed is removed, and a file the agent or the user created is never
 * touched. What the project put there is listed in the workspace itself ({@link AgentFolder#WORKSPACE_MANIFEST}), so
 * it travels with the workspace's backup. Runs after the restore and before any reply (no agent command runs
 * meanwhile); still, it never follows a link, so nothing outside the workspace is written or deleted.
 */
final class ProjectWorkspace {
    record Result(int written, int unchanged, int removed) {}

    private ProjectWorkspace() {}

    /** As {@link #apply}, a failure logged: the agent then starts with the files the user's workspace had. */
    static void applyOrWarn(Path workspace, Map<String, byte[]> files, GatewayUser user) {
        try {
            apply(workspace, files, user);
        } catch (RuntimeException e) {
            Log.warn("the project's workspace files could not be applied", e);
        }
    }

    static Result apply(Path workspace, Map<String, byte[]> files, GatewayUser user) {
        Path root = workspace.toAbsolutePath().normalize();
        int written = 0;
        int unchanged = 0;
        int removed = 0;
        try {
            Path manifest = root.resolve(AgentFolder.WORKSPACE_MANIFEST);
            Set<String> previous = previous(manifest);
            if (files.isEmpty() && previous.isEmpty()) {
                return new Result(0, 0, 0); // no agent folder, now or before: the workspace is the user's alone
            }
            Files.createDirectories(root);
            for (String path : previous) {
                Path target = inside(root, path);
                if (target != null
                        && !files.containsKey(path)
                        && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(target);
                    removed++;
                }
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = inside(root, file.getKey());
                if (target == null) {
                    continue;
                }
                if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                        && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                    unchanged++;
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (inside(root, file.getKey()) == null) { // a parent turned out to be a link
                    continue;
                }
                Files.deleteIfExists(target); // a link is deleted, not followed
                Files.write(target, file.getValue());
                written++;
            }
            ArrayNode list = Json.array();
            new TreeSet<>(files.keySet()).forEach(list::add);
            if (!previous.equals(new TreeSet<>(files.keySet()))
                    || !Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(manifest); // the backup uploads it only when the list changed
                Files.writeString(manifest, Json.write(list));
            }
            user.own(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the project's workspace files to " + root, e);
        }
        if (written + removed > 0) {
            Log.info("project workspace files: " + written + " written, " + unchanged + " unchanged, " + removed
                    + " removed");
        }
        return new Result(written, unchanged, removed);
    }

    private static Set<String> previous(Path manifest) {
        Set<String> paths = new TreeSet<>();
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return paths;
        }
        try {
            JsonNode list = Json.read(Files.readString(manifest));
            list.forEach(path -> paths.add(path.asText()));
        } catch (IOException | RuntimeException e) {
            Log.warn(
                    "the workspace's " + AgentFolder.WORKSPACE_MANIFEST + " is unreadable; no project file is removed");
        }
        return paths;
    }

    /** The file at {@code relative} under {@code root}, or null when the path is not plain or a folder on the way is a link. */
    private static Path inside(Path root, String relative) {
        if (!AgentFolder.SAFE_PATH.matcher(relative).matches()) {
            return null;
        }
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            return null;
        }
        for (Path dir = target.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                return null;
            }
        }
        return target;
    }
}
