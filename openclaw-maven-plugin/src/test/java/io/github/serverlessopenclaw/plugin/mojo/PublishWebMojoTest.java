package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.web.SiteFixtures;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The publish-web goal as Maven builds it, against moto, with the bucket and distribution read from a
 * seeded Web stack's outputs; the bucket and distribution come from {@link SiteFixtures}.
 */
public class PublishWebMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private static int apps;
    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();
    private String appName;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        appName = "mojo-web-" + ++apps + "-" + System.nanoTime() % 100000;
        bucket = appName + "-site";
        Moto moto = Moto.get();
        String distribution = SiteFixtures.createSite(moto, bucket);
        try (SeededDeployment deployment = new SeededDeployment(moto.endpoint(), appName)) {
            deployment.outputsStack(
                    ProductStack.AUTH,
                    Map.of(OutputKey.UserPoolId, "us-east-1_pool", OutputKey.UserPoolClientId, "client"));
            deployment.outputsStack(
                    ProductStack.API,
                    Map.of(
                            OutputKey.HttpApiEndpoint,
                            "https://api.example",
                            OutputKey.WebSocketApiEndpoint,
                            "wss://ws.example/prod"));
            deployment.outputsStack(
                    ProductStack.WEB,
                    Map.of(
                            OutputKey.SiteBucket,
                            bucket,
                            OutputKey.DistributionId,
                            distribution,
                            OutputKey.WebAppUrl,
                            "https://d111111abcdef8.cloudfront.net"));
        }
    }

    private Mojo goal(Map<String, Object> parameters) throws Exception {
        Map<String, Object> fields =
                new LinkedHashMap<>(Map.of("endpoint", Moto.get().endpoint().toString(), "appName", appName));
        fields.putAll(parameters);
        Mojo mojo =
                harness.lookupMojo("publish-web", new File(getBasedir(), "src/test/resources/day-two/pom.xml"), fields);
        mojo.setLog(log);
        return mojo;
    }

    private List<String> keys() {
        try (S3Client s3 = Moto.get().client(S3Client.builder())) {
            return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(S3Object::key)
                    .sorted()
                    .toList();
        }
    }

    @Test
    public void testPublishesTheBundledUiWithConfigAndIsANoOpTheSecondTime() throws Exception {
        goal(Map.of("telegramBotName", "my_bot")).execute();

        List<String> keys = keys();
        assertTrue(keys.contains("index.html") && keys.contains("config.json"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.matches("assets/index-.+\\.js")), keys.toString());
        try (S3Client s3 = Moto.get().client(S3Client.builder())) {
            String config = s3.getObjectAsBytes(b -> b.bucket(bucket).key("config.json"))
                    .asUtf8String();
            assertTrue(
                    config.contains("\"webSocketUrl\" : \"wss://ws.example/prod\"")
                            && config.contains("\"telegramBotName\" : \"my_bot\""),
                    config);
        }
        assertTrue(
                lines.contains("INFO Web UI published to s3://" + bucket
                        + ", served at https://d111111abcdef8.cloudfront.net"),
                lines.toString());

        lines.clear();
        goal(Map.of("telegramBotName", "my_bot")).execute();
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("INFO Web UI: 0 uploaded, \\d+ unchanged, 0 deleted .*")),
                lines.toString());
    }

    @Test
    public void testAFolderWithoutIndexHtmlNamesTheFix() throws Exception {
        Path empty = Files.createTempDirectory("no-site");
        try {
            goal(Map.of("webDirectory", empty.toFile())).execute();
            fail("a folder without index.html must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage().contains("-Dopenclaw.webDirectory")
                            && e.getMessage().contains("index.html"),
                    e.getMessage());
        }
    }

    @Test
    public void testWithoutADeploymentItSaysToDeployFirst() throws Exception {
        Mojo mojo = goal(Map.of());
        setVariableValueToObject(mojo, "appName", "never-deployed-" + System.nanoTime() % 100000);
        try {
            mojo.execute();
            fail("publishing without a deployment must fail");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage().contains("SiteBucket") && e.getMessage().contains("openclaw:deploy"),
                    e.getMessage());
        }
    }
}
