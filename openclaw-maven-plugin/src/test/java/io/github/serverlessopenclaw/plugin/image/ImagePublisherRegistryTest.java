package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.LogEvent;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.testing.LocalRegistry;
import io.github.serverlessopenclaw.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image pushed to a real docker-registry on loopback, read back over the registry API. Base image
 * from a local tar, a stand-in Node binary and a tiny local openclaw package (real npm ci): no network.
 */
@ExtendWith(RegistryExtension.class)
class ImagePublisherRegistryTest {
    @TempDir
    static Path work;

    static ImagePublisher.Settings settings;

    @BeforeAll
    static void inputs() throws Exception {
        Path cache = work.resolve("cache");
        ImageFixtures.fakeNode(cache, NodeDistribution.pinnedVersion(), Architecture.ARM64);
        settings = new ImagePublisher.Settings(
                "tar://" + ImageFixtures.baseTar(work, Architecture.ARM64),
                Architecture.ARM64,
                NodeDistribution.pinnedVersion(),
                Optional.of(ImageFixtures.fakeOpenClawProject(work)),
                BridgeDistribution.of(ImageFixtures.bridgeJars(work), ImageFixtures.MAIN_CLASS),
                cache);
    }

    private static String newRepository() {
        return "openclaw-test/img-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void pushesTheImageWithEntrypointUserEnvArchitectureAndFiles(LocalRegistry registry) throws Exception {
        String repository = newRepository();
        PlainRegistry target = new PlainRegistry(registry.address(), repository, true);
        List<String> progress = new ArrayList<>();

        PublishedImage image = new ImagePublisher(Npm.onPath())
                .publish(settings, target, work.resolve("target"), DeployLog.to(progress::add));

        RegistryReader reader = new RegistryReader(registry.address());
        RegistryReader.Manifest manifest = reader.manifest(repository, image.tag());
        assertThat(manifest.contentType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.digest()).isEqualTo(image.digest());
        assertThat(image.pushed()).isTrue();
        assertThat(image.reference()).isEqualTo(registry.address() + "/" + repository + "@" + image.digest());
        assertThat(PublishedImage.read(work.resolve("target"))).isEqualTo(image);

        JsonNode config = reader.config(repository, manifest);
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        JsonNode containerConfig = config.path("config");
        assertThat(texts(containerConfig.path("Entrypoint")))
                .containsExactly(
                        "java",
                        "-XX:MaxRAMPercentage=40",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        "/app/bridge/*:/app/libs/*",
                        ImageFixtures.MAIN_CLASS);
        assertThat(containerConfig.path("User").asText()).isEqualTo("0:0"); // the bridge; it drops the gateway to 10001
        assertThat(containerConfig.path("WorkingDir").asText()).isEqualTo("/home/openclaw");
        assertThat(containerConfig.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(texts(containerConfig.path("Env")))
                .contains(
                        "HOME=/home/openclaw",
                        "OPENCLAW_NODE=/opt/node/bin/node",
                        "OPENCLAW_PACKAGE_DIR=/opt/openclaw/node_modules/openclaw",
                        "JAVA_HOME=/opt/java/openjdk"); // the last one inherited from the base
        assertThat(texts(containerConfig.path("Env")))
                .anyMatch(e -> e.startsWith("PATH=") && e.contains("/opt/node/bin"));

        JsonNode layers = manifest.body().path("layers");
        assertThat(layers).hasSize(1 + 4); // base + node, openclaw, bridge dependencies, bridge
        Map<String, TarArchiveEntry> files = new HashMap<>();
        for (JsonNode layer : layers) {
            files.putAll(RegistryReader.entries(
                    reader.blob(repository, layer.path("digest").asText())));
        }
        assertThat(files)
                .containsKeys(
                        "etc/openclaw-test-base",
                        "opt/node/LICENSE",
                        "opt/openclaw/package-lock.json",
                        "opt/openclaw/node_modules/openclaw/package.json",
                        "app/libs/some-dependency-1.0.jar",
                        "app/bridge/openclaw-runtime-container-0.1.0-SNAPSHOT.jar");
        assertThat(files.get("opt/node/bin/node").getMode() & 0777).isEqualTo(0755);
        // modes come from disk: npm marks a package's bin executable, everything else stays 644
        assertThat(files.get("opt/openclaw/node_modules/openclaw/openclaw.mjs").getMode() & 0777)
                .isEqualTo(0755);
        assertThat(files.get("opt/openclaw/node_modules/openclaw/package.json").getMode() & 0777)
                .isEqualTo(0644);
        assertThat(files).doesNotContainKey("opt/openclaw/node_modules/.bin/openclaw"); // no symlink copies
        TarArchiveEntry home = files.get("home/openclaw");
        assertThat(home.isDirectory()).isTrue();
        assertThat(home.getLongUserId()).isEqualTo(10001);
        assertThat(home.getLongGroupId()).isEqualTo(10001);
        assertThat(home.getMode() & 0777).isEqualTo(0700);
        assertThat(files.get("app/bridge/openclaw-runtime-container-0.1.0-SNAPSHOT.jar")
                        .getLongUserId())
                .isZero();

        assertThat(image.layers())
                .extracting(PublishedImage.Layer::name)
                .containsExactly("node", "openclaw", "bridge-dependencies", "bridge");
        assertThat(image.layers()).allMatch(l -> l.uploaded() && l.compressedBytes() > 0 && l.uncompressedBytes() > 0);
        assertThat(progress).anyMatch(line -> line.startsWith("Building and pushing"));
    }

    @Test
    void aSecondPublishFindsTheImageAndPushesNothing(LocalRegistry registry) throws Exception {
        PlainRegistry target = new PlainRegistry(registry.address(), newRepository(), true);
        ImagePublisher publisher = new ImagePublisher(Npm.onPath());
        PublishedImage first = publisher.publish(settings, target, DeployLog.to(line -> {}));
        List<String> progress = new ArrayList<>();

        PublishedImage second = publisher.publish(settings, target, DeployLog.to(progress::add));

        assertThat(second.pushed()).isFalse();
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.tag()).isEqualTo(first.tag());
        assertThat(second.layers()).hasSize(5).noneMatch(PublishedImage.Layer::uploaded);
        assertThat(progress).noneMatch(line -> line.startsWith("Building"));
    }

    @Test
    void buildingTwiceFromEmptyLayerCachesGivesTheSameDigestAndUploadsNoLayer(LocalRegistry registry) throws Exception {
        String repository = newRepository();
        ImagePublisher publisher = new ImagePublisher(Npm.onPath());
        PublishedImage first = publisher.publish(
                settings, new PlainRegistry(registry.address(), repository, true), DeployLog.to(line -> {}));
        ImageRecipe recipe = new ImageRecipe(
                settings.baseImage(),
                settings.architecture(),
                cacheEntry("node"),
                cacheEntry("openclaw"),
                settings.bridge());
        assertThat(recipe.contentTag()).isEqualTo(first.tag());

        // a fresh Jib cache, so every layer is rebuilt, pushed under another tag of the same repository
        List<String> log = new CopyOnWriteArrayList<>();
        Containerizer containerizer = ImageBuilder.withCaches(
                        Containerizer.to(new PlainRegistry(registry.address(), repository, true).target("again")),
                        Files.createTempDirectory(work, "fresh-jib"),
                        (LogEvent event) -> log.add(event.getMessage()))
                .setAllowInsecureRegistries(true);
        ImageBuilder.Built again = new ImageBuilder().containerize(recipe, containerizer);

        assertThat(again.digest()).isEqualTo(first.digest());
        RegistryReader.Manifest manifest = new RegistryReader(registry.address()).manifest(repository, "again");
        for (JsonNode layer : manifest.body().path("layers")) {
            String digest = layer.path("digest").asText();
            assertThat(log)
                    .as("layer %s must not be uploaded again", digest)
                    .anyMatch(line -> line.startsWith("Skipping push; BLOB already exists") && line.contains(digest));
        }
    }

    @Test
    void x86_64BuildsAnAmd64ImageWithX64ModulesAndItsOwnTag(LocalRegistry registry) throws Exception {
        ImageFixtures.fakeNode(settings.cacheDir(), NodeDistribution.pinnedVersion(), Architecture.X86_64);
        Path amd64Dir = Files.createDirectories(work.resolve("amd64"));
        ImagePublisher.Settings amd64 = new ImagePublisher.Settings(
                "tar://" + ImageFixtures.baseTar(amd64Dir, Architecture.X86_64),
                Architecture.X86_64,
                settings.nodeVersion(),
                settings.openclawProject(),
                settings.bridge(),
                settings.cacheDir());
        String repository = newRepository();
        ImagePublisher publisher = new ImagePublisher(Npm.onPath());

        PublishedImage image = publisher.publish(
                amd64, new PlainRegistry(registry.address(), repository, true), DeployLog.to(line -> {}));

        RegistryReader reader = new RegistryReader(registry.address());
        assertThat(reader.config(repository, reader.manifest(repository, image.tag()))
                        .path("architecture")
                        .asText())
                .isEqualTo("amd64");
        assertThat(image.tag()).isNotEqualTo(publisher.contentTag(settings));
        assertThat(settings.cacheDir().resolve("openclaw"))
                .isDirectoryContaining(
                        p -> p.getFileName().toString().contains("-x64")); // <inputs>-<cpu>[-p<prune rules>]
    }

    @Test
    void aBaseTarOfAnotherArchitectureIsRefused(LocalRegistry registry) {
        ImagePublisher.Settings mismatched = new ImagePublisher.Settings(
                settings.baseImage(),
                Architecture.X86_64,
                settings.nodeVersion(),
                settings.openclawProject(),
                settings.bridge(),
                settings.cacheDir());
        assertThatThrownBy(() -> new ImagePublisher(Npm.onPath())
                        .publish(
                                mismatched,
                                new PlainRegistry(registry.address(), newRepository(), true),
                                DeployLog.to(line -> {})))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is for arm64, not amd64");
    }

    private static Path cacheEntry(String kind) throws Exception {
        try (var entries = Files.list(settings.cacheDir().resolve(kind))) {
            return entries.filter(p -> p.getFileName().toString().contains("-arm64"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
