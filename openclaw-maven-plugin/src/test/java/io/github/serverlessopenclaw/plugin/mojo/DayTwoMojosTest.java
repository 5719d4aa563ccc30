package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.telegram.TelegramStub;
import io.github.serverlessopenclaw.plugin.telegram.TelegramWebhook;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The user goals as Maven builds them (plugin-testing-harness), against moto, on the product's own pool: the
 * real Auth stack's template created on moto (AuthStackOnMoto), whose outputs the goals read. The telegram
 * goal talks to a local Bot API stub.
 */
public class DayTwoMojosTest extends DayTwoFixture {
    private static final String APP = "mojo-users-" + System.nanoTime() % 100000;

    public DayTwoMojosTest() {
        super(APP);
    }

    private Mojo userCreate(String email, String password) throws Exception {
        Mojo mojo = goal(
                "user-create",
                Map.of("email", email, "passwordFile", passwords.resolve(email).toFile()));
        if (password != null) {
            setVariableValueToObject(mojo, "environment", Map.of("OPENCLAW_USER_PASSWORD", password));
        }
        return mojo;
    }

    @Test
    public void testCreateListDeleteAndAnExistingUserFailsWithoutChanges() throws Exception {
        userCreate("alice@example.com", "Alice-Pass-2024").execute();
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO Created user alice@example.com (sub ")
                                && l.contains("CONFIRMED, email verified")),
                lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("Alice-Pass-2024")), lines.toString());

        try {
            userCreate("alice@example.com", "Other-Pass-2024").execute();
            fail("an existing user must fail the goal");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage().startsWith("A user alice@example.com already exists in user pool"), e.getMessage());
        }

        try {
            userCreate("weak@example.com", "weak").execute();
            fail("a weak password must fail the goal");
        } catch (MojoFailureException e) {
            assertTrue(
                    e.getMessage()
                            .contains("it needs at least 8 characters (has 4), an uppercase letter,"
                                    + " a number, a symbol"),
                    e.getMessage());
        }

        lines.clear();
        goal("user-list", Map.of()).execute();
        assertTrue(lines.get(0).startsWith("INFO 1 user(s) in user pool"), lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("INFO alice@example.com") && l.contains("CONFIRMED")),
                lines.toString());

        String sub =
                cognito.adminGetUser(b -> b.userPoolId(poolId).username("alice@example.com")).userAttributes().stream()
                        .filter(a -> a.name().equals("sub"))
                        .findFirst()
                        .orElseThrow()
                        .value();
        try (SeededDeployment deployment = new SeededDeployment(Moto.get().endpoint(), appName)) {
            deployment.putPendingMessage(sub, 1L);
        }
        lines.clear();
        goal("user-delete", Map.of("email", "alice@example.com")).execute();
        assertEquals(
                List.of("INFO Deleted user alice@example.com (sub " + sub + ") from user pool " + poolId
                        + ": 0 connection(s)"
                        + " closed, 0 container(s) stopped, 0 TaskState row(s), 1 pending message(s), 0 conversation item(s),"
                        + " 0 setting(s), 0 Telegram link(s), 0 workspace file(s) deleted"),
                lines);
        try {
            goal("user-delete", Map.of("email", "alice@example.com")).execute();
            fail("an unknown user must fail the goal");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().startsWith("No user alice@example.com in user pool"), e.getMessage());
        }
        lines.clear();
        goal("user-list", Map.of()).execute();
        assertTrue(lines.get(0).startsWith("INFO 0 user(s)"), lines.toString());
    }

    @Test
    public void testBatchModeWritesTheGeneratedPasswordToAnOwnerOnlyFileNeverToTheLog() throws Exception {
        Path file = passwords.resolve("bob@example.com");
        userCreate("bob@example.com", null).execute();

        assertTrue(
                lines.contains("INFO Generated password written to " + file.toAbsolutePath()
                        + " (readable only by you): sign in with it, then delete the file"),
                lines.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).strip();
        assertFalse(String.join("\n", lines).contains(password), lines.toString());
        // moto checks passwords on USER_PASSWORD_AUTH (its SRP does not)
        assertNotNull(cognito.initiateAuth(b -> b.clientId(clientId)
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", "bob@example.com", "PASSWORD", password)))
                .authenticationResult()
                .idToken());
    }

    @Test
    public void testThePasswordPropertyWorksWithAWarningAndIsNoMojoParameterThatDebugOutputWouldPrint()
            throws Exception {
        String property = "openclaw.password";
        assertTrue(java.util.Arrays.stream(
                        io.github.serverlessopenclaw.plugin.mojo.UserCreateMojo.class.getDeclaredFields())
                .noneMatch(f -> f.getName().toLowerCase().contains("password")
                        && !f.getType().equals(File.class)));
        System.setProperty(property, "Carol-Pass-2024");
        try {
            userCreate("carol@example.com", null).execute();
        } finally {
            System.clearProperty(property);
        }
        assertTrue(
                lines.contains(
                        "WARN -Dopenclaw.password lands in your shell history and the process"
                                + " list; prefer the settings.xml server openclaw-user-password or the environment variable OPENCLAW_USER_PASSWORD"),
                lines.toString());
        assertFalse(String.join("\n", lines).contains("Carol-Pass-2024"), lines.toString());
        assertFalse(Files.exists(passwords.resolve("carol@example.com")));
        assertNotNull(cognito.initiateAuth(b -> b.clientId(clientId)
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", "carol@example.com", "PASSWORD", "Carol-Pass-2024")))
                .authenticationResult()
                .idToken());
    }

    @Test
    public void testUserGoalsOnAnUndeployedAppSayDeployFirst() throws Exception {
        Mojo mojo = goal("user-list", Map.of());
        setVariableValueToObject(mojo, "appName", "not-deployed-here");
        try {
            mojo.execute();
            fail("no outputs, no pool");
        } catch (MojoFailureException e) {
            assertEquals(
                    "The deployment 'not-deployed-here' has no output UserPoolId: run mvn openclaw:deploy first"
                            + " (with the same appName and region)",
                    e.getMessage());
        }
    }

    @Test
    public void testTelegramRegistersAtTheDeployedHttpApiAndReportsTheLastError() throws Exception {
        String endpoint = "https://tg123.execute-api.us-east-1.amazonaws.com";
        appName = "mojo-tg-" + System.nanoTime() % 100000; // its own Api outputs stack
        AppNames names = new AppNames(appName);
        try (SeededDeployment deployment = new SeededDeployment(Moto.get().endpoint(), appName);
                SsmClient ssm = Moto.get().client(SsmClient.builder());
                TelegramStub telegram = new TelegramStub()) {
            deployment.outputsStack(ProductStack.API, Map.of(OutputKey.HttpApiEndpoint, endpoint));
            ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.BOT_TOKEN_SECRET))
                    .type(ParameterType.SECURE_STRING)
                    .value("42:mojo-token"));
            ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.WEBHOOK_SECRET))
                    .type(ParameterType.SECURE_STRING)
                    .value("mojo-secret"));
            telegram.answer("setWebhook", 200, "{\"ok\":true,\"result\":true}")
                    .answer(
                            "getWebhookInfo",
                            200,
                            "{\"ok\":true,\"result\":{\"url\":\"" + endpoint + "/telegram\","
                                    + "\"pending_update_count\":0,\"last_error_date\":1764400000,\"last_error_message\":\"Connection refused\"}}");

            goal("telegram", Map.of("apiUrl", telegram.base().toString())).execute();

            assertEquals(
                    "/bot42:mojo-token/setWebhook", telegram.requests().get(0).path());
            assertTrue(
                    telegram.requests().get(0).body().contains("\"secret_token\":\"mojo-secret\""),
                    telegram.requests().get(0).body());
            assertTrue(
                    lines.contains(
                            "INFO Telegram webhook set and verified: " + endpoint + "/telegram (0 pending update(s))"),
                    lines.toString());
            assertTrue(
                    lines.contains("WARN Telegram's last delivery error at 2025-11-29T07:06:40Z: Connection refused"),
                    lines.toString());
            assertFalse(
                    String.join("\n", lines).contains("mojo-token")
                            || String.join("\n", lines).contains("mojo-secret"),
                    lines.toString());
        }
    }
}
