package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * destroy asks before it deletes: the appName typed in a terminal, or {@code -Dopenclaw.confirm=<appName>} in batch
 * mode. Against moto, with one seeded stack of the app: every refusal leaves it (and no DeleteStack is sent).
 */
public class DestroyMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private static int apps;
    private final CapturingLog log = new CapturingLog();
    private String appName;
    private CloudFormationClient cf;

    @BeforeEach
    void setUp() throws Exception {
        appName = "destroy-" + ++apps + "-" + System.nanoTime() % 100000;
        try (SeededDeployment deployment = new SeededDeployment(Moto.get().endpoint(), appName)) {
            deployment.outputsStack(ProductStack.STORAGE, Map.of(OutputKey.DataBucket, "b"));
        }
        cf = Moto.get().client(CloudFormationClient.builder());
    }

    @AfterEach
    void tearDown() throws Exception {
        cf.close();
    }

    private Mojo destroy(boolean interactive, String confirm, SecretPrompt typed) throws Exception {
        Mojo mojo = harness.lookupMojo("destroy", new File(getBasedir(), "src/test/resources/day-two/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", Moto.get().endpoint().toString());
        setVariableValueToObject(mojo, "appName", appName);
        Settings settings = new Settings();
        settings.setInteractiveMode(interactive);
        setVariableValueToObject(mojo, "settings", settings);
        setVariableValueToObject(mojo, "confirm", confirm);
        setVariableValueToObject(mojo, "prompt", typed);
        mojo.setLog(log);
        return mojo;
    }

    private boolean stackExists() {
        return cf.listStacks().stackSummaries().stream()
                .anyMatch(s -> s.stackName().equals(appName + "-Storage")
                        && !s.stackStatusAsString().equals("DELETE_COMPLETE"));
    }

    private void assertRefused(Mojo mojo, String message) throws Exception {
        int marker = Moto.get().recordedRequests().size();
        try {
            mojo.execute();
            fail("destroy must not run unconfirmed");
        } catch (MojoFailureException e) {
            assertEquals(message, e.getMessage());
        }
        assertTrue(stackExists());
        List<Moto.RecordedRequest> after = Moto.get()
                .recordedRequests()
                .subList(marker, Moto.get().recordedRequests().size());
        assertTrue(after.stream().noneMatch(r -> r.operation().equals("DeleteStack")), after.toString());
    }

    @Test
    public void testBatchModeWithoutConfirmFailsNamingTheProperty() throws Exception {
        assertRefused(
                destroy(false, null, null),
                "openclaw:destroy deletes every stack of '" + appName + "' with its tables,"
                        + " users and workspaces; in batch mode confirm with -Dopenclaw.confirm=" + appName
                        + " (nothing was deleted)");
    }

    @Test
    public void testAConfirmForAnotherAppIsRefused() throws Exception {
        assertRefused(
                destroy(false, "production", null),
                "-Dopenclaw.confirm=production does not match the appName '" + appName
                        + "'; nothing was deleted. openclaw:destroy deletes every stack of '" + appName
                        + "' with its tables, users and"
                        + " workspaces: pass -Dopenclaw.confirm=" + appName);
    }

    @Test
    public void testATerminalAnswerOtherThanTheAppNameStops() throws Exception {
        assertRefused(destroy(true, null, label -> "yes"), "Not confirmed; nothing was deleted");
    }

    @Test
    public void testTypingTheAppNameDeletes() throws Exception {
        StringBuilder asked = new StringBuilder();
        destroy(true, null, label -> {
                    asked.append(label);
                    return appName;
                })
                .execute();
        assertEquals("Type the appName (" + appName + ") to delete it, anything else to stop", asked.toString());
        assertFalse(stackExists());
    }

    @Test
    public void testBatchModeWithTheAppNameDeletes() throws Exception {
        destroy(false, appName, label -> {
                    throw new AssertionError("no prompt in batch mode");
                })
                .execute();
        assertFalse(stackExists());
    }
}
