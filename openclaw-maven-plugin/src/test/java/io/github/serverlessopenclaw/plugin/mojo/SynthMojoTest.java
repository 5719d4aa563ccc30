package io.github.serverlessopenclaw.plugin.mojo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;

/** The synth goal as Maven builds it: parameters from a pom become the stacks; bad input fails with the fix. */
public class SynthMojoTest extends AbstractMojoTestCase {

    private final List<String> lines = new ArrayList<>();
    private Path work;

    @Override
    protected void setUp() throws Exception {
        super.setUp();
        work = Files.createTempDirectory("synth-mojo");
    }

    private Mojo synth() throws Exception {
        Mojo mojo = lookupMojo("synth", new File(getBasedir(), "src/test/resources/synth/pom.xml"));
        Path jar = Files.writeString(work.resolve("lambdas.jar"), "stand-in for the runtime-lambdas jar");
        setVariableValueToObject(mojo, "lambdaAsset", jar.toFile());
        setVariableValueToObject(mojo, "assemblyDirectory", work.resolve("cdk.out").toFile());
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add("INFO " + content);
            }

            @Override
            public void warn(CharSequence content) {
                lines.add("WARN " + content);
            }
        });
        return mojo;
    }

    public void testWritesTheAssemblyAndPrintsStacksResourceCountsAndAssets() throws Exception {
        synth().execute();
        Path out = work.resolve("cdk.out");
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        String compute = Files.readString(out.resolve("Compute.template.json"));
        assertTrue(compute, compute.contains("\"Cpu\": \"512\"") && compute.contains("\"Memory\": \"1024\""));
        assertTrue(compute.contains("GEMINI_API_KEY") && compute.contains("TELEGRAM_BOT_TOKEN_PARAMETER"));
        String api = Files.readString(out.resolve("Api.template.json"));
        // a cron body with a comma survives because schedules are separated by ';'
        assertTrue(api.contains("cron(0 9 ? * MON,WED *)") && api.contains("cron(0 14 ? * SAT-SUN *)"));
        assertTrue(api.contains("\"IDLE_TIMEOUT_MINUTES\": \"20\""));
        assertFalse(Files.exists(out.resolve("Monitoring.template.json")));

        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("INFO openclaw synth (synth-test): 6 stacks")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.matches("INFO   synth-test-Api +\\d+  Network, Auth, Compute")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.matches("INFO   synth-test-Storage +\\d+  -")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.matches("INFO   asset [0-9a-f]{12} \\(file, synth-test-Api\\): asset\\..*\\.jar")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("WARN No container image given")));
    }

    public void testRejectsAnInvalidSizeWithTheFix() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(mojo, "memory", 3000);
        try {
            mojo.execute();
            fail("synth must reject a memory size that does not fit the CPU");
        } catch (MojoFailureException e) {
            assertEquals("openclaw.memory 3000 does not fit openclaw.cpu 512: use 1024 to 4096 MiB in steps of 1024", e.getMessage());
        }
        assertFalse(Files.exists(work.resolve("cdk.out")));
    }

    public void testNamesTheLambdaParameterWhenNoCodeIsFound() throws Exception {
        Mojo mojo = synth();
        setVariableValueToObject(mojo, "lambdaAsset", null);
        try {
            mojo.execute();
            fail("synth must say where the Lambda code comes from");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("set openclaw.lambdaAsset"));
        }
    }
}
