package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.image.ImageFixtures;
import io.github.serverlessopenclaw.plugin.image.NodeDistribution;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.testing.LocalRegistry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The push-image goal as Maven builds it, pushing to the real loopback registry. Inputs are local
 * stand-ins (tar base, stand-in Node, tiny openclaw package, fixture bridge jars); the image tests
 * cover the layers in detail.
 */
public class PushImageMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    /** Inputs made once for all tests (npm pack and a tar build take seconds); each test has its own target dir. */
    private static Path inputs;

    private static Path baseTar;
    private static Path openclawProject;
    private final CapturingLog log = new CapturingLog();
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        if (inputs == null) {
            inputs = Files.createTempDirectory("push-image-mojo");
            ImageFixtures.fakeNode(inputs.resolve("cache"), NodeDistribution.pinnedVersion(), Architecture.ARM64);
            ImageFixtures.bridgeJars(Files.createDirectories(inputs.resolve("bridge")));
            baseTar = ImageFixtures.baseTar(inputs, Architecture.ARM64);
            openclawProject = ImageFixtures.fakeOpenClawProject(inputs);
        }
        work = Files.createTempDirectory(inputs, "run");
    }

    private Mojo pushImage(String repository) throws Exception {
        Mojo mojo = harness.lookupMojo("push-image", new File(getBasedir(), "src/test/resources/push-image/pom.xml"));
        setVariableValueToObject(mojo, "baseImage", "tar://" + baseTar);
        setVariableValueToObject(mojo, "openclawProject", openclawProject.toFile());
        setVariableValueToObject(mojo, "registry", LocalRegistry.get().address());
        setVariableValueToObject(mojo, "imageRepository", repository);
        setVariableValueToObject(
                mojo, "bridgeDirectory", inputs.resolve("bridge").toFile());
        setVariableValueToObject(mojo, "cacheDirectory", inputs.resolve("cache").toFile());
        setVariableValueToObject(mojo, "buildDirectory", work.resolve("target").toFile());
        mojo.setLog(log);
        return mojo;
    }

    @Test
    public void testPushesOnceRecordsTheDigestAndFindsItTheSecondTime() throws Exception {
        String repository = "mojo-test/push-" + UUID.randomUUID().toString().substring(0, 8);
        pushImage(repository).execute();

        PublishedImage image = PublishedImage.read(work.resolve("target"));
        String registry = LocalRegistry.get().address();
        assertEquals(registry + "/" + repository, image.imageName());
        assertTrue(
                log.lines().contains("INFO Pushed " + image.reference()),
                log.lines().toString());
        assertTrue(
                log.lines().stream()
                        .anyMatch(l ->
                                l.matches("INFO +openclaw +[0-9.]+ kB uncompressed +[0-9.]+ kB compressed +pushed")),
                log.lines().toString());
        HttpResponse<Void> head = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + registry + "/v2/" + repository + "/manifests/" + image.tag()))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertEquals(
                image.digest(),
                head.headers().firstValue("Docker-Content-Digest").orElse(""));

        log.lines().clear();
        pushImage(repository).execute();
        assertTrue(
                log.lines().contains("INFO Already present: " + image.reference()),
                log.lines().toString());
        assertEquals(image.digest(), PublishedImage.read(work.resolve("target")).digest());
    }

    @Test
    public void testRejectsAnUnknownArchitectureWithTheFix() throws Exception {
        Mojo mojo = pushImage("mojo-test/arch");
        setVariableValueToObject(mojo, "architecture", "sparc");
        try {
            mojo.execute();
            fail("an unknown architecture must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().contains("-Dopenclaw.architecture=arm64"), e.getMessage());
        }
    }

    @Test
    public void testAMissingBridgeFolderNamesTheFix() throws Exception {
        Mojo mojo = pushImage("mojo-test/bridge");
        setVariableValueToObject(
                mojo, "bridgeDirectory", work.resolve("no-such-folder").toFile());
        try {
            mojo.execute();
            fail("a missing bridge folder must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().contains("-Dopenclaw.bridgeDirectory"), e.getMessage());
        }
    }
}
