package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * $connect with tokens issued by moto's Cognito (real RS256 JWTs, JWKS served by moto). moto's tokens name the
 * real AWS host as issuer while moto serves the JWKS (moto-capabilities §3), so the JWKS URL is overridden.
 */
@ExtendWith(MotoExtension.class)
class CognitoTokenTest {

    @Test
    void idTokenFromMotoCognitoConnectsAndItsAccessTokenDoesNot(Moto moto) {
        try (World world = new World(moto)) {
            var cognito = moto.client(CognitoIdentityProviderClient.builder());
            String poolId = cognito.createUserPool(b -> b.poolName(world.names.appName() + "-users"))
                    .userPool()
                    .id();
            String clientId = cognito.createUserPoolClient(b -> b.userPoolId(poolId)
                            .clientName("spa")
                            .generateSecret(false)
                            .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH))
                    .userPoolClient()
                    .clientId();
            cognito.adminCreateUser(
                    b -> b.userPoolId(poolId).username("alice").messageAction(MessageActionType.SUPPRESS));
            cognito.adminSetUserPassword(b -> b.userPoolId(poolId)
                    .username("alice")
                    .password("Secret-Passw0rd!")
                    .permanent(true));
            var tokens = cognito.initiateAuth(b -> b.clientId(clientId)
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .authParameters(Map.of("USERNAME", "alice", "PASSWORD", "Secret-Passw0rd!")))
                    .authenticationResult();
            world.env.put(Env.USER_POOL_ID, poolId);
            world.env.put(Env.USER_POOL_CLIENT_ID, clientId);
            world.env.put(
                    Env.COGNITO_JWKS_URL,
                    moto.endpoint()
                            .resolve("/" + poolId + "/.well-known/jwks.json")
                            .toString());
            // moto signs with its clock; the handler must see the same time
            world.clock.set(java.time.Instant.now());
            WsConnectHandler handler = new WsConnectHandler(world.services());

            JsonNode rejected = handler.handleRaw(World.connectEvent("conn-access", tokens.accessToken()));
            JsonNode accepted = handler.handleRaw(World.connectEvent("conn-id", tokens.idToken()));

            assertThat(rejected.get("body").asText()).isEqualTo("{\"error\":\"Invalid token\"}");
            assertThat(accepted.get("body").asText()).isEqualTo("Connected");
            String sub = cognito.adminGetUser(b -> b.userPoolId(poolId).username("alice")).userAttributes().stream()
                    .filter(a -> a.name().equals("sub"))
                    .findFirst()
                    .orElseThrow()
                    .value();
            assertThat(world.rows(Table.CONNECTIONS))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("userId").s()).isEqualTo(sub));
        }
    }
}
