package io.github.serverlessopenclaw.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Credential;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.image.BridgeDistribution;
import io.github.serverlessopenclaw.plugin.image.ImageException;
import io.github.serverlessopenclaw.plugin.image.ImageFixtures;
import io.github.serverlessopenclaw.plugin.image.ImagePublisher;
import io.github.serverlessopenclaw.plugin.image.NodeDistribution;
import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.image.PlainRegistry;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.image.RegistryCredentials;
import io.github.serverlessopenclaw.testing.BackgroundProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An authenticated registry (docker-registry with htpasswd, bcrypt as it requires): the push takes its credentials
 * from a settings.xml server whose id is the registry's host, and without them the failure names that fix, never a
 * configuration error. Plain HTTP on loopback, so Jib is allowed to send the credentials (sendCredentialsOverHttp, as
 * a user of a local registry does with Jib).
 */
class RegistryAuthTest {
    @TempDir
    static Path work;

    static BackgroundProcess registry;
    static String address;
    static ImagePublisher.Settings settings;

    @BeforeAll
    static void start() throws Exception {
        Process hash = new ProcessBuilder(
                        "python3",
                        "-W",
                        "ignore",
                        "-c",
                        "import crypt; print(crypt.crypt('s3cret-pass', crypt.mksalt(crypt.METHOD_BLOWFISH)))")
                .start();
        String bcrypt = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(hash.waitFor()).isZero();
        assertThat(bcrypt).startsWith("$2");
        Path htpasswd = Files.writeString(work.resolve("htpasswd"), "builder:" + bcrypt + "\n");
        Path config = Files.writeString(
                work.resolve("config.yml"),
                String.join(
                        "\n",
                        "version: 0.1",
                        "log:",
                        "  level: info",
                        "storage:",
                        "  filesystem:",
                        "    rootdirectory: " + work.resolve("storage"),
                        "auth:",
                        "  htpasswd:",
                        "    realm: openclaw-test",
                        "    path: " + htpasswd,
                        "http:",
                        "  addr: 127.0.0.1:0",
                        "  secret: test-only-secret",
                        ""));
        registry = BackgroundProcess.start(
                List.of("docker-registry", "serve", config.toString()),
                Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)"),
                Duration.ofSeconds(30),
                Map.of());
        address = registry.readyGroup();
        Path cache = work.resolve("cache");
        ImageFixtures.fakeNode(cache, NodeDistribution.pinnedVersion(), Architecture.ARM64);
        settings = new ImagePublisher.Settings(
                "tar://" + ImageFixtures.baseTar(work, Architecture.ARM64),
                Architecture.ARM64,
                NodeDistribution.pinnedVersion(),
                Optional.of(ImageFixtures.fakeOpenClawProject(work)),
                BridgeDistribution.of(ImageFixtures.bridgeJars(work), ImageFixtures.MAIN_CLASS),
                cache);
        System.setProperty("sendCredentialsOverHttp", "true");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("sendCredentialsOverHttp");
        registry.close();
    }

    @Test
    void theSettingsServerNamedAfterTheRegistryHostSignsThePushIn() {
        RegistryCredentials credentials =
                RegistryCredentials.of(Map.of(address, Credential.from("builder", "s3cret-pass")));
        PlainRegistry target = new PlainRegistry(address, "private/openclaw", true, credentials);
        PublishedImage image = new ImagePublisher(Npm.onPath()).publish(settings, target, DeployLog.to(line -> {}));
        assertThat(image.pushed()).isTrue();
        // the manifest check signs in too: a second run finds the image instead of building it again
        assertThat(target.existingDigest(image.tag())).contains(image.digest());
    }

    @Test
    void withoutCredentialsTheFailureNamesTheSettingsServerNotAConfigurationError() {
        PlainRegistry anonymous = new PlainRegistry(address, "private/anonymous", true, RegistryCredentials.NONE);
        assertThatThrownBy(
                        () -> new ImagePublisher(Npm.onPath()).publish(settings, anonymous, DeployLog.to(line -> {})))
                .isInstanceOf(ImageException.class)
                .satisfies(e -> assertThat(HelpfulSuggestions.sentence(e))
                        .hasValueSatisfying(s -> assertThat(s)
                                .contains("refused")
                                .contains("<server> to settings.xml whose <id> is the registry's host")));
    }
}
