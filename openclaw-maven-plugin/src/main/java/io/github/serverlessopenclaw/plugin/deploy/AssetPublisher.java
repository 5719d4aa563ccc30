package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.assembly.AssetManifest;
import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.config.Goals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes the file assets of an asset manifest to their staging buckets with the publishing role: an
 * object already under its content-hash key is never uploaded again (checked with ListObjectsV2, as
 * cdk-assets does, because a HEAD on a missing key can poison S3's negative cache), directories are
 * zipped deterministically, uploads run in parallel. Image assets are checked for presence only: the
 * plugin builds and pushes images itself (Jib), never through the manifest.
 */
public final class AssetPublisher implements AutoCloseable {
    /** An empty zip is 22 bytes; anything that small under a zip key is a broken earlier upload. */
    static final long EMPTY_ZIP_BYTES = 22;
    /** DOS time of 1980-01-01, the earliest a zip can hold: the same files always make the same bytes. */
    private static final long FIXED_ZIP_TIME = 315532800000L;

    private final RoleClients clients;
    private final DeployLog log;
    private final ExecutorService pool;

    public AssetPublisher(RoleClients clients, DeployLog log, int parallelism) {
        this.clients = clients;
        this.log = log;
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread thread = new Thread(r, "openclaw-assets");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Publishes every asset of the manifest; fails with the first asset that could not be published. */
    public void publish(AssetManifest manifest, Placeholders env) {
        List<CompletableFuture<Void>> uploads = new ArrayList<>();
        for (AssetManifest.FileAsset asset : manifest.files()) {
            for (AssetManifest.FileDestination destination : asset.destinations()) {
                uploads.add(CompletableFuture.runAsync(() -> publishFile(asset, destination, env), pool));
            }
        }
        for (AssetManifest.ImageAsset image : manifest.images()) {
            for (AssetManifest.ImageDestination destination : image.destinations()) {
                checkImage(image, destination, env);
            }
        }
        try {
            CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void publishFile(
            AssetManifest.FileAsset asset, AssetManifest.FileDestination destination, Placeholders env) {
        String bucket = env.resolve(destination.bucketName());
        String key = env.resolve(destination.objectKey());
        String region = destination.region().map(env::resolve).orElse(env.region());
        S3Client s3 = clients.s3(destination.assumeRoleArn().map(env::resolve), region);
        long minimumSize = asset.packaging() == AssetManifest.Packaging.ZIP_DIRECTORY ? EMPTY_ZIP_BYTES + 1 : 0;
        try {
            boolean present = s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                    .anyMatch(o -> o.key().equals(key) && sizeOf(o) >= minimumSize);
            if (present) {
                log.info("  asset " + asset.displayName() + ": already present");
                return;
            }
            Path file =
                    asset.packaging() == AssetManifest.Packaging.ZIP_DIRECTORY ? zip(asset.source()) : asset.source();
            try {
                String contentType = asset.packaging() == AssetManifest.Packaging.ZIP_DIRECTORY
                        ? "application/zip"
                        : Optional.ofNullable(Files.probeContentType(file)).orElse("application/octet-stream");
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
            } finally {
                if (!file.equals(asset.source())) {
                    Files.deleteIfExists(file);
                }
            }
            log.info("  asset " + asset.displayName() + ": published (s3://" + bucket + "/" + key + ")");
        } catch (IOException e) {
            throw new DeployException("asset " + asset.displayName() + " could not be read from " + asset.source()
                    + ": " + e.getMessage());
        } catch (NoSuchBucketException e) {
            throw new DeployException(
                    "the asset bucket " + bucket + " does not exist: run " + Goals.command(Goals.BOOTSTRAP) + " first");
        } catch (S3Exception e) {
            throw new DeployException(
                    "asset " + asset.displayName() + " could not be published to s3://" + bucket + "/" + key + " (HTTP "
                            + e.statusCode()
                            + (e.awsErrorDetails() == null
                                    ? ""
                                    : " " + e.awsErrorDetails().errorCode()) + ")",
                    e);
        }
    }

    private static long sizeOf(S3Object object) {
        return object.size() == null ? Long.MAX_VALUE : object.size();
    }

    private void checkImage(
            AssetManifest.ImageAsset image, AssetManifest.ImageDestination destination, Placeholders env) {
        String repository = env.resolve(destination.repositoryName());
        String tag = env.resolve(destination.imageTag());
        String region = destination.region().map(env::resolve).orElse(env.region());
        try {
            clients.ecr(destination.assumeRoleArn().map(env::resolve), region)
                    .describeImages(b -> b.repositoryName(repository)
                            .imageIds(ImageIdentifier.builder().imageTag(tag).build()));
            log.info("  image " + image.displayName() + ": already present");
        } catch (ImageNotFoundException e) {
            throw new DeployException(
                    "image asset " + image.displayName() + " (" + repository + ":" + tag + ") is not in"
                            + " the repository; this plugin does not build Docker assets from a cloud assembly, push it first");
        }
    }

    /** Zips a directory with sorted entries and fixed timestamps, so equal contents give equal bytes. */
    static Path zip(Path directory) throws IOException {
        Path zip = Files.createTempFile("openclaw-asset", ".zip");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Path file : files) {
                ZipEntry entry =
                        new ZipEntry(directory.relativize(file).toString().replace('\\', '/'));
                entry.setTime(FIXED_ZIP_TIME);
                zipOut.putNextEntry(entry);
                Files.copy(file, zipOut);
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
