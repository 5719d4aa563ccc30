package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.logs.DeploymentLogs;
import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import io.github.serverlessopenclaw.testing.Moto;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * The day-two goals logs, user-password and user-delete's question, as Maven builds them (plugin-testing-harness),
 * against moto on the product's own Auth stack template.
 */
public class DayTwoGoalsMojoTest extends DayTwoFixture {
    private static final String APP = "mojo-day2-" + System.nanoTime() % 100000;

    public DayTwoGoalsMojoTest() {
        super(APP);
    }

    private String failure(Mojo mojo) {
        return assertThrows(MojoFailureException.class, mojo::execute, () -> "the goal must fail; it logged " + lines)
                .getMessage();
    }

    private String createUser(String email, String password) throws Exception {
        Mojo create = goal(
                "user-create",
                Map.of("email", email, "passwordFile", passwords.resolve(email).toFile()));
        setVariableValueToObject(create, "environment", Map.of("OPENCLAW_USER_PASSWORD", password));
        create.execute();
        return cognito.adminGetUser(b -> b.userPoolId(poolId).username(email)).userAttributes().stream()
                .filter(a -> a.name().equals("sub"))
                .findFirst()
                .orElseThrow()
                .value();
    }

    private InitiateAuthResponse signIn(String email, String password) {
        return cognito.initiateAuth(b -> b.clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password)));
    }

    private Mojo userPassword(String email, String password, boolean permanent) throws Exception {
        Mojo mojo = goal(
                "user-password",
                Map.of(
                        "email",
                        email,
                        "permanent",
                        permanent,
                        "passwordFile",
                        passwords.resolve(email + ".reset").toFile()));
        if (password != null) {
            setVariableValueToObject(mojo, "environment", Map.of("OPENCLAW_USER_PASSWORD", password));
        }
        return mojo;
    }

    @Test
    public void testATemporaryPasswordMustBeChangedAtTheNextSignInAndOldSessionsEnd() throws Exception {
        createUser("dana@example.com", "Dana-Pass-2024");
        AuthenticationResultType before =
                signIn("dana@example.com", "Dana-Pass-2024").authenticationResult();
        lines.clear();

        userPassword("dana@example.com", "Temp-Pass-2025", false).execute();

        assertEquals(
                List.of(
                        "INFO Password of dana@example.com reset (FORCE_CHANGE_PASSWORD): temporary, the web UI asks for a"
                                + " new one at the next sign-in; their other sessions were signed out"),
                lines);
        assertEquals(
                ChallengeNameType.NEW_PASSWORD_REQUIRED,
                signIn("dana@example.com", "Temp-Pass-2025").challengeName());
        try {
            cognito.initiateAuth(b -> b.clientId(clientId)
                    .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", before.refreshToken())));
            fail("the session opened with the old password must not refresh");
        } catch (NotAuthorizedException expected) {
            // signed out
        }
    }

    @Test
    public void testAPermanentPasswordIsCheckedAgainstThePolicyAndNeverLogged() throws Exception {
        createUser("erin@example.com", "Erin-Pass-2024");
        String weak = failure(userPassword("erin@example.com", "weak", true));
        assertTrue(
                weak.startsWith("The password does not meet the user pool's policy; it needs at least 8 characters"
                        + " (has 4), an uppercase letter, a number, a symbol"),
                weak);
        assertTrue(weak.contains("; no password was changed: choose another password"), weak);
        assertNotNull(signIn("erin@example.com", "Erin-Pass-2024").authenticationResult());

        lines.clear();
        userPassword("erin@example.com", "Erin-New-Pass-2025", true).execute();
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "INFO Password of erin@example.com reset (CONFIRMED): it is their" + " password now"),
                lines.toString());
        assertFalse(String.join("\n", lines).contains("Erin-New-Pass-2025"), lines.toString());
        assertNotNull(signIn("erin@example.com", "Erin-New-Pass-2025")
                .authenticationResult()
                .idToken());
    }

    @Test
    public void testAGeneratedPasswordGoesToTheOwnerOnlyFileAndAnUnknownUserChangesNothing() throws Exception {
        createUser("finn@example.com", "Finn-Pass-2024");
        userPassword("finn@example.com", null, true).execute();
        String generated =
                Files.readString(passwords.resolve("finn@example.com.reset")).strip();
        assertFalse(String.join("\n", lines).contains(generated), lines.toString());
        assertNotNull(
                signIn("finn@example.com", generated).authenticationResult().idToken());

        String unknown = failure(userPassword("nobody@example.com", "Some-Pass-2025", false));
        assertTrue(
                unknown.startsWith("No user nobody@example.com in user pool " + poolId + "; no password was changed."),
                unknown);
    }

    @Test
    public void testUserDeleteInATerminalDeletesOnlyWhenTheEmailIsTyped() throws Exception {
        createUser("gus@example.com", "Gus-Pass-2024");
        List<String> asked = new ArrayList<>();
        Mojo refused = goal("user-delete", Map.of("email", "gus@example.com"));
        setVariableValueToObject(refused, "prompt", (SecretPrompt) label -> {
            asked.add(label);
            return "yes";
        });
        assertEquals("Not confirmed; nothing was deleted", failure(refused));
        assertEquals(List.of("Type the email (gus@example.com) to delete the user, anything else to stop"), asked);
        assertNotNull(cognito.adminGetUser(b -> b.userPoolId(poolId).username("gus@example.com")));

        Mojo confirmed = goal("user-delete", Map.of("email", "gus@example.com"));
        setVariableValueToObject(confirmed, "prompt", (SecretPrompt) label -> "gus@example.com");
        confirmed.execute();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO Deleted user gus@example.com")), lines.toString());
    }

    @Test
    public void testLogsOfOneUserAndOfEverySourceInTimeOrder() throws Exception {
        String sub = createUser("hana@example.com", "Hana-Pass-2024");
        AppNames names = new AppNames(APP);
        String taskId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        try (SeededDeployment deployment = new SeededDeployment(Moto.get().endpoint(), APP)) {
            deployment.putRow(
                    sub,
                    "Running",
                    "arn:aws:ecs:us-east-1:123456789012:task/" + names.cluster() + "/" + taskId,
                    Instant.now().minusSeconds(120));
        }
        Instant now = Instant.now();
        try (CloudWatchLogsClient logs = Moto.get().client(CloudWatchLogsClient.builder())) {
            logs.createLogGroup(b -> b.logGroupName(names.containerLogGroup()));
            logs.createLogGroup(b -> b.logGroupName(names.functionLogGroup("ws-message")));
            put(
                    logs,
                    names.containerLogGroup(),
                    DeploymentLogs.containerStream(taskId),
                    now.minusSeconds(60),
                    "bridge ready for hana");
            put(
                    logs,
                    names.containerLogGroup(),
                    DeploymentLogs.containerStream("another-task"),
                    now.minusSeconds(50),
                    "someone else");
            put(
                    logs,
                    names.functionLogGroup("ws-message"),
                    "s1",
                    now.minusSeconds(55),
                    "ERROR routing a message of " + sub + " failed");
            put(logs, names.functionLogGroup("ws-message"), "s1", now.minusSeconds(40), "INFO nothing about hana");
        }
        lines.clear();
        goal("logs", Map.of("email", "hana@example.com", "minutes", 5)).execute();
        assertTrue(lines.get(0).startsWith("INFO Logs of " + APP + " since "), lines.toString());
        assertTrue(lines.get(0).endsWith(" for user hana@example.com (sub " + sub + ")"), lines.toString());
        List<String> shown = lines.subList(1, lines.size()).stream()
                .map(l -> l.replaceFirst("^INFO \\S+ ", ""))
                .toList();
        assertEquals(
                List.of(
                        "container        bridge ready for hana",
                        "ws-message       ERROR routing a message of " + sub + " failed"),
                shown);

        lines.clear();
        goal("logs", Map.of("function", "container,ws-message", "minutes", 5)).execute();
        assertEquals(5, lines.size());

        lines.clear();
        goal("logs", Map.of("function", "ws-message", "minutes", 2, "follow", true, "followPolls", 2))
                .execute();
        assertTrue(lines.get(0).endsWith("; following, Ctrl-C to stop"), lines.toString());
        assertEquals(
                3, lines.size(), lines.toString()); // the two lines of the last 2 minutes, each once over two polls

        String unknown = failure(goal("logs", Map.of("function", "ws-mesage", "minutes", 5)));
        assertTrue(unknown.startsWith("openclaw.function: there is no log source 'ws-mesage'"), unknown);
    }

    @Test
    public void testVerifyRefusesAWrongTimeoutOrMessageNamingTheFlag() throws Exception {
        String timeout = failure(goal("verify", Map.of("timeoutSeconds", 0)));
        assertTrue(timeout.contains(PropertyNames.flag(PropertyNames.VERIFY_TIMEOUT, 300)), timeout);
        String blank = failure(goal("verify", Map.of("message", " ")));
        assertTrue(blank.contains(PropertyNames.flag(PropertyNames.VERIFY_MESSAGE, "hello")), blank);
        String tooLong = failure(goal("verify", Map.of("message", "x".repeat(Protocol.MAX_MESSAGE_CHARS + 1))));
        assertTrue(tooLong.contains(PropertyNames.VERIFY_MESSAGE), tooLong);
        assertTrue(
                cognito.listUsers(b -> b.userPoolId(poolId)).users().isEmpty(),
                "no probe user is created before the input is checked");
    }

    @Test
    public void testStatusEndsWithAMonthlyCostEstimateAndThePricesItAssumes() throws Exception {
        goal("status", Map.of()).execute(); // the estimate is on by default (the harness applies the goal's defaults)
        assertTrue(lines.contains("INFO Bridges"), lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO Estimated monthly cost (the last 7 days of use x"
                                + " 4.29; us-east-1 list prices assumed")),
                lines.toString());
        // the seeded task definition: 1024 CPU units, 2048 MiB, no runtime platform (x86_64), a cluster without Spot
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO   containers")
                                && l.contains(" at 1 vCPU / 2 GB x86_64 ")
                                && l.contains("(vCPU-h $0.04048, GB-h $0.004445, public IPv4 $0.005/h)")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("INFO   total +\\$\\d+\\.\\d\\d")), lines.toString());

        lines.clear();
        goal("status", Map.of("cost", false)).execute();
        assertFalse(lines.stream().anyMatch(l -> l.contains("Estimated monthly cost")), lines.toString());
    }

    private static void put(CloudWatchLogsClient logs, String group, String stream, Instant at, String message) {
        try {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException e) {
            // there already
        }
        logs.putLogEvents(b -> b.logGroupName(group)
                .logStreamName(stream)
                .logEvents(e -> e.timestamp(at.toEpochMilli()).message(message)));
    }
}
