package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.serverlessopenclaw.plugin.pipeline.DeployPipeline;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The deploy goal's input checks as Maven builds it: bad input fails before any AWS call, a failed
 * preflight stops everything, a missing provider key stops at the secrets step naming the ways to give it.
 * The whole run end to end is the invoker IT deploy-pipeline-against-moto.
 */
public class DeployMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();

    private Mojo deploy(String endpoint) throws Exception {
        Mojo mojo = harness.lookupMojo("deploy", new File(getBasedir(), "src/test/resources/deploy/pom.xml"));
        Path work = Files.createTempDirectory("deploy-mojo");
        setVariableValueToObject(mojo, "endpoint", endpoint);
        setVariableValueToObject(
                mojo,
                "lambdaAsset",
                Files.writeString(work.resolve("lambdas.jar"), "stand-in").toFile());
        setVariableValueToObject(
                mojo, "assemblyDirectory", work.resolve("cdk.out").toFile());
        setVariableValueToObject(
                mojo, "outputsFile", work.resolve("outputs.json").toFile());
        setVariableValueToObject(mojo, "buildDirectory", work.toFile());
        setVariableValueToObject(mojo, "environment", Map.of()); // no key in the environment, and no terminal
        mojo.setLog(log);
        return mojo;
    }

    private String failure(Mojo mojo) {
        return assertThrows(MojoFailureException.class, mojo::execute, () -> "deploy must fail; it logged " + lines)
                .getMessage();
    }

    @Test
    public void testAnUnknownStackFailsBeforeAnyAwsCall() throws Exception {
        Mojo mojo = deploy("http://127.0.0.1:9"); // unreachable: a call would fail differently
        setVariableValueToObject(mojo, "stacks", "Compute,Nope");
        assertEquals(
                "openclaw.stacks: there is no stack 'Nope'; use one or more of Network,Storage,Auth,Compute,Api,Web,Monitoring",
                failure(mojo));
        assertTrue(lines.isEmpty(), lines.toString());
    }

    @Test
    public void testAFailedPreflightStopsEverything() throws Exception {
        String message = failure(deploy("http://127.0.0.1:9"));
        assertTrue(message.startsWith("Preflight failed, nothing was deployed:\n✘ AWS account"), message);
        assertTrue(message.contains("fix: configure credentials"), message);
        // preflight started and failed; no other step started
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO " + DeployPipeline.label("preflight") + "  FAILED after ")),
                lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(DeployPipeline.label("bootstrap"))), lines.toString());
    }

    /**
     * The templates are a function of the configuration: a provider key that only exists in SSM (not named by the
     * model or openclaw.providers) is not handed to the container by deploy, so synth writes the same templates and
     * synth + diff shows no phantom change. Deploy names the unused key instead.
     */
    @Test
    public void testDeployAndSynthWriteTheSameTemplatesWhateverElseIsInSsm() throws Exception {
        String app = "deploy-synth-" + ProcessHandle.current().pid();
        try (SsmClient ssm = Moto.get().client(SsmClient.builder())) {
            ssm.putParameter(b -> b.name("/" + app + "/secrets/openai-api-key")
                    .type(ParameterType.SECURE_STRING)
                    .value("sk-openai-present-but-not-configured")
                    .overwrite(true));
        }
        Mojo deploy = deploy(Moto.get().endpoint().toString());
        setVariableValueToObject(deploy, "appName", app);
        setVariableValueToObject(deploy, "image", IMAGE);
        setVariableValueToObject(deploy, "environment", Map.of("ANTHROPIC_API_KEY", "sk-ant-deploy-synth-test"));
        Path site = Files.createTempDirectory("deploy-synth-site");
        Files.writeString(site.resolve("index.html"), "<html>site</html>");
        setVariableValueToObject(deploy, "webDirectory", site.toFile());
        deploy.execute();

        Mojo synth = harness.lookupMojo("synth", new File(getBasedir(), "src/test/resources/synth/pom.xml"));
        // the synth goal with exactly the deploy goal's stack parameters
        for (Class<?> type = AbstractStackMojo.class;
                type != org.apache.maven.plugin.AbstractMojo.class;
                type = type.getSuperclass()) {
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(synth, field.get(deploy));
                }
            }
        }
        Path synthOut = Files.createTempDirectory("synth-same").resolve("cdk.out");
        setVariableValueToObject(synth, "assemblyDirectory", synthOut.toFile());
        synth.setLog(log);
        synth.execute();

        Path deployed = ((File) getVariableValueFromObject(deploy, "assemblyDirectory")).toPath();
        List<String> templates;
        try (var files = Files.list(synthOut)) {
            templates = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".template.json"))
                    .sorted()
                    .toList();
        }
        assertEquals(6, templates.size());
        for (String template : templates) {
            assertEquals(
                    Files.readString(synthOut.resolve(template)),
                    Files.readString(deployed.resolve(template)),
                    template);
        }
        assertFalse(Files.readString(deployed.resolve("Compute.template.json")).contains("OPENAI_API_KEY"));
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.contains("openai-api-key exist(s) in SSM but the container"
                                + " does not get it: add its provider to openclaw.providers")),
                lines.toString());
    }

    private static final String IMAGE =
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/deploy-synth@sha256:" + "cd".repeat(32);

    @Test
    public void testAMissingProviderKeyStopsAtTheSecretsStepNamingTheWaysToGiveIt() throws Exception {
        String message = failure(deploy(Moto.get().endpoint().toString()));
        assertTrue(message.contains("anthropic-api-key"), message);
        assertTrue(
                message.contains("ANTHROPIC_API_KEY")
                        && message.contains("openclaw-anthropic-api-key")
                        && message.contains("-Dopenclaw.secret.anthropic-api-key"),
                message);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith(
                                "INFO " + DeployPipeline.label("preflight") + "  JDK, Maven, Node.js, AWS ok: ")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(
                                l -> l.startsWith("INFO " + DeployPipeline.label("bootstrap") + "  OpenClawToolkit ")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO " + DeployPipeline.label("secrets") + "    FAILED after ")),
                lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(DeployPipeline.label("image"))), lines.toString());
    }
}
