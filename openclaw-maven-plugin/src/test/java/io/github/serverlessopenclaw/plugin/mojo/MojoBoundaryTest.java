package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import java.io.File;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The mojo boundary as Maven builds the goals: skip switches, account-level goals once per build, the region read
 * and refused before any call, and failures as one sentence with the fix whose cause stays for {@code -e}. Every
 * goal here points at a closed port: a goal that reached AWS would fail with a network error instead.
 */
public class MojoBoundaryTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private final CapturingLog log = new CapturingLog();
    private String closedEndpoint;

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedEndpoint = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private Mojo goal(String name, Map<String, Object> parameters) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("endpoint", closedEndpoint));
        fields.putAll(parameters);
        Mojo mojo = harness.lookupMojo(name, new File(getBasedir(), "src/test/resources/day-two/pom.xml"), fields);
        mojo.setLog(log);
        return mojo;
    }

    @Test
    public void testOpenclawSkipSkipsAnyGoalWithoutCallingAws() throws Exception {
        goal("status", Map.of("skip", true)).execute();
        goal("user-list", Map.of("skip", true)).execute();
        assertEquals(
                List.of(
                        "INFO Skipping openclaw:status (openclaw.skip)",
                        "INFO Skipping openclaw:user-list (openclaw.skip)"),
                log.lines());
    }

    @Test
    public void testALifecycleGoalHasItsOwnSkipSwitch() throws Exception {
        goal("diff", Map.of("skipGoal", true)).execute();
        assertEquals(List.of("INFO Skipping openclaw:diff (its own skip switch)"), log.lines());
    }

    @Test
    public void testAnAccountLevelGoalRunsOnlyInTheTopLevelProjectOfAMultiModuleBuild() throws Exception {
        MavenProject parent = project("parent");
        MavenProject child = project("child");
        MavenSession session = newMavenSession(parent);
        session.setProjects(List.of(parent, child));
        session.setCurrentProject(child);
        Mojo status = goal("status", Map.of("session", session));
        status.execute(); // in the child: nothing, and no call (the endpoint is closed)
        assertTrue(
                log.lines().get(0).contains("runs once per build, in parent; nothing to do in child"),
                log.lines().toString());

        session.setCurrentProject(parent);
        try {
            goal("status", Map.of("session", session)).execute();
            fail("in the top-level project the goal runs (and meets the closed endpoint)");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().startsWith("AWS is not reachable"), e.getMessage());
        }
    }

    @Test
    public void testAFailureIsOneSentenceWithTheFixAndKeepsItsCauseForDashE() throws Exception {
        try {
            goal("user-list", Map.of()).execute();
            fail("the endpoint is closed");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage().startsWith("AWS is not reachable (")
                            && e.getMessage().contains("Connection refused"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("openclaw.region and openclaw.endpoint"), e.getMessage());
            assertTrue(e.getCause() instanceof SdkClientException, "the cause is kept");
        }
    }

    @Test
    public void testMissingCredentialsGiveTheDoctorsFixWhateverTheGoal() throws Exception {
        for (String name : List.of("status", "user-list", "reset-state")) {
            try {
                goal(name, Map.of("profile", "no-such-profile-" + name)).execute();
                fail(name + " has no credentials");
            } catch (MojoFailureException e) {
                assertTrue(e.getMessage().startsWith("No usable AWS credentials"), e.getMessage());
                assertTrue(e.getMessage().endsWith(Doctor.CREDENTIALS_FIX), e.getMessage());
                assertNotNull(e.getCause());
            }
        }
    }

    @Test
    public void testAwsDefaultRegionIsReadAfterAwsRegion() throws Exception {
        AbstractOpenClawMojo mojo = (AbstractOpenClawMojo) goal("status", Map.of());
        setVariableValueToObject(mojo, "region", null);
        setVariableValueToObject(mojo, "environment", Map.of("AWS_DEFAULT_REGION", "eu-west-3"));
        assertEquals("eu-west-3", mojo.awsClients().region().id());
        setVariableValueToObject(
                mojo, "environment", Map.of("AWS_DEFAULT_REGION", "eu-west-3", "AWS_REGION", "ap-south-1"));
        assertEquals("ap-south-1", mojo.awsClients().region().id());
    }

    @Test
    public void testAnUnknownRegionIsRefusedAtOnceWithTheCloseNames() throws Exception {
        try {
            goal("status", Map.of("region", "us-est-1")).execute();
            fail("us-est-1 is no region");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage()
                            .startsWith("openclaw.region 'us-est-1' is not an AWS region: did you mean us-east-1"),
                    e.getMessage());
        }
        Mojo fromEnvironment = goal("user-list", Map.of());
        setVariableValueToObject(fromEnvironment, "region", null);
        setVariableValueToObject(fromEnvironment, "environment", Map.of("AWS_DEFAULT_REGION", "eu-wset-1"));
        try {
            fromEnvironment.execute();
            fail("eu-wset-1 is no region");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage()
                            .startsWith("AWS_DEFAULT_REGION 'eu-wset-1' is not an AWS region: did you mean eu-west-1"),
                    e.getMessage());
        }
    }

    /** A session of a build whose only project is {@code project}, as Maven makes it (the test then adds a module). */
    private static MavenSession newMavenSession(MavenProject project) {
        MavenSession session = new MavenSession(
                null,
                new DefaultRepositorySystemSession(),
                new DefaultMavenExecutionRequest(),
                new DefaultMavenExecutionResult());
        session.setCurrentProject(project);
        session.setProjects(List.of(project));
        return session;
    }

    private static MavenProject project(String artifactId) {
        Model model = new Model();
        model.setGroupId("test");
        model.setArtifactId(artifactId);
        model.setVersion("1");
        MavenProject project = new MavenProject(model);
        project.setExecutionRoot("parent".equals(artifactId));
        return project;
    }
}
