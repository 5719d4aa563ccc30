package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The synth goal as Maven builds it: parameters from a pom become the stacks; bad input fails with the fix. */
public class SynthMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("synth-mojo");
    }

    private Mojo synth() throws Exception {
        Mojo mojo = harness.lookupMojo("synth", new File(getBasedir(), "src/test/resources/synth/pom.xml"));
        Path jar = Files.writeString(work.resolve("lambdas.jar"), "stand-in for the runtime-lambdas jar");
        setVariableValueToObject(mojo, "lambdaAsset", jar.toFile());
        setVariableValueToObject(
                mojo, "assemblyDirectory", work.resolve("cdk.out").toFile());
        mojo.setLog(log);
        return mojo;
    }

    @Test
    public void testWritesTheAssemblyAndPrintsStacksResourceCountsAndAssets() throws Exception {
        synth().execute();
        Path out = work.resolve("cdk.out");
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        String compute = Files.readString(out.resolve("Compute.template.json"));
        assertTrue(compute.contains("\"Cpu\": \"512\"") && compute.contains("\"Memory\": \"1024\""), compute);
        assertTrue(compute.contains("GEMINI_API_KEY") && compute.contains("TELEGRAM_BOT_TOKEN_PARAMETER"));
        String api = Files.readString(out.resolve("Api.template.json"));
        // a cron body with a comma survives because schedules are separated by ';'
        assertTrue(api.contains("cron(0 9 ? * MON,WED *)") && api.contains("cron(0 14 ? * SAT-SUN *)"));
        assertTrue(api.contains("\"IDLE_TIMEOUT_MINUTES\": \"20\""));
        assertFalse(Files.exists(out.resolve("Monitoring.template.json")));

        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("INFO openclaw synth (synth-test): 6 stacks")),
                lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("INFO   synth-test-Api +\\d+  Network, Auth, Compute")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("INFO   synth-test-Storage +\\d+  -")), lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l ->
                                l.matches("INFO   asset [0-9a-f]{12} \\(file, synth-test-Api\\): asset\\..*\\.jar")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN No container image given")), lines.toString());
    }

    @Test
    public void testRejectsAnInvalidSizeWithTheFix() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(mojo, "memory", 3000);
        try {
            mojo.execute();
            fail("synth must reject a memory size that does not fit the CPU");
        } catch (MojoFailureException e) {
            assertEquals(
                    "openclaw.memory 3000 does not fit openclaw.cpu 512: use 1024 to 4096 MiB in steps of 1024",
                    e.getMessage());
        }
        assertFalse(Files.exists(work.resolve("cdk.out")));
    }

    @Test
    public void testNamesTheLambdaParameterWhenNoCodeIsFound() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(mojo, "lambdaAsset", null);
        try {
            mojo.execute();
            fail("synth must say where the Lambda code comes from");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().contains("set openclaw.lambdaAsset"), e.getMessage());
        }
    }

    /** An agent folder in {@code work/src/main/openclaw} with an AGENTS.md, a skill and the given overlay. */
    private Path agentFolder(String overlay) throws Exception {
        Path folder = work.resolve("src/main/openclaw");
        Files.createDirectories(folder.resolve("workspace"));
        Files.createDirectories(folder.resolve("skills/weather"));
        Files.writeString(folder.resolve("workspace/AGENTS.md"), "# Rules\n\nBe brief.\n");
        Files.writeString(folder.resolve("workspace/SOUL.md"), "Calm.\n");
        Files.writeString(
                folder.resolve("skills/weather/SKILL.md"),
                "---\nname: weather\ndescription: Weather.\n---\nUse wttr.in.\n");
        if (overlay != null) {
            Files.writeString(folder.resolve("openclaw.json"), overlay);
        }
        return folder;
    }

    @Test
    public void testAnOverlayKeyTheBridgeOwnsFailsSynthNamingTheKeyAndTheParameterToUse() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(
                mojo,
                "agentDirectory",
                agentFolder("{\"agents\": {\"defaults\": {\"model\": {\"primary\": \"openai/gpt-4o\"}}}}")
                        .toFile());
        try {
            mojo.execute();
            fail("synth must refuse an overlay that sets the model");
        } catch (MojoFailureException e) {
            assertEquals(
                    "src/main/openclaw/openclaw.json sets 'agents.defaults.model', which the bridge owns:"
                            + " use openclaw.model and openclaw.modelFallbacks",
                    e.getMessage());
        }
        setVariableValueToObject(
                mojo,
                "agentDirectory",
                agentFolder("{\"gateway\": {\"auth\": {\"mode\": \"none\"}}}").toFile());
        try {
            mojo.execute();
            fail("synth must refuse an overlay that sets the gateway's auth");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage()
                            .startsWith("src/main/openclaw/openclaw.json sets 'gateway.auth', which the bridge owns"),
                    e.getMessage());
        }
        assertFalse(Files.exists(work.resolve("cdk.out")));
    }

    @Test
    public void testAnOverlayOutsideOpenClawsSchemaFailsSynth() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(
                mojo,
                "agentDirectory",
                agentFolder(
                                "{\"agents\": {\"defaults\": {\"userTimezone\": \"Europe/Berlin\", \"notAnOpenClawKey\": 1}}}")
                        .toFile());
        try {
            mojo.execute();
            fail("synth must refuse an overlay OpenClaw's schema does not allow");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "src/main/openclaw/openclaw.json does not match OpenClaw's configuration schema"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("notAnOpenClawKey"), e.getMessage());
        }
    }

    @Test
    public void testTheAgentFolderIsOneAssetPerFileThatTheTaskDefinitionNamesAndTheBridgeMayReadOnly()
            throws Exception {
        Mojo mojo = synth();
        Path folder = agentFolder("{\"agents\": {\"defaults\": {\"userTimezone\": \"Europe/Berlin\"}}}");
        setVariableValueToObject(mojo, "agentDirectory", folder.toFile());
        setVariableValueToObject(mojo, "modelFallbacks", "openai/gpt-4o, custom/llama3.1");
        setVariableValueToObject(mojo, "modelBaseUrl", "http://ollama.internal:11434/v1");
        setVariableValueToObject(mojo, "capabilities", "cron");
        mojo.execute();
        Path out = work.resolve("cdk.out");
        String compute = Files.readString(out.resolve("Compute.template.json"));
        assertTrue(compute.contains("OPENCLAW_AGENT_MANIFEST"), compute);
        String flat = compute.replaceAll("\\s+", "");
        assertTrue(
                flat.contains("\"Name\":\"OPENCLAW_MODEL_FALLBACKS\",\"Value\":\"openai/gpt-4o,custom/llama3.1\""),
                compute);
        assertTrue(flat.contains("\"Name\":\"OPENCLAW_CAPABILITIES\",\"Value\":\"cron\""), compute);
        assertTrue(compute.contains("OPENAI_API_KEY"), compute); // a fallback's provider key, as the primary's
        java.util.Set<String> first = agentAssets(out);
        assertEquals(4, first.size(), "3 distinct files and the manifest");
        for (String key : first) {
            assertTrue(compute.contains("/" + key + "\""), key + " readable by the bridge");
        }
        // the manifest the bridge reads names the other three objects by their real keys
        String manifest;
        try (java.util.stream.Stream<Path> staged = Files.list(out)) {
            manifest = Files.readString(
                    staged.filter(p -> p.getFileName().toString().matches("asset\\..*\\.json"))
                            .findFirst()
                            .orElseThrow());
        }
        assertEquals(3, first.stream().filter(manifest::contains).count(), "3 files named");
        assertTrue(
                manifest.contains("\"AGENTS.md\"")
                        && manifest.contains("\"weather/SKILL.md\"")
                        && manifest.contains("\"userTimezone\":\"Europe/Berlin\""),
                manifest);

        Files.writeString(folder.resolve("workspace/AGENTS.md"), "# Rules\n\nBe brief. Really.\n");
        mojo.execute();
        java.util.Set<String> second = agentAssets(out);
        java.util.Set<String> added = new java.util.TreeSet<>(second);
        added.removeAll(first);
        assertEquals(2, added.size(), "only the changed file and the manifest are new: " + added);
    }

    /** The object keys of the Compute stack's agent assets (everything but the template). */
    private static java.util.Set<String> agentAssets(Path out) throws Exception {
        com.fasterxml.jackson.databind.JsonNode files = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("Compute.assets.json").toFile())
                .path("files");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        files.forEach(f -> {
            if (!f.path("source").path("path").asText().endsWith(".template.json")) {
                f.path("destinations").forEach(d -> keys.add(d.path("objectKey").asText()));
            }
        });
        return keys;
    }
}
