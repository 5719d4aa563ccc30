package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The diff goal as Maven builds it, against moto: it reports and passes by default, and with
 * openclaw.diff.failOnChanges it fails the build when a deploy would change a stack (a pull-request check).
 */
public class DiffMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private final CapturingLog log = new CapturingLog();

    /** The fixture assembly under stack names no other test deploys, so every stack is new here. */
    private Path assembly() throws Exception {
        Path source = Path.of(getBasedir(), "src/test/resources/fixture-assembly");
        Path copy = Files.createTempDirectory("diff-mojo");
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        String unique = "fixture-diff" + System.nanoTime() % 1_000_000 + "-";
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest).replace("\"stackName\": \"fixture-", "\"stackName\": \"" + unique));
        return copy;
    }

    private Mojo diff(boolean failOnChanges) throws Exception {
        Mojo mojo = harness.lookupMojo("diff", new File(getBasedir(), "src/test/resources/day-two/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", Moto.get().endpoint().toString());
        setVariableValueToObject(mojo, "assemblyDirectory", assembly().toFile());
        setVariableValueToObject(mojo, "failOnChanges", failOnChanges);
        mojo.setLog(log);
        return mojo;
    }

    @Test
    public void testReportsNewStacksAndPassesByDefault() throws Exception {
        diff(false).execute();
        assertEquals(
                3,
                log.lines().stream().filter(l -> l.contains("(new stack)")).count(),
                log.lines().toString());
    }

    @Test
    public void testFailOnChangesFailsWhenADeployWouldChangeSomething() throws Exception {
        try {
            diff(true).execute();
            fail("three new stacks are changes");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().startsWith("3 stack(s) would change (fixture-diff"), e.getMessage());
            assertTrue(e.getMessage().endsWith("and openclaw.diff.failOnChanges is set"), e.getMessage());
        }
        List<String> lines = log.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("(new stack)")), lines.toString());
    }
}
