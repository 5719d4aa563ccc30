package io.github.serverlessopenclaw.plugin.agent;

import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.plugin.image.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A validated agent folder: its workspace files and skill files (path relative to their folder → the file), and the
 * overlay as canonical JSON. Each file is delivered as its own content-addressed asset, so a one-line change uploads
 * one file. {@link #toString()} is the content hash (the synthesis key uses it).
 *
 * @param directory the folder in the project
 * @param workspace {@code workspace/} files
 * @param skills    {@code skills/} files
 * @param overlay   {@code openclaw.json}, validated and re-serialized, if present
 */
public record AgentBundle(
        Path directory, SortedMap<String, Path> workspace, SortedMap<String, Path> skills, Optional<String> overlay) {

    public AgentBundle {
        workspace = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(workspace));
        skills = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(skills));
        overlay = overlay == null ? Optional.empty() : overlay;
    }

    public int fileCount() {
        return workspace.size() + skills.size();
    }

    /** Every file of the folder by its section ({@link AgentFolder#WORKSPACE}, {@link AgentFolder#SKILLS}). */
    public Map<String, SortedMap<String, Path>> sections() {
        return Map.of(AgentFolder.WORKSPACE, workspace, AgentFolder.SKILLS, skills);
    }

    /** A hash of every path and content and the overlay. */
    public String contentHash() {
        StringBuilder text = new StringBuilder();
        workspace.forEach((path, file) -> text.append("w:")
                .append(path)
                .append('=')
                .append(Hashes.sha256Hex(file))
                .append('\n'));
        skills.forEach((path, file) -> text.append("s:")
                .append(path)
                .append('=')
                .append(Hashes.sha256Hex(file))
                .append('\n'));
        overlay.ifPresent(json -> text.append("o:").append(json).append('\n'));
        return Hashes.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AgentBundle[" + contentHash() + "]";
    }
}
