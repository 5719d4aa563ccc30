package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;

/**
 * The diff goal as Maven builds it, against moto: it reports and passes by default, and with
 * openclaw.diff.failOnChanges it fails the build when a deploy would change a stack (a pull-request check).
 */
public class DiffMojoTest extends AbstractMojoTestCase {
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
        Files.writeString(manifest, Files.readString(manifest).replace("\"stackName\": \"fixture-", "\"stackName\": \"" + unique));
        return copy;
    }

    private Mojo diff(boolean failOnChanges) throws Exception {
        Mojo mojo = lookupMojo("diff", new File(getBasedir(), "src/test/resources/day-two/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", Moto.get().endpoint().toString());
        setVariableValueToObject(mojo, "assemblyDirectory", assembly().toFile());
        setVariableValueToObject(mojo, "failOnChanges", failOnChanges);
        mojo.setLog(log);
        return mojo;
    }

    public void testReportsNewStacksAndPassesByDefault() throws Exception {
        diff(false).execute();
        assertEquals(log.lines().toString(), 3, log.lines().stream().filter(l -> l.contains("(new stack)")).count());
    }

    public void testFailOnChangesFailsWhenADeployWouldChangeSomething() throws Exception {
        try {
            diff(true).execute();
            fail("three new stacks are changes");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("3 stack(s) would change (fixture-diff"));
            assertTrue(e.getMessage(), e.getMessage().endsWith("and openclaw.diff.failOnChanges is set"));
        }
        List<String> lines = log.lines();
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("(new stack)")));
    }
}
