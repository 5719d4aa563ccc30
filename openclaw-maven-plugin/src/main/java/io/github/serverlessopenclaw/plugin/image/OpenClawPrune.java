package io.github.serverlessopenclaw.plugin.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes from OpenClaw's {@code node_modules} what no code path of this product loads, by the rules of
 * {@code runtime-container/openclaw/prune.txt} (bundled in the plugin jar; scripts/install-openclaw-gateway applies
 * the same file to the tests' gateway, so the tests run on the tree the image holds).
 */
public final class OpenClawPrune {
    private final List<String> folders = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    /** Bytes removed by the last {@link #apply}. */
    public record Result(long files, long bytes) {}

    OpenClawPrune(String rules) {
        for (String raw : rules.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!")) {
                kept.add(folder(line.substring(1)));
            } else if (line.startsWith("*.")) {
                suffixes.add(line.substring(1));
            } else {
                folders.add(folder(line));
            }
        }
    }

    private static String folder(String rule) {
        if (!rule.endsWith("/") || rule.startsWith("/") || rule.contains("..")) {
            throw new IllegalArgumentException("prune rule '" + rule + "' must be a relative folder ending in /");
        }
        return rule.substring(0, rule.length() - 1);
    }

    /** The rules the plugin ships. */
    public static OpenClawPrune bundled() {
        try (InputStream in = OpenClawModules.bundled("prune.txt")) {
            return new OpenClawPrune(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prunes {@code nodeModules} in place. */
    public Result apply(Path nodeModules) throws IOException {
        long[] removed = new long[2];
        Files.walkFileTree(nodeModules, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String relative = nodeModules.relativize(dir).toString().replace('\\', '/');
                return kept.contains(relative) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = nodeModules.relativize(file).toString().replace('\\', '/');
                if (removed(relative)) {
                    removed[0]++;
                    removed[1] += attrs.size();
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(nodeModules) && isEmpty(dir)) {
                    String relative = nodeModules.relativize(dir).toString().replace('\\', '/');
                    if (inRemovedFolder(relative)) {
                        Files.delete(dir);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Result(removed[0], removed[1]);
    }

    private boolean removed(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return inRemovedFolder(relative) || suffixes.stream().anyMatch(name::endsWith);
    }

    private boolean inRemovedFolder(String relative) {
        for (String keep : kept) {
            if (relative.equals(keep) || relative.startsWith(keep + "/") || keep.startsWith(relative + "/")) {
                return false;
            }
        }
        for (String folder : folders) {
            if (relative.equals(folder) || relative.startsWith(folder + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
