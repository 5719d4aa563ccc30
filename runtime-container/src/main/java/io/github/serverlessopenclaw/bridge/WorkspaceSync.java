package io.github.serverlessopenclaw.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The user's OpenClaw workspace in S3 under {@code workspaces/<userId>/}: restored before the first message,
 * backed up periodically and at shutdown. A backup uploads only files whose size or modification time
 * changed since the last restore or backup; symbolic links are never followed (nothing outside the
 * workspace can leak into the bucket) and keys never escape the prefix on restore.
 */
final class WorkspaceSync {
    record Result(int files, long bytes) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path root;
    private final Map<String, String> known = new HashMap<>();

    WorkspaceSync(S3Client s3, String bucket, String prefix, Path root) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.root = root.toAbsolutePath().normalize();
    }

    synchronized Result restore() {
        int files = 0;
        long bytes = 0;
        try {
            Files.createDirectories(root);
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String relative = object.key().substring(prefix.length());
                if (relative.isEmpty() || relative.endsWith("/")) {
                    continue;
                }
                Path target = root.resolve(relative).normalize();
                if (!target.startsWith(root)) {
                    Log.warn("skipping workspace object outside the workspace: " + object.key());
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                s3.getObject(b -> b.bucket(bucket).key(object.key()), target);
                known.put(relative, fingerprint(target));
                files++;
                bytes += object.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the workspace into " + root, e);
        }
        return new Result(files, bytes);
    }

    synchronized Result backup() {
        if (!Files.isDirectory(root)) {
            return new Result(0, 0);
        }
        int[] files = {0};
        long[] bytes = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (!attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    String fingerprint = attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
                    if (fingerprint.equals(known.get(relative))) {
                        return FileVisitResult.CONTINUE;
                    }
                    s3.putObject(b -> b.bucket(bucket).key(prefix + relative), RequestBody.fromFile(file));
                    known.put(relative, fingerprint);
                    files[0]++;
                    bytes[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up the workspace " + root, e);
        }
        return new Result(files[0], bytes[0]);
    }

    private static String fingerprint(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
    }
}
