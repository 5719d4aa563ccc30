package io.github.serverlessopenclaw.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The publisher against moto's S3 and CloudFront APIs (the site from {@link SiteFixtures}). */
@ExtendWith(MotoExtension.class)
class WebPublisherMotoTest {
    private static final String BUCKET = "openclaw-site-test";
    private final List<String> log = new ArrayList<>();
    private Moto moto;
    private String distributionId;

    @BeforeEach
    void setUp(Moto moto) {
        this.moto = moto;
        moto.reset();
        distributionId = SiteFixtures.createSite(moto, BUCKET);
    }

    private WebPublisher publisher() {
        AwsClients clients = new AwsClients(
                        AwsSettings.of(Moto.REGION.id(), null, moto.endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
        return new WebPublisher(clients, DeployLog.to(log::add));
    }

    private DeployedOutputs outputs(String webSocketUrl) {
        Map<String, String> values = new HashMap<>();
        values.put("SiteBucket", BUCKET);
        values.put("DistributionId", distributionId);
        values.put("UserPoolId", "us-east-1_abc");
        values.put("UserPoolClientId", "client123");
        values.put("WebSocketApiEndpoint", webSocketUrl);
        values.put("HttpApiEndpoint", "https://http.execute-api.us-east-1.amazonaws.com/");
        return new DeployedOutputs(new AppNames("serverless-openclaw"), values);
    }

    private static WebAssets site(Path dir, Map<String, String> files) throws Exception {
        for (var entry : files.entrySet()) {
            Path path = dir.resolve(entry.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, entry.getValue());
        }
        return WebAssets.fromDirectory(dir);
    }

    private Map<String, String> bucketKeys() {
        try (S3Client s3 = moto.client(S3Client.builder())) {
            Map<String, String> keys = new HashMap<>();
            for (S3Object o : s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()) {
                keys.put(
                        o.key(),
                        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key())).asUtf8String());
            }
            return keys;
        }
    }

    private HeadObjectResponse head(String key) {
        try (S3Client s3 = moto.client(S3Client.builder())) {
            return s3.headObject(b -> b.bucket(BUCKET).key(key));
        }
    }

    private List<InvalidationSummary> invalidations() {
        try (CloudFrontClient cloudFront = moto.client(CloudFrontClient.builder())) {
            var list = cloudFront
                    .listInvalidations(b -> b.distributionId(distributionId))
                    .invalidationList();
            return list.items() == null ? List.of() : list.items();
        }
    }

    private List<String> invalidatedPaths(String id) {
        try (CloudFrontClient cloudFront = moto.client(CloudFrontClient.builder())) {
            return cloudFront
                    .getInvalidation(b -> b.distributionId(distributionId).id(id))
                    .invalidation()
                    .invalidationBatch()
                    .paths()
                    .items();
        }
    }

    private List<Moto.RecordedRequest> writes() {
        return moto.recordedRequests().stream()
                .filter(Moto.RecordedRequest::isWrite)
                .toList();
    }

    @Test
    void firstPublishUploadsEverythingWithTypesCachingAndConfigWithoutInvalidating(@TempDir Path dir) throws Exception {
        WebAssets assets = site(
                dir,
                Map.of(
                        "index.html", "<!doctype html><script src=/assets/index-AbCd1234.js></script>",
                        "assets/index-AbCd1234.js", "console.log(1)",
                        "assets/index-EfGh5678.css", "body{}",
                        "favicon.svg", "<svg/>"));

        WebPublisher.Report report =
                publisher().publish(assets, outputs("wss://ws.example/prod"), Optional.of("@my_bot"));

        assertThat(report.uploaded())
                .containsExactly(
                        "assets/index-AbCd1234.js",
                        "assets/index-EfGh5678.css",
                        "favicon.svg",
                        "index.html",
                        "config.json");
        assertThat(report.invalidationId()).isEmpty(); // nothing was cached under these paths before
        assertThat(invalidations()).isEmpty();
        Map<String, String> bucket = bucketKeys();
        assertThat(bucket)
                .containsOnlyKeys(
                        "index.html",
                        "assets/index-AbCd1234.js",
                        "assets/index-EfGh5678.css",
                        "favicon.svg",
                        "config.json");
        assertThat(head("assets/index-AbCd1234.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(head("assets/index-AbCd1234.js").cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(head("assets/index-EfGh5678.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(head("index.html").contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(head("index.html").cacheControl()).isEqualTo("no-cache");
        assertThat(head("favicon.svg").contentType()).isEqualTo("image/svg+xml");
        assertThat(head("config.json").contentType()).isEqualTo("application/json");
        assertThat(head("config.json").cacheControl()).isEqualTo("no-cache");
        Map<?, ?> config = new ObjectMapper().readValue(bucket.get("config.json"), Map.class);
        assertThat(config)
                .isEqualTo(Map.of(
                        "cognitoUserPoolId", "us-east-1_abc",
                        "cognitoClientId", "client123",
                        "webSocketUrl", "wss://ws.example/prod",
                        "apiUrl", "https://http.execute-api.us-east-1.amazonaws.com",
                        "telegramBotName", "my_bot"));
    }

    @Test
    void publishingTheSameBuildAgainWritesNothing(@TempDir Path dir) throws Exception {
        WebAssets assets = site(dir, Map.of("index.html", "<html>v1</html>", "assets/index-AbCd1234.js", "v1"));
        publisher().publish(assets, outputs("wss://ws.example/prod"), Optional.empty());
        moto.control("/moto-api/recorder/reset-recording");

        WebPublisher.Report again = publisher().publish(assets, outputs("wss://ws.example/prod"), Optional.empty());

        assertThat(again.uploaded()).isEmpty();
        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(again.deleted()).isEmpty();
        assertThat(again.invalidationId()).isEmpty();
        assertThat(writes()).isEmpty();
    }

    @Test
    void aNewBuildReplacesChangedFilesDeletesOldOnesKeepsConfigAndInvalidatesOnlyChangedPaths(
            @TempDir Path v1, @TempDir Path v2) throws Exception {
        publisher()
                .publish(
                        site(
                                v1,
                                Map.of(
                                        "index.html", "<html>v1</html>",
                                        "assets/index-AbCd1234.js", "v1",
                                        "robots.txt", "User-agent: *")),
                        outputs("wss://ws.example/prod"),
                        Optional.empty());

        WebPublisher.Report report = publisher()
                .publish(
                        site(
                                v2,
                                Map.of(
                                        "index.html", "<html>v2</html>",
                                        "assets/index-ZyXw9876.js", "v2",
                                        "robots.txt", "User-agent: *",
                                        "config.json", "{\"a build must never overwrite the deployment's config\":1}")),
                        outputs("wss://ws.example/prod"),
                        Optional.empty());

        assertThat(report.uploaded()).containsExactly("assets/index-ZyXw9876.js", "index.html");
        assertThat(report.deleted()).containsExactly("assets/index-AbCd1234.js");
        assertThat(report.invalidatedPaths()).containsExactly("/index.html", "/");
        assertThat(invalidations()).hasSize(1);
        assertThat(invalidatedPaths(report.invalidationId().orElseThrow()))
                .containsExactlyInAnyOrder("/index.html", "/");
        Map<String, String> bucket = bucketKeys();
        assertThat(bucket).containsOnlyKeys("index.html", "assets/index-ZyXw9876.js", "robots.txt", "config.json");
        assertThat(bucket.get("config.json")).contains("wss://ws.example/prod");
        assertThat(log).anyMatch(line -> line.contains("2 uploaded, 2 unchanged, 1 deleted"));
        // on the deploy's progress interface: a line before the work, what was written, the invalidation
        List<String> lastRun = log.subList(log.size() - 3, log.size());
        assertThat(lastRun.get(0)).startsWith("Web UI: comparing 4 file(s) with s3://");
        assertThat(lastRun.get(1)).startsWith("Web UI: 2 uploaded, 2 unchanged, 1 deleted");
        assertThat(lastRun.get(2))
                .isEqualTo("CloudFront invalidation " + report.invalidationId().orElseThrow() + " for /index.html, /");
    }

    @Test
    void changedOutputsRewriteConfigAndInvalidateIt(@TempDir Path dir) throws Exception {
        WebAssets assets = site(dir, Map.of("index.html", "<html>v1</html>"));
        publisher().publish(assets, outputs("wss://old.example/prod"), Optional.empty());

        WebPublisher.Report report = publisher().publish(assets, outputs("wss://new.example/prod"), Optional.empty());

        assertThat(report.uploaded()).containsExactly("config.json");
        assertThat(report.invalidatedPaths()).containsExactly("/config.json");
        assertThat(bucketKeys().get("config.json")).contains("wss://new.example/prod");
    }

    @Test
    void neverDeletesAConfigJsonEvenWhenOtherFilesGo(@TempDir Path dir) throws Exception {
        try (S3Client s3 = moto.client(S3Client.builder())) {
            s3.putObject(
                    b -> b.bucket(BUCKET).key("stale.html"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("old"));
        }
        WebPublisher.Report report = publisher()
                .publish(site(dir, Map.of("index.html", "x")), outputs("wss://ws.example/prod"), Optional.empty());
        assertThat(report.deleted()).containsExactly("stale.html");
        assertThat(bucketKeys()).containsOnlyKeys("index.html", "config.json");
    }

    @Test
    void withoutDeployedOutputsItNamesTheFix(@TempDir Path dir) throws Exception {
        WebAssets assets = site(dir, Map.of("index.html", "x"));
        DeployedOutputs none = new DeployedOutputs(new AppNames("serverless-openclaw"), Map.of());
        assertThatThrownBy(() -> publisher().publish(assets, none, Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SiteBucket")
                .hasMessageContaining("openclaw:deploy");
    }

    @Test
    void theBundledUiIsTheBuiltOpenclawWebArtifact() {
        WebAssets bundled = WebAssets.bundled();
        List<String> keys = bundled.files().stream().map(WebFile::key).toList();
        assertThat(keys).contains("index.html");
        assertThat(keys).anyMatch(k -> k.matches("assets/index-[A-Za-z0-9_-]{8,}\\.js"));
        assertThat(bundled.files())
                .filteredOn(f -> f.key().endsWith(".js"))
                .allSatisfy(f -> assertThat(f.cacheControl()).isEqualTo(WebFile.CACHE_IMMUTABLE));
        String index = new String(
                bundled.files().stream()
                        .filter(f -> f.key().equals("index.html"))
                        .findFirst()
                        .orElseThrow()
                        .content(),
                StandardCharsets.UTF_8);
        assertThat(index).contains("/assets/index-");
    }
}
