package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.telegram.TelegramStub;
import io.github.serverlessopenclaw.plugin.telegram.TelegramWebhook;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The user goals as Maven builds them (plugin-testing-harness), against moto, with the pool and client ids
 * read from a seeded Auth stack's outputs. The pool itself is created through the Cognito API because moto's
 * CloudFormation does not model Cognito. The telegram goal talks to a local Bot API stub.
 */
public class DayTwoMojosTest extends AbstractMojoTestCase {
    private static int apps;
    private final CapturingLog log = new CapturingLog();
    private final List<String> lines = log.lines();
    private String appName;
    private String clientId;
    private CognitoIdentityProviderClient cognito;

    @Override
    protected void setUp() throws Exception {
        super.setUp();
        appName = "mojo-users-" + ++apps + "-" + System.nanoTime() % 100000;
        Moto moto = Moto.get();
        cognito = moto.client(CognitoIdentityProviderClient.builder());
        String pool = cognito.createUserPool(b -> b.poolName(appName).usernameAttributes(UsernameAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(12).requireUppercase(true).requireLowercase(true)
                        .requireNumbers(true).requireSymbols(true)))).userPool().id();
        clientId = cognito.createUserPoolClient(b -> b.userPoolId(pool).clientName("web").generateSecret(false))
                .userPoolClient().clientId();
        try (SeededDeployment deployment = new SeededDeployment(moto.endpoint(), appName)) {
            deployment.outputsStack(ProductStack.AUTH, Map.of(OutputKey.UserPoolId, pool, OutputKey.UserPoolClientId, clientId));
        }
    }

    @Override
    protected void tearDown() throws Exception {
        cognito.close();
        super.tearDown();
    }

    private Mojo goal(String name, Map<String, Object> parameters) throws Exception {
        Mojo mojo = lookupMojo(name, new File(getBasedir(), "src/test/resources/day-two/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", Moto.get().endpoint().toString());
        setVariableValueToObject(mojo, "appName", appName);
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            setVariableValueToObject(mojo, parameter.getKey(), parameter.getValue());
        }
        mojo.setLog(log);
        return mojo;
    }

    public void testCreateListDeleteAndAnExistingUserFailsWithoutChanges() throws Exception {
        goal("user-create", Map.of("email", "alice@example.com", "password", "Alice-Pass-2024")).execute();
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("INFO Created user alice@example.com (sub ")
                && l.contains("CONFIRMED, email verified")));
        assertFalse(lines.toString(), lines.stream().anyMatch(l -> l.contains("Alice-Pass-2024")));

        try {
            goal("user-create", Map.of("email", "alice@example.com", "password", "Other-Pass-2024")).execute();
            fail("an existing user must fail the goal");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("A user alice@example.com already exists in user pool"));
        }

        try {
            goal("user-create", Map.of("email", "weak@example.com", "password", "weak")).execute();
            fail("a weak password must fail the goal");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("it needs at least 12 characters (has 4), an uppercase letter,"
                    + " a number, a symbol"));
        }

        lines.clear();
        goal("user-list", Map.of()).execute();
        assertTrue(lines.toString(), lines.get(0).startsWith("INFO 1 user(s) in user pool"));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("INFO alice@example.com") && l.contains("CONFIRMED")));

        goal("user-delete", Map.of("email", "alice@example.com")).execute();
        lines.clear();
        goal("user-list", Map.of()).execute();
        assertTrue(lines.toString(), lines.get(0).startsWith("INFO 0 user(s)"));
    }

    public void testBatchModeGeneratesAPasswordThatLogsIn() throws Exception {
        goal("user-create", Map.of("email", "bob@example.com")).execute();
        Matcher generated = Pattern.compile("INFO Generated password \\(shown only now, store it safely\\): (\\S+)")
                .matcher(String.join("\n", lines));
        assertTrue(lines.toString(), generated.find());
        String password = generated.group(1);
        // moto checks passwords on USER_PASSWORD_AUTH (its SRP does not)
        assertNotNull(cognito.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "bob@example.com", "PASSWORD", password))).authenticationResult().idToken());
    }

    public void testUserGoalsOnAnUndeployedAppSayDeployFirst() throws Exception {
        Mojo mojo = goal("user-list", Map.of());
        setVariableValueToObject(mojo, "appName", "not-deployed-here");
        try {
            mojo.execute();
            fail("no outputs, no pool");
        } catch (MojoFailureException e) {
            assertEquals("The deployment 'not-deployed-here' has no output UserPoolId: run mvn openclaw:deploy first"
                    + " (with the same appName and region)", e.getMessage());
        }
    }

    public void testTelegramRegistersAtTheDeployedHttpApiAndReportsTheLastError() throws Exception {
        String endpoint = "https://tg123.execute-api.us-east-1.amazonaws.com";
        AppNames names = new AppNames(appName);
        try (SeededDeployment deployment = new SeededDeployment(Moto.get().endpoint(), appName);
                SsmClient ssm = Moto.get().client(SsmClient.builder());
                TelegramStub telegram = new TelegramStub()) {
            deployment.outputsStack(ProductStack.API, Map.of(OutputKey.HttpApiEndpoint, endpoint));
            ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.BOT_TOKEN_SECRET)).type(ParameterType.SECURE_STRING)
                    .value("42:mojo-token"));
            ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.WEBHOOK_SECRET)).type(ParameterType.SECURE_STRING)
                    .value("mojo-secret"));
            telegram.answer("setWebhook", 200, "{\"ok\":true,\"result\":true}")
                    .answer("getWebhookInfo", 200, "{\"ok\":true,\"result\":{\"url\":\"" + endpoint + "/telegram\","
                            + "\"pending_update_count\":0,\"last_error_date\":1764400000,\"last_error_message\":\"Connection refused\"}}");

            goal("telegram", Map.of("apiUrl", telegram.base().toString())).execute();

            assertEquals("/bot42:mojo-token/setWebhook", telegram.requests().get(0).path());
            assertTrue(telegram.requests().get(0).body(), telegram.requests().get(0).body().contains("\"secret_token\":\"mojo-secret\""));
            assertTrue(lines.toString(), lines.contains("INFO Telegram webhook set and verified: " + endpoint
                    + "/telegram (0 pending update(s))"));
            assertTrue(lines.toString(), lines.contains("WARN Telegram's last delivery error at 2025-11-29T07:06:40Z: Connection refused"));
            assertFalse(lines.toString(), String.join("\n", lines).contains("mojo-token") || String.join("\n", lines).contains("mojo-secret"));
        }
    }
}
