package io.github.serverlessopenclaw.plugin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.stacks.AuthPool;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * User goals against moto's Cognito IDP, on the pool the product deploys: the real Auth stack's template,
 * created on moto with CloudFormation (admin-only sign-up, email as username, the product's password policy,
 * the SRP-only web client). The project's moto refuses SignUp on such a pool as AWS does
 * (scripts/moto/openclaw_moto/cognito_rules.py).
 */
@ExtendWith(MotoExtension.class)
class CognitoUsersMotoTest {
    @RegisterExtension
    static final AuthPool pool = new AuthPool("users-test");

    private final Moto moto;
    private final CognitoIdentityProviderClient cognito = pool.cognito();
    private final CognitoUsers users = new CognitoUsers(cognito, pool.poolId());

    CognitoUsersMotoTest(Moto moto) {
        this.moto = moto;
    }

    @Test
    void thePoolIsTheProductsAdminOnlyPoolWhereSignUpIsRefused() {
        var described =
                cognito.describeUserPool(b -> b.userPoolId(pool.poolId())).userPool();
        assertThat(described.adminCreateUserConfig().allowAdminCreateUserOnly()).isTrue();
        assertThatThrownBy(() -> cognito.signUp(b ->
                        b.clientId(pool.clientId()).username("self@example.com").password("Self-Pass-2024")))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("SignUp is not permitted for this user pool");
        assertThat(users.find("self@example.com")).isEmpty();
    }

    @Test
    void signingInAsAnUnknownUserLooksLikeAWrongPasswordSoEmailsCannotBeProbed() {
        // the product's client sets PreventUserExistenceErrors; the project's moto answers as AWS does
        assertThatThrownBy(() -> cognito.initiateAuth(b -> b.clientId(pool.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", "nobody@example.com", "PASSWORD", "Any-Pass-2024"))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    private long cognitoWritesSince(int marker) {
        List<Moto.RecordedRequest> all = moto.recordedRequests();
        return all.subList(marker, all.size()).stream()
                .filter(r -> r.operation().matches("SignUp|Admin(Confirm|Create|Update|Delete|Set).*"))
                .count();
    }

    @Test
    void createdUsersAreConfirmedVerifiedAndCanLogIn() {
        int marker = moto.recordedRequests().size();
        CognitoUser created = users.create("alice@example.com", "Alice-Pass-2024");

        assertThat(moto.recordedRequests()
                        .subList(marker, moto.recordedRequests().size()))
                .filteredOn(r -> r.operation().matches("SignUp|Admin(Create|Set).*"))
                .extracting(Moto.RecordedRequest::operation)
                .containsExactly("AdminCreateUser", "AdminSetUserPassword");

        assertThat(created.email()).isEqualTo("alice@example.com");
        assertThat(created.status()).isEqualTo("CONFIRMED");
        assertThat(created.sub()).isNotBlank();
        AdminGetUserResponse stored =
                cognito.adminGetUser(b -> b.userPoolId(users.userPoolId()).username("alice@example.com"));
        assertThat(stored.userAttributes()).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("email_verified");
            assertThat(a.value()).isEqualTo("true");
        });
        // USER_PASSWORD_AUTH checks the password on moto (its SRP does not), so this proves the stored password;
        // MFA is off in the product's pool, so signing in gives tokens and no challenge
        var signIn = cognito.initiateAuth(b -> b.clientId(pool.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "alice@example.com", "PASSWORD", "Alice-Pass-2024")));
        assertThat(signIn.challengeName()).isNull();
        assertThat(signIn.authenticationResult().idToken()).isNotBlank();
    }

    @Test
    void aWeakPasswordIsRefusedWithTheBrokenRulesBeforeCognitoIsCalled() {
        int marker = moto.recordedRequests().size();
        assertThatThrownBy(() -> users.create("bob@example.com", "weakpw"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "The password does not meet the user pool's policy; it needs at least 8 characters"
                                + " (has 6), an uppercase letter, a number, a symbol");
        assertThat(cognitoWritesSince(marker)).isZero();
        assertThat(users.find("bob@example.com")).isEmpty();
    }

    @Test
    void anExistingUserIsAClearErrorAndNothingChanges() {
        users.create("carol@example.com", "Carol-Pass-2024");
        int marker = moto.recordedRequests().size();

        assertThatThrownBy(() -> users.create("carol@example.com", "Other-Pass-2024"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "A user carol@example.com already exists in user pool " + users.userPoolId()
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
        assertThatThrownBy(() -> users.delete("dave@example.com"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("No user dave@example.com in user pool");
    }

    @Test
    void aMalformedEmailIsRefusedWithTheFix() {
        assertThatThrownBy(() -> users.create("not-an-email", "Good-Pass-2024"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "openclaw.email 'not-an-email' is not an email address: pass -Dopenclaw.email=you@example.com");
        assertThatThrownBy(() -> users.create(" ", "Good-Pass-2024"))
                .hasMessage("No email given: pass -Dopenclaw.email=you@example.com");
    }
}
