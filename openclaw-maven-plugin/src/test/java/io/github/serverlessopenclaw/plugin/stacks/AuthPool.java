package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.testing.Moto;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The product's pool on moto for a whole test class: the Auth stack created once ({@link AuthStackOnMoto}), no user
 * in it at the start of each test. Register it as a static field after {@code @ExtendWith(MotoExtension.class)},
 * which wipes moto before the class: {@code @RegisterExtension static final AuthPool pool = new AuthPool("app");}
 */
public final class AuthPool implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final AppNames names;
    private String poolId;
    private String clientId;
    private CognitoIdentityProviderClient cognito;

    public AuthPool(String appName) {
        this.names = new AppNames(appName);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Moto moto = Moto.get();
        Map<String, String> outputs = AuthStackOnMoto.deploy(moto.endpoint(), names);
        poolId = outputs.get(OutputKey.UserPoolId.name());
        clientId = outputs.get(OutputKey.UserPoolClientId.name());
        cognito = moto.client(CognitoIdentityProviderClient.builder());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        AuthStackOnMoto.removeAllUsers(cognito, poolId);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cognito.close();
    }

    public String poolId() {
        return poolId;
    }

    /** The web UI's client (SRP only). */
    public String clientId() {
        return clientId;
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito;
    }
}
