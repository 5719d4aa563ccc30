package io.github.serverlessopenclaw.plugin.web;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes the web UI to the site bucket: uploads what changed (compared by MD5 with the objects'
 * ETags) with the right content type and caching, writes {@code config.json} from the stack outputs,
 * deletes files the new build no longer has (never {@code config.json}), and invalidates in CloudFront
 * only the paths whose content changed. Order: new files first, then index.html and config.json, then
 * deletions, so a browser never gets an index.html that names a file not yet (or no longer) there.
 */
public final class WebPublisher {
    /** Above this many changed paths one wildcard invalidation is cheaper (each path is billed). */
    static final int MAX_INVALIDATION_PATHS = 25;

    private static final int DELETE_BATCH = 1000;

    private final AwsClients clients;
    private final DeployLog log;
    private final Clock clock;

    /** @param log the deploy's progress interface: a line when the comparison starts, what was written, the invalidation */
    public WebPublisher(AwsClients clients, DeployLog log) {
        this(clients, log, Clock.systemUTC());
    }

    WebPublisher(AwsClients clients, DeployLog log, Clock clock) {
        this.clients = clients;
        this.log = log;
        this.clock = clock;
    }

    /** What one publish did. Paths are site paths ({@code /index.html}); keys are bucket keys. */
    public record Report(
            String bucket,
            List<String> uploaded,
            int unchanged,
            List<String> deleted,
            Optional<String> invalidationId,
            List<String> invalidatedPaths) {}

    public Report publish(WebAssets assets, DeployedOutputs outputs, Optional<String> telegramBotName) {
        String bucket = outputs.require(OutputKey.SiteBucket);
        String distributionId = outputs.require(OutputKey.DistributionId);
        List<WebFile> files = new ArrayList<>(assets.files().stream()
                .filter(f -> !f.key().equals(SiteConfig.KEY))
                .toList());
        files.add(SiteConfig.from(outputs, telegramBotName));
        // hashed assets first, index.html and config.json last
        files.sort((a, b) -> Boolean.compare(!a.hashed(), !b.hashed()));

        try (S3Client s3 = clients.create(S3Client.builder())) {
            log.info("Web UI: comparing " + files.size() + " file(s) with s3://" + bucket);
            Map<String, String> existing = existingETags(s3, bucket);
            List<String> uploaded = new ArrayList<>();
            Set<String> changedPaths = new LinkedHashSet<>();
            int unchanged = 0;
            for (WebFile file : files) {
                String etag = existing.get(file.key());
                if (file.md5().equals(etag)) {
                    unchanged++;
                    continue;
                }
                s3.putObject(
                        b -> b.bucket(bucket)
                                .key(file.key())
                                .contentType(file.contentType())
                                .cacheControl(file.cacheControl()),
                        RequestBody.fromBytes(file.content()));
                uploaded.add(file.key());
                if (etag != null) {
                    changedPaths.add(file.path());
                    if (file.key().equals(SiteConfig.INDEX)) {
                        changedPaths.add("/"); // the default root object is cached under "/" too
                    }
                }
            }
            Set<String> keep = new LinkedHashSet<>();
            files.forEach(f -> keep.add(f.key()));
            // Old hashed files are deleted but not invalidated: nothing new names them, and pages still
            // open with the previous index.html can keep loading them from CloudFront's cache.
            List<String> deleted = existing.keySet().stream()
                    .filter(k -> !keep.contains(k))
                    .sorted()
                    .toList();
            deleteAll(s3, bucket, deleted);
            log.info("Web UI: " + uploaded.size() + " uploaded, " + unchanged + " unchanged, " + deleted.size()
                    + " deleted (s3://" + bucket + ")");

            if (changedPaths.isEmpty()) {
                return new Report(bucket, uploaded, unchanged, deleted, Optional.empty(), List.of());
            }
            List<String> paths =
                    changedPaths.size() > MAX_INVALIDATION_PATHS ? List.of("/*") : List.copyOf(changedPaths);
            String id = invalidate(distributionId, paths);
            log.info("CloudFront invalidation " + id + " for " + String.join(", ", paths));
            return new Report(bucket, uploaded, unchanged, deleted, Optional.of(id), paths);
        }
    }

    private static Map<String, String> existingETags(S3Client s3, String bucket) {
        Map<String, String> etags = new HashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            etags.put(object.key(), object.eTag() == null ? "" : object.eTag().replace("\"", ""));
        }
        return etags;
    }

    private static void deleteAll(S3Client s3, String bucket, List<String> keys) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            var response = s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build()));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().get(0);
                throw new IllegalStateException(
                        "could not delete s3://" + bucket + "/" + first.key() + ": " + first.message());
            }
        }
    }

    private String invalidate(String distributionId, List<String> paths) {
        try (CloudFrontClient cloudFront = clients.create(CloudFrontClient.builder())) {
            String reference = "openclaw-web-" + clock.millis();
            return cloudFront
                    .createInvalidation(b -> b.distributionId(distributionId)
                            .invalidationBatch(batch -> batch.callerReference(reference)
                                    .paths(p -> p.quantity(paths.size()).items(paths))))
                    .invalidation()
                    .id();
        }
    }
}
