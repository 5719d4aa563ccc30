package io.github.serverlessopenclaw.plugin.mojo;

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
import org.apache.maven.plugin.testing.AbstractMojoTestCase;

/**
 * The push-image goal as Maven builds it, pushing to the real loopback registry. Inputs are local
 * stand-ins (tar base, stand-in Node, tiny openclaw package, fixture bridge jars); the image tests
 * cover the layers in detail.
 */
public class PushImageMojoTest extends AbstractMojoTestCase {
    /** Inputs made once for all tests (npm pack and a tar build take seconds); each test has its own target dir. */
    private static Path inputs;
    private static Path baseTar;
    private static Path openclawProject;
    private final CapturingLog log = new CapturingLog();
    private Path work;

    @Override
    protected void setUp() throws Exception {
        super.setUp();
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
        Mojo mojo = lookupMojo("push-image", new File(getBasedir(), "src/test/resources/push-image/pom.xml"));
        setVariableValueToObject(mojo, "baseImage", "tar://" + baseTar);
        setVariableValueToObject(mojo, "openclawProject", openclawProject.toFile());
        setVariableValueToObject(mojo, "registry", LocalRegistry.get().address());
        setVariableValueToObject(mojo, "imageRepository", repository);
        setVariableValueToObject(mojo, "bridgeDirectory", inputs.resolve("bridge").toFile());
        setVariableValueToObject(mojo, "cacheDirectory", inputs.resolve("cache").toFile());
        setVariableValueToObject(mojo, "buildDirectory", work.resolve("target").toFile());
        mojo.setLog(log);
        return mojo;
    }

    public void testPushesOnceRecordsTheDigestAndFindsItTheSecondTime() throws Exception {
        String repository = "mojo-test/push-" + UUID.randomUUID().toString().substring(0, 8);
        pushImage(repository).execute();

        PublishedImage image = PublishedImage.read(work.resolve("target"));
        String registry = LocalRegistry.get().address();
        assertEquals(registry + "/" + repository, image.imageName());
        assertTrue(log.lines().toString(), log.lines().contains("INFO Pushed " + image.reference()));
        assertTrue(log.lines().toString(), log.lines().stream().anyMatch(l -> l.matches("INFO +openclaw +[0-9.]+ kB uncompressed +[0-9.]+ kB compressed +pushed")));
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + image.tag()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(image.digest(), head.headers().firstValue("Docker-Content-Digest").orElse(""));

        log.lines().clear();
        pushImage(repository).execute();
        assertTrue(log.lines().toString(), log.lines().contains("INFO Already present: " + image.reference()));
        assertEquals(image.digest(), PublishedImage.read(work.resolve("target")).digest());
    }

    public void testRejectsAnUnknownArchitectureWithTheFix() throws Exception {
        Mojo mojo = pushImage("mojo-test/arch");
        setVariableValueToObject(mojo, "architecture", "sparc");
        try {
            mojo.execute();
            fail("an unknown architecture must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("-Dopenclaw.architecture=arm64"));
        }
    }

    public void testAMissingBridgeFolderNamesTheFix() throws Exception {
        Mojo mojo = pushImage("mojo-test/bridge");
        setVariableValueToObject(mojo, "bridgeDirectory", work.resolve("no-such-folder").toFile());
        try {
            mojo.execute();
            fail("a missing bridge folder must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("-Dopenclaw.bridgeDirectory"));
        }
    }
}
