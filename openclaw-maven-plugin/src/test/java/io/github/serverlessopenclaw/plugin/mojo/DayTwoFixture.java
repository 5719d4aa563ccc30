package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.AuthStackOnMoto;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.plugin.Mojo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * What the day-two goal tests share: the product's own Auth stack created on moto once per app (AuthStackOnMoto),
 * whose outputs the goals read, with the rows user-delete reads besides the pool; the pool emptied of users before
 * each test; and the goals as Maven builds them, pointed at moto and the app.
 */
abstract class DayTwoFixture {
    /** The pool and client ids of each app's Auth stack, created once per test run. */
    private static final Map<String, Map<String, String>> DEPLOYED = new ConcurrentHashMap<>();

    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    final CapturingLog log = new CapturingLog();
    final List<String> lines = log.lines();
    /** The app the goals act on: the deployed one, unless a test points them at another. */
    String appName;

    String poolId;
    String clientId;
    CognitoIdentityProviderClient cognito;
    Path passwords;
    private final String deployedApp;

    DayTwoFixture(String app) {
        this.deployedApp = app;
    }

    @BeforeEach
    void deployOnceAndEmptyThePool() throws Exception {
        appName = deployedApp;
        Moto moto = Moto.get();
        cognito = moto.client(CognitoIdentityProviderClient.builder());
        Map<String, String> outputs = DEPLOYED.computeIfAbsent(deployedApp, app -> {
            try {
                Map<String, String> auth = AuthStackOnMoto.deploy(moto.endpoint(), new AppNames(app));
                try (SeededDeployment deployment = new SeededDeployment(moto.endpoint(), app)) {
                    deployment.seedForUsers(); // what user-delete reads besides the pool
                }
                SeededDeployment.restoreTaskTransitions(moto.endpoint());
                return auth;
            } catch (Exception e) {
                throw new IllegalStateException("deploying the Auth stack of " + app + " on moto failed", e);
            }
        });
        poolId = outputs.get(OutputKey.UserPoolId.name());
        clientId = outputs.get(OutputKey.UserPoolClientId.name());
        AuthStackOnMoto.removeAllUsers(cognito, poolId);
        passwords = Files.createTempDirectory("passwords");
    }

    @AfterEach
    void closeClients() {
        cognito.close();
    }

    /** The goal {@code name} against moto and {@link #appName}, with the given parameters, logging into {@link #lines}. */
    Mojo goal(String name, Map<String, Object> parameters) throws Exception {
        Map<String, Object> fields =
                new LinkedHashMap<>(Map.of("endpoint", Moto.get().endpoint().toString(), "appName", appName));
        fields.putAll(parameters);
        Mojo mojo = harness.lookupMojo(name, new File(getBasedir(), "src/test/resources/day-two/pom.xml"), fields);
        mojo.setLog(log);
        return mojo;
    }
}
