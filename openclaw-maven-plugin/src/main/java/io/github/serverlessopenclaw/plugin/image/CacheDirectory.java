package io.github.serverlessopenclaw.plugin.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder of prepared layer contents, one entry per key (version + architecture, lockfile hash…). An
 * entry is filled in a temporary folder and renamed into place when complete, so an interrupted run
 * never leaves a half-filled entry that a later run would trust.
 */
public final class CacheDirectory {
    @FunctionalInterface
    public interface Filler {
        void fill(Path emptyDirectory) throws IOException;
    }

    private final Path root;

    public CacheDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Where the entry lives, whether or not it is filled yet. */
    public Path location(String kind, String key) {
        return root.resolve(kind).resolve(key);
    }

    /** The entry's folder, filled by {@code filler} only when it is not cached yet. */
    public Path entry(String kind, String key, Filler filler) {
        Path target = location(kind, key);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempDirectory(target.getParent(), ".partial-" + key + "-");
            try {
                filler.fill(partial);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // another build filled it at the same time; theirs is as good as ours
                }
            } finally {
                deleteRecursively(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + target, e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
