package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The doctor goal as Maven builds it (plugin-testing-harness: descriptor, parameters, components). */
public class DoctorMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();

    private Mojo doctor(String endpoint) throws Exception {
        Mojo mojo = harness.lookupMojo("doctor", new File(getBasedir(), "src/test/resources/doctor/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", endpoint);
        mojo.setLog(log);
        return mojo;
    }

    @Test
    public void testPassesAgainstMotoAndPrintsTheAccount() throws Exception {
        doctor(Moto.get().endpoint().toString()).execute();
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("INFO ✔ AWS account") && l.contains(Moto.ACCOUNT)),
                lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("INFO ✔ AWS region") && l.contains("us-east-1")),
                lines.toString());
        assertTrue(lines.contains("INFO All required checks passed."), lines.toString());
    }

    @Test
    public void testFailsWithOneSentenceWhenAwsIsUnreachable() throws Exception {
        Mojo mojo = doctor("http://127.0.0.1:9");
        try {
            mojo.execute();
            fail("doctor must fail when the AWS account cannot be reached");
        } catch (MojoFailureException e) {
            assertEquals("1 required check(s) failed; see the fix under each ✘ line above", e.getMessage());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR ✘ AWS account")), lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("ERROR       fix: configure credentials")), lines.toString());
        // the SDK's error once, on the account line, not again under bootstrap and secrets
        assertTrue(
                lines.contains("INFO · bootstrap" + " ".repeat(8) + "needs working AWS credentials first"),
                lines.toString());
        assertTrue(
                lines.contains("INFO · secrets" + " ".repeat(10) + "needs working AWS credentials first"),
                lines.toString());
    }

    @Test
    public void testRejectsAMalformedEndpointWithTheFix() throws Exception {
        Mojo mojo = doctor("not a url");
        try {
            mojo.execute();
            fail("a malformed endpoint must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().startsWith("openclaw.endpoint 'not a url' is not a URL"), e.getMessage());
        }
    }
}
