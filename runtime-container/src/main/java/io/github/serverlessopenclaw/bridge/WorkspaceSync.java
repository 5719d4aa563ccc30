package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
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
 *
 * <p>The workspace belongs to the gateway's user ({@link GatewayUser}): restored files are given to it, and when
 * that user is not the bridge's, a backup reads each file with that user's rights (a {@code cat} under setpriv
 * into a root-only staging file). The agent can swap a path for a link, or hard-link a file into its workspace,
 * between the walk and the read; read as root, a root-only file (the bridge's environment, its keys) would reach
 * the bucket and come back in the next restore.
 */
final class WorkspaceSync {
    record Result(int files, long bytes) {}

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path root;
    private final GatewayUser owner;
    private final Map<String, String> known = new HashMap<>();

    WorkspaceSync(S3Client s3, String bucket, String prefix, Path root, GatewayUser owner) {
        this.owner = owner;
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
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
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
            owner.own(root); // replies wait for the restore, so no agent command runs meanwhile
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
                    String fingerprint = attributes.size() + ":"
                            + attributes.lastModifiedTime().toMillis();
                    if (fingerprint.equals(known.get(relative))) {
                        return FileVisitResult.CONTINUE;
                    }
                    long size = upload(file, prefix + relative);
                    if (size < 0) {
                        return FileVisitResult.CONTINUE;
                    }
                    known.put(relative, fingerprint);
                    files[0]++;
                    bytes[0] += size;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up the workspace " + root, e);
        }
        return new Result(files[0], bytes[0]);
    }

    /** Uploads {@code file} as read by the gateway's user; -1 (logged, skipped) when that user cannot read it. */
    private long upload(Path file, String key) throws IOException {
        if (!owner.separate()) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            return Files.size(file);
        }
        Path staging = Files.createTempFile("workspace-backup", ".part"); // 0600, root's
        try {
            if (!owner.readAs(file, staging)) {
                Log.warn("workspace backup skips " + root.relativize(file) + ": the gateway's user cannot read it");
                return -1;
            }
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(staging));
            return Files.size(staging);
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static String fingerprint(Path file) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
    }
}
