package io.github.serverlessopenclaw.plugin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * User goals against moto's Cognito IDP. The pool and the SRP client are created through the Cognito API,
 * as the Auth stack would create them, because moto's CloudFormation does not model Cognito resources.
 */
@ExtendWith(MotoExtension.class)
class CognitoUsersMotoTest {
    private final Moto moto;
    private CognitoIdentityProviderClient cognito;
    private CognitoUsers users;
    private String clientId;

    CognitoUsersMotoTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeEach
    void pool() {
        cognito = moto.client(CognitoIdentityProviderClient.builder());
        String pool = cognito.createUserPool(b -> b.poolName("users-test")
                .usernameAttributes(UsernameAttributeType.EMAIL).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(10).requireUppercase(true).requireLowercase(true)
                        .requireNumbers(true).requireSymbols(false))))
                .userPool().id();
        clientId = cognito.createUserPoolClient(b -> b.userPoolId(pool).clientName("web").generateSecret(false)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        users = new CognitoUsers(cognito, pool, clientId);
    }

    @AfterEach
    void close() {
        cognito.close();
    }

    private long cognitoWritesSince(int marker) {
        List<Moto.RecordedRequest> all = moto.recordedRequests();
        return all.subList(marker, all.size()).stream()
                .filter(r -> r.operation().matches("SignUp|Admin(Confirm|Create|Update|Delete|Set).*")).count();
    }

    @Test
    void createdUsersAreConfirmedVerifiedAndCanLogIn() {
        CognitoUser created = users.create("alice@example.com", "Alice-Pass-2024");

        assertThat(created.email()).isEqualTo("alice@example.com");
        assertThat(created.status()).isEqualTo("CONFIRMED");
        assertThat(created.sub()).isNotBlank();
        AdminGetUserResponse stored = cognito.adminGetUser(b -> b.userPoolId(users.userPoolId()).username("alice@example.com"));
        assertThat(stored.userAttributes()).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("email_verified");
            assertThat(a.value()).isEqualTo("true");
        });
        // USER_PASSWORD_AUTH checks the password on moto (its SRP does not), so this proves the stored password
        assertThat(cognito.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(java.util.Map.of("USERNAME", "alice@example.com", "PASSWORD", "Alice-Pass-2024")))
                .authenticationResult().idToken()).isNotBlank();
    }

    @Test
    void aWeakPasswordIsRefusedWithTheBrokenRulesBeforeCognitoIsCalled() {
        int marker = moto.recordedRequests().size();
        assertThatThrownBy(() -> users.create("bob@example.com", "weakpass"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The password does not meet the user pool's policy; it needs at least 10 characters"
                        + " (has 8), an uppercase letter, a number. Nothing was created");
        assertThat(cognitoWritesSince(marker)).isZero();
        assertThat(users.find("bob@example.com")).isEmpty();
    }

    @Test
    void anExistingUserIsAClearErrorAndNothingChanges() {
        users.create("carol@example.com", "Carol-Pass-2024");
        int marker = moto.recordedRequests().size();

        assertThatThrownBy(() -> users.create("carol@example.com", "Other-Pass-2024"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("A user carol@example.com already exists in user pool " + users.userPoolId()
                        + "; nothing was changed. Use openclaw:user-list to see the users, or openclaw:user-delete first");
        assertThat(cognitoWritesSince(marker)).isZero();
    }

    @Test
    void listsAndDeletesUsers() {
        users.create("dave@example.com", "Dave-Pass-2024");
        users.create("erin@example.com", "Erin-Pass-2024");

        assertThat(users.list()).extracting(CognitoUser::email).containsExactly("dave@example.com", "erin@example.com");
        assertThat(users.list()).allSatisfy(u -> assertThat(u.status()).isEqualTo("CONFIRMED"));

        assertThat(users.delete("dave@example.com").email()).isEqualTo("dave@example.com");
        assertThat(users.list()).extracting(CognitoUser::email).containsExactly("erin@example.com");
        assertThatThrownBy(() -> users.delete("dave@example.com")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("No user dave@example.com in user pool");
    }

    @Test
    void aMalformedEmailIsRefusedWithTheFix() {
        assertThatThrownBy(() -> users.create("not-an-email", "Good-Pass-2024")).isInstanceOf(ConfigurationException.class)
                .hasMessage("openclaw.email 'not-an-email' is not an email address: pass -Dopenclaw.email=you@example.com");
        assertThatThrownBy(() -> users.create(" ", "Good-Pass-2024"))
                .hasMessage("No email given: pass -Dopenclaw.email=you@example.com");
    }
}
