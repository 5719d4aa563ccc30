package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;

/** The doctor goal as Maven builds it (plugin-testing-harness: descriptor, parameters, components). */
public class DoctorMojoTest extends AbstractMojoTestCase {

    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();

    private Mojo doctor(String endpoint) throws Exception {
        Mojo mojo = lookupMojo("doctor", new File(getBasedir(), "src/test/resources/doctor/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", endpoint);
        mojo.setLog(log);
        return mojo;
    }

    public void testPassesAgainstMotoAndPrintsTheAccount() throws Exception {
        doctor(Moto.get().endpoint().toString()).execute();
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("INFO ✔ AWS account") && l.contains(Moto.ACCOUNT)));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("INFO ✔ AWS region") && l.contains("us-east-1")));
        assertTrue(lines.toString(), lines.contains("INFO All required checks passed."));
    }

    public void testFailsWithOneSentenceWhenAwsIsUnreachable() throws Exception {
        Mojo mojo = doctor("http://127.0.0.1:9");
        try {
            mojo.execute();
            fail("doctor must fail when the AWS account cannot be reached");
        } catch (MojoFailureException e) {
            assertEquals("1 required check(s) failed; see the fix under each ✘ line above", e.getMessage());
        }
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("ERROR ✘ AWS account")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("ERROR       fix: configure credentials")));
        // the SDK's error once, on the account line, not again under bootstrap and secrets
        assertTrue(lines.toString(), lines.contains("INFO · bootstrap" + " ".repeat(8) + "needs working AWS credentials first"));
        assertTrue(lines.toString(), lines.contains("INFO · secrets" + " ".repeat(10) + "needs working AWS credentials first"));
    }

    public void testRejectsAMalformedEndpointWithTheFix() throws Exception {
        Mojo mojo = doctor("not a url");
        try {
            mojo.execute();
            fail("a malformed endpoint must be rejected");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("openclaw.endpoint 'not a url' is not a URL"));
        }
    }
}
